"""Start-up of the `imr-check` command: wall time of --version, --help and one letter, and what
each imports.

    python benchmarks/startup.py [RUNS]

Each figure is the median (and the minimum) of RUNS fresh processes (default 15), with the
letter's report thrown away and the result cache off. "one letter, empty data cache" points
the cache of validated data files at an empty folder for every run, as on the first run after
an install or an edit of the rulebook; the other runs find it warm, as every later run does.
The goal (issue 15) is one letter under 0.3 s; the load average is printed before and after.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LETTER = ROOT / "examples" / "letters" / "004_5bb1afb40656a8b8.txt"
HEAVY = ("pydantic", "typer", "rich", "jsonschema", "yaml", "lark", "pypdfium2", "distributed", "multiprocessing")


def command() -> list[str]:
    script = Path(sys.executable).parent / "imr-check"
    return [str(script)] if script.exists() else [sys.executable, "-m", "checker"]


def timed(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        [*command(), *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False, cwd=ROOT
    )
    return time.perf_counter() - start


def heavy_imports(args: list[str], env: dict[str, str]) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "checker", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        cwd=ROOT,
    )
    loaded = {line.rsplit("|", 1)[-1].strip().split(".")[0] for line in done.stderr.splitlines() if "|" in line}
    return sorted(loaded & set(HEAVY))


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    env = {**os.environ, "IMR_CHECK_NO_CACHE": "1"}
    print("load average before: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    cases = {
        "--version": ["--version"],
        "--help": ["--help"],
        "one letter": ["-j", "1", str(LETTER)],
    }
    timed(cases["one letter"], env)  # warm the data cache and the OS's file cache once
    print(f"| command | median s | min s | heavy imports | ({runs} runs each)")
    print("|---|---:|---:|---|")
    for name, args in cases.items():
        times = [timed(args, env) for _ in range(runs)]
        loaded = ", ".join(heavy_imports(args, env)) or "none"
        print(f"| {name} | {statistics.median(times):.3f} | {min(times):.3f} | {loaded} |")
    empty = []
    for _ in range(runs):
        folder = tempfile.mkdtemp(prefix="imr-data-cache-")
        empty.append(timed(cases["one letter"], {**env, "IMR_CHECK_DATA_CACHE": folder}))
        shutil.rmtree(folder, ignore_errors=True)
    print(f"| one letter, empty data cache | {statistics.median(empty):.3f} | {min(empty):.3f} | |")
    print("load average after: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
