"""Start-up of the `imr-check` command: wall time of --version, --help and one letter, and what
each imports.

    python benchmarks/startup.py [RUNS] [--against DIR]

Each figure is the median (and the minimum) of RUNS fresh processes (default 15), with the
letter's report thrown away and the result cache off. "one letter, empty data cache" points
the cache of validated data files at an empty folder for every run, as on the first run after
an install or an edit of the rulebook; the other runs find it warm, as every later run does.
The goal (issue 15) is one letter under 0.3 s; the load average is printed before and after.

With `--against DIR`, another checkout with its own `.venv` (say, main's, made with
`git archive main | tar -x -C DIR` and `python3 -m venv DIR/.venv && DIR/.venv/bin/pip install
-e DIR`) is timed in the same run, its processes alternating with this one's, and each row adds
its figures and the ratio this / other: on a shared machine only such ratios compare.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LETTER = ROOT / "examples" / "letters" / "004_5bb1afb40656a8b8.txt"
HEAVY = ("pydantic", "rich", "jsonschema", "yaml", "lark", "pypdfium2", "distributed", "multiprocessing")
CASES = {"--version": ["--version"], "--help": ["--help"], "one letter": ["-j", "1", str(LETTER)]}


@dataclass(frozen=True)
class Install:
    """A checkout and the Python that runs its `imr-check`."""

    root: Path
    python: Path

    def command(self) -> list[str]:
        script = self.python.parent / "imr-check"
        return [str(script)] if script.exists() else [str(self.python), "-m", "checker"]

    def timed(self, args: list[str], env: dict[str, str]) -> float:
        start = time.perf_counter()
        subprocess.run(
            [*self.command(), *args],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
            check=False,
            cwd=self.root,
        )
        return time.perf_counter() - start

    def heavy_imports(self, args: list[str], env: dict[str, str]) -> list[str]:
        done = subprocess.run(
            [str(self.python), "-X", "importtime", "-m", "checker", *args],
            capture_output=True,
            text=True,
            env=env,
            check=False,
            cwd=self.root,
        )
        loaded = {line.rsplit("|", 1)[-1].strip().split(".")[0] for line in done.stderr.splitlines() if "|" in line}
        return sorted(loaded & set(HEAVY))


def _environment(**settings: str) -> dict[str, str]:
    """This environment for a timed process, without PYTHONDONTWRITEBYTECODE: an installed
    imr-check runs from bytecode (pip compiles it on install, a checkout writes it on its first
    run), so recompiling every module on every start is not what a user waits for."""
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "IMR_CHECK_NO_CACHE": "1", **settings}


def _times(installs: list[Install], args: list[str], runs: int, *, empty_data_cache: bool = False) -> list[list[float]]:
    """RUNS timings of each install, their processes alternating so that both see the same
    machine; with `empty_data_cache`, each process starts with an empty data cache."""
    out: list[list[float]] = [[] for _ in installs]
    for _ in range(runs):
        for series, install in zip(out, installs, strict=True):
            env = _environment()
            if not empty_data_cache:
                series.append(install.timed(args, env))
                continue
            folder = tempfile.mkdtemp(prefix="imr-data-cache-")
            series.append(install.timed(args, {**env, "IMR_CHECK_DATA_CACHE": folder}))
            shutil.rmtree(folder, ignore_errors=True)
    return out


def _row(name: str, times: list[list[float]], loaded: list[str] | None) -> str:
    cells = [name]
    for series in times:
        cells += [f"{statistics.median(series):.3f}", f"{min(series):.3f}"]
    if len(times) == 2:
        cells.append(f"{statistics.median(times[0]) / statistics.median(times[1]):.2f}")
    cells.append("" if loaded is None else ", ".join(loaded) or "none")
    return "| " + " | ".join(cells) + " |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("runs", nargs="?", type=int, default=15)
    parser.add_argument("--against", type=Path, help="another checkout with its own .venv, timed alongside")
    options = parser.parse_args()
    installs = [Install(ROOT, Path(sys.executable))]
    header = ["command", "median s", "min s"]
    if options.against:
        other = options.against.resolve()
        installs.append(Install(other, other / ".venv" / "bin" / "python"))
        header += ["other median s", "other min s", "this / other"]
    header.append("heavy imports (this)")

    print("load average before: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    env = _environment()
    for install in installs:  # warm the data cache, the bytecode and the OS's file cache once
        install.timed(CASES["one letter"], env)
    print("| " + " | ".join(header) + f" | ({options.runs} runs each)")
    print("|---|" + "---:|" * (len(header) - 2) + "---|")
    for name, args in CASES.items():
        times = _times(installs, args, options.runs)
        print(_row(name, times, installs[0].heavy_imports(args, env)))
    empty = _times(installs, CASES["one letter"], options.runs, empty_data_cache=True)
    print(_row("one letter, empty data cache", empty, None))
    print("load average after: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
