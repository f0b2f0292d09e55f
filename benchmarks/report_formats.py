"""Time and peak memory of each report format, and the cold start of a one-letter run.

Run: python benchmarks/report_formats.py [copies]     (default 2000 letters)

The example letters are copied `copies` times in turn into a temporary folder; each format is
written with `--output` by a fresh `imr-check` process (one worker, no result cache), and the
figures printed: wall time, letters per second, peak resident memory, report size. Formats
that hold their summary back (html, markdown, junit) should stay close to the streaming ones
in memory. The cold start is the median wall time of ten runs on one letter.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "letters"
FORMATS = ("text", "json", "jsonl", "sarif", "junit", "csv", "markdown", "html")

# Runs the command line in this interpreter, then reports the process's peak memory on stderr.
RUNNER = """
import resource, sys
from checker.cli.app import main
try:
    main()
except SystemExit:
    pass
print("maxrss_kib", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""


def run(args: list[str], cwd: Path) -> tuple[float, int]:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", RUNNER, *args], cwd=cwd, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    line = next(line for line in done.stderr.splitlines() if line.startswith("maxrss_kib"))
    return elapsed, int(line.split()[1])


def main() -> None:
    copies = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    sources = sorted(EXAMPLES.glob("*.txt"))
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        letters = work / "letters"
        letters.mkdir()
        for index in range(copies):
            source = sources[index % len(sources)]
            shutil.copy(source, letters / f"{index:06d}_{source.name}")
        common = ["--jobs", "1", "--no-cache", "--quiet", "--fail-on", "never"]

        starts = sorted(run([str(sources[0]), "--no-cache"], work)[0] for _ in range(10))
        print(f"cold start, one letter: median {statistics.median(starts) * 1000:.0f} ms "
              f"(min {starts[0] * 1000:.0f} ms) over 10 runs")  # fmt: skip
        print(f"{copies} letters, one worker, no cache:")
        print(f"  {'format':<9} {'seconds':>8} {'letters/s':>10} {'peak MiB':>9} {'report MiB':>11}")
        for name in FORMATS:
            target = work / f"report.{name}"
            elapsed, maxrss = run([*common, "--format", name, "--output", str(target), "letters"], work)
            size = target.stat().st_size / 2**20
            print(f"  {name:<9} {elapsed:>8.2f} {copies / elapsed:>10.0f} {maxrss / 1024:>9.1f} {size:>11.1f}")


if __name__ == "__main__":
    main()
