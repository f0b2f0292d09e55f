"""Time and memory of a run over hostile letters, and what the limits cost a normal letter.

    python benchmarks/hostile.py
    python benchmarks/hostile.py --engines one,pool    # skip the Dask engine

Builds the attack folder of `tests/hostile` (PDF text and page bombs, a quadratic letter, a
file name that is not UTF-8, formula and escape letters, among the example letters) and prints,
for each attack alone and for the whole folder with each engine: wall-clock seconds, the peak
resident memory of the largest process of the run, and the letter's status. Then the cost of
the guards on ordinary letters: the per-letter timer, and reading a PDF through the helper
process instead of in this process. Never a timed test: CI runs none of this.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.run import communicate_sampled  # noqa: E402
from tests.hostile.attacks import hostile_folder  # noqa: E402

ENGINES = {"one": ["-j", "1"], "pool": ["-j", "2"], "dask": ["--engine", "dask", "-j", "2"]}


def run(args: list[str], cwd: Path) -> tuple[float, float, int, str]:
    """Seconds, peak MB of the run's processes together (sampled), exit status, standard output."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "checker", "--no-cache", *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "IMR_CHECK_NO_CACHE": "1"},
    )
    out, _, peak = communicate_sampled(process, 0.02)
    elapsed = time.perf_counter() - started
    return elapsed, peak / 1e6, process.returncode, out.decode("utf-8", "replace")


def attacks_alone(folder: Path) -> None:
    print("each attack alone (-j 1):")
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if path.name[0].isdigit():
            continue  # the example letters
        seconds, peak, status, out = run(["-j", "1", "-f", "json", path.name], folder)
        letter = json.loads(out)["letters"][0] if out.startswith("{") else {"status": "?", "errors": []}
        why = letter["errors"][0]["message"][:70] if letter["errors"] else f"{len(letter.get('items', []))} items"
        name = os.fsencode(path.name).decode("utf-8", "backslashreplace").encode("ascii", "backslashreplace").decode()
        print(f"  {name[:28]:28} {seconds:6.2f} s {peak:6.0f} MB  exit {status}  {letter['status']}: {why}")


def whole_folder(work: Path, engines: list[str]) -> None:
    print(f"the whole folder ({len(list((work / 'letters').iterdir()))} letters, 2 of them PDF bombs):")
    for engine in engines:
        seconds, peak, status, _ = run([*ENGINES[engine], "-f", "json", "-o", "report.json", "letters"], work)
        report = json.loads((work / "report.json").read_text(encoding="utf-8"))
        summary = report["summary"]
        print(
            f"  {engine:5} {seconds:6.2f} s, peak {peak:6.0f} MB, exit {status}: "
            f"{summary['letters']} letters, {summary['errors']} errors, {summary['flags']} flags"
        )


def guard_costs() -> None:
    from checker.read.pdf import pdf_text
    from checker.run.limits import Limits, time_limit
    from checker.run.pdfhelper import PdfHelper
    from tests.pdfs import letter_pdf
    from tests.support import EXAMPLES

    rounds = 20_000
    started = time.perf_counter()
    for _ in range(rounds):
        with time_limit(30):
            pass
    timer = (time.perf_counter() - started) / rounds * 1e6
    data = letter_pdf((EXAMPLES / "004_5bb1afb40656a8b8.txt").read_text(encoding="utf-8"))
    rounds = 50
    started = time.perf_counter()
    for _ in range(rounds):
        pdf_text(data)
    direct = (time.perf_counter() - started) / rounds * 1e3
    helper = PdfHelper(Limits())
    helper(data)  # started once per run
    started = time.perf_counter()
    for _ in range(rounds):
        helper(data)
    through = (time.perf_counter() - started) / rounds * 1e3
    helper.close()
    print("what the guards cost an ordinary letter:")
    print(f"  the per-letter timer: {timer:.1f} µs a letter")
    print(f"  a PDF letter's text: {direct:.2f} ms in this process, {through:.2f} ms through the helper process")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--engines", default="one,pool,dask")
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()}")
    with tempfile.TemporaryDirectory(prefix="imr-hostile-") as folder:
        work = Path(folder)
        hostile_folder(work / "letters")
        attacks_alone(work / "letters")
        whole_folder(work, args.engines.split(","))
    guard_costs()
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
