"""Measure imr-check against its floors on one generated corpus, and how it scales.

    python benchmarks/run.py                          # 1k and 10k letters, 1k PDFs (a few minutes)
    python benchmarks/run.py --sizes 1000,10000,100000 --dask --record

The corpus is benchmarks/make_corpus.py's realistic mode (the published letters' shapes at their
proportions; `--mode examples` for the older one). It prints the measured size of its letters
beside the published letters' (tests/fixtures/real). Then, side by side for the main corpus (the
largest size up to 10,000): reading and decoding every file; one pass of a compiled
case-insensitive keyword regex over the same text; imr-check end to end (files in, JSON Lines
out, no cache) with one process and with `-j 2`; each per core as a share of the regex pass. The
same for PDF letters (the corpus's first `--pdf-letters` letters written as PDF, which needs
fpdf2: `pip install fpdf2`, or the test extra), with extracting the text layer as the floor, and
imr-check on the published PDFs. Then the cost per letter at every size, peak memory (the
resident set of imr-check and its workers together, sampled), the cold time of `imr-check` on one
letter, and with `--dask` the Dask engine with one and two local workers. Wall-clock rates suffer
when other work shares the machine, so CPU-time rates (`cpu/s`) are printed beside them, and the
load average before and after. `--record` appends the run, with a description of the machine,
to benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import make_corpus  # noqa: E402
from checker.read.decode import decode  # noqa: E402
from checker.read.pdf import pdf_text  # noqa: E402
from checker.version import __version__  # noqa: E402

KEYWORDS = re.compile(
    r"\b(?:medically necessary|upheld|overturned|utilization review|certified|opioids?|muscle relaxants?"
    r"|anti-?epilepsy|guidelines?|page\(s\)|decision rationale)\b",
    re.IGNORECASE,
)
PAGE = os.sysconf("SC_PAGE_SIZE")
PUBLISHED = ROOT / "tests" / "fixtures" / "real"
# Corpus options a folder name records, so that a changed option makes a new corpus.
DEFECT_RATE = 0.15


@dataclass
class Timing:
    letters: int
    wall: float
    cpu: float  # user + system seconds of the process and its children
    peak_rss: int = 0  # bytes, the process tree together

    @property
    def rate(self) -> float:
        return self.letters / self.wall

    @property
    def cpu_rate(self) -> float:
        return self.letters / self.cpu if self.cpu else float("nan")


def imr_check() -> str:
    found = shutil.which("imr-check", path=str(Path(sys.executable).parent)) or shutil.which("imr-check")
    if found is None:
        sys.exit("imr-check is not installed in this environment")
    return found


def corpus(work: Path, sizes: list[int], seed: int, mode: str) -> dict[int, Path]:
    """One generated corpus of the largest size; smaller ones are its first letters, hard-linked."""
    largest = max(sizes)
    full = work / f"corpus-{mode}-{largest}-seed{seed}"
    if not (full / "labels.yaml").exists():
        print(f"generating {largest:,} letters in {full} ...", flush=True)
        shutil.rmtree(full, ignore_errors=True)
        make_corpus.make(largest, full, seed, DEFECT_RATE, mode)
    names = sorted(p.name for p in full.glob("*.txt"))
    out = {largest: full}
    for size in sizes:
        if size == largest:
            continue
        folder = work / f"corpus-{mode}-{size}-of-{largest}-seed{seed}"
        if len(list(folder.glob("*.txt"))) != size:
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            for name in names[:size]:
                os.link(full / name, folder / name)
        out[size] = folder
    return out


def pdf_corpus(work: Path, count: int, seed: int) -> Path | None:
    """The corpus's first `count` letters written as PDF; None without fpdf2."""
    folder = work / f"pdf-realistic-{count}-seed{seed}"
    if not (folder / "labels.yaml").exists():
        try:
            import fpdf  # noqa: F401
        except ImportError:
            return None
        print(f"generating {count:,} PDF letters in {folder} ...", flush=True)
        shutil.rmtree(folder, ignore_errors=True)
        make_corpus.make(count, folder, seed, DEFECT_RATE, "realistic", pdf_share=1.0)
    return folder


def published_copies(work: Path, copies: int) -> Path:
    """The published PDFs, each hard-linked `copies` times, so that start-up weighs little."""
    folder = work / f"published-x{copies}"
    sources = sorted(PUBLISHED.glob("*.pdf"))
    if len(list(folder.glob("*.pdf"))) != copies * len(sources):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for copy in range(copies):
            for source in sources:
                target = folder / f"{copy:02d}-{source.name}"
                try:
                    os.link(source, target)
                except OSError:
                    shutil.copyfile(source, target)
    return folder


def letter_sizes(texts: list[str]) -> tuple[float, float, float, float, float]:
    """Mean and median bytes, mean and median lines, mean pages of decoded letters."""
    sizes = [len(t.encode("utf-8")) for t in texts]
    lines = [t.count("\n") + (not t.endswith("\n")) for t in texts]
    pages = [t.count("\f") + 1 for t in texts]
    return (
        statistics.mean(sizes),
        statistics.median(sizes),
        statistics.mean(lines),
        statistics.median(lines),
        statistics.mean(pages),
    )


def describe_sizes(say, folder: Path, pdfs: Path | None) -> None:  # type: ignore[no-untyped-def]
    texts = [decode(p.read_bytes())[0] for p in sorted(folder.glob("*.txt"))]
    published = [pdf_text(p.read_bytes()) for p in sorted(PUBLISHED.glob("*.pdf"))]
    say()
    say("#### Letter size (decoded text)")
    say()
    say("| letters | count | bytes, mean | bytes, median | lines, mean | lines, median | pages, mean |")
    say("|---|---:|---:|---:|---:|---:|---:|")
    rows = [(f"generated ({folder.name})", texts), ("published (tests/fixtures/real, text layer)", published)]
    if pdfs is not None:
        rows.insert(
            1,
            (
                f"generated PDFs ({pdfs.name}), text layer",
                [pdf_text(p.read_bytes()) for p in sorted(pdfs.glob("*.pdf"))],
            ),
        )
    for label, found in rows:
        mean, median, lines, line_median, pages = letter_sizes(found)
        bytes_ = f"{mean:,.0f} | {median:,.0f}"
        say(f"| {label} | {len(found):,} | {bytes_} | {lines:.1f} | {line_median:.0f} | {pages:.2f} |")
    if pdfs is not None:
        files = [p.stat().st_size for p in pdfs.glob("*.pdf")]
        real = [p.stat().st_size for p in PUBLISHED.glob("*.pdf")]
        say(
            f"\nPDF files: generated {statistics.mean(files):,.0f} bytes on average (core fonts, no images); "
            f"published {statistics.mean(real):,.0f} (embedded fonts and a logo)."
        )


def floors(folder: Path, pattern: str = "*.txt") -> tuple[Timing, Timing]:
    """Reading and decoding (a PDF: extracting its text layer) every letter; the keyword regex
    over each decoded text."""
    paths = sorted(folder.glob(pattern))
    start = time.perf_counter()
    cpu = time.process_time()
    regex_wall = regex_cpu = 0.0
    for path in paths:
        with open(path, "rb") as handle:
            data = handle.read()
        text = pdf_text(data) if path.suffix == ".pdf" else decode(data)[0]
        t0, c0 = time.perf_counter(), time.process_time()
        KEYWORDS.findall(text)
        regex_wall += time.perf_counter() - t0
        regex_cpu += time.process_time() - c0
    read = Timing(len(paths), time.perf_counter() - start - regex_wall, time.process_time() - cpu - regex_cpu)
    return read, Timing(len(paths), regex_wall, regex_cpu)


def _tree_rss(root: int) -> int:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                    parent = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(parent, []).append(int(entry))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, ()))
        try:
            with open(f"/proc/{pid}/statm", encoding="ascii") as handle:
                total += int(handle.read().split()[1]) * PAGE
        except (OSError, ValueError, IndexError):
            pass
    return total


def communicate_sampled(process: subprocess.Popen[bytes], interval: float) -> tuple[bytes, bytes, int]:
    """`process.communicate()`, and the peak resident bytes of the process and its children
    together, sampled every `interval` seconds (0 without /proc)."""
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(process.pid))
            done.wait(interval)

    sampler = threading.Thread(target=sample, daemon=True)
    if os.path.isdir("/proc"):
        sampler.start()
    out, err = process.communicate()
    done.set()  # not joined: a wait here would be timed as the run's
    return out, err, peak


def run_cli(args: list[str], letters: int) -> Timing:
    """Run imr-check with its report thrown away; wall time, CPU time, peak resident memory."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    # Without PYTHONDONTWRITEBYTECODE: an installed imr-check runs from bytecode (pip compiles
    # it on install, a checkout writes it on its first run), so every start recompiling every
    # module is not what a user waits for.
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    process = subprocess.Popen([imr_check(), *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, err, peak = communicate_sampled(process, 0.1)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if process.returncode not in (0, 1):
        sys.exit(f"imr-check {' '.join(args)} failed ({process.returncode}):\n{err.decode(errors='replace')}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Timing(letters, wall, cpu, peak)


def machine() -> list[str]:
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            model = next((line.split(":", 1)[1].strip() for line in handle if line.startswith("model name")), model)
    except OSError:
        pass
    memory = os.sysconf("SC_PHYS_PAGES") * PAGE / 2**30
    try:
        commit = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
        ).stdout.strip()
    except OSError:
        commit = ""
    return [
        f"{model}, {os.cpu_count()} CPUs, {memory:.1f} GiB RAM; {platform.system()} {platform.release()}",
        f"Python {platform.python_version()}; imr-check {__version__} ({commit or 'no git'})",
        "load average at start: " + " ".join(f"{x:.2f}" for x in os.getloadavg()),
    ]


def side_by_side(  # type: ignore[no-untyped-def]
    say, folder: Path, size: int, common: list[str], output: str, kind: str = "text"
) -> tuple[Timing, Timing]:
    pattern = "*.pdf" if kind == "pdf" else "*.txt"
    read, regex = floors(folder, pattern)
    args = [*common, "--glob", pattern]
    one = run_cli([*args, "-j", "1", str(folder)], size)
    two = run_cli([*args, "-j", "2", str(folder)], size)
    say()
    what = "generated PDF letters" if kind == "pdf" else "generated letters"
    say(f"#### {size:,} {what}, {output} out, no cache")
    say()
    say("| what | letters/s | cpu/s | per core vs regex (wall) | per core vs regex (cpu) | peak RSS |")
    say("|---|---:|---:|---:|---:|---:|")
    floor = "extract text layer (pypdfium2)" if kind == "pdf" else "read + decode"
    say(f"| {floor} | {read.rate:,.0f} | {read.cpu_rate:,.0f} | | | |")
    say(f"| keyword regex pass | {regex.rate:,.0f} | {regex.cpu_rate:,.0f} | 1.00 | 1.00 | |")
    for label, timing, cores in (("imr-check -j 1", one, 1), ("imr-check -j 2", two, 2)):
        say(
            f"| {label} | {timing.rate:,.0f} | {timing.cpu_rate:,.0f} | {timing.rate / cores / regex.rate:.2f} "
            f"| {timing.cpu_rate / regex.cpu_rate:.2f} | {timing.peak_rss / 2**20:,.0f} MB |"
        )
    say(f"\n-j 2 / -j 1 (wall): {two.rate / one.rate:.2f}x")
    return one, two


def pdf_side(say, pdfs: Path | None, common: list[str], output: str, text_one: Timing) -> None:  # type: ignore[no-untyped-def]
    if pdfs is None:
        say("\nPDF letters: not measured (fpdf2 is not installed: `pip install fpdf2`).")
        return
    count = len(list(pdfs.glob("*.pdf")))
    one, _ = side_by_side(say, pdfs, count, common, output, kind="pdf")
    published = published_copies(pdfs.parent, 8)
    letters = len(list(published.glob("*.pdf")))
    real = run_cli([*common, "--glob", "*.pdf", "-j", "1", str(published)], letters)
    say(
        f"\nPDF / text letters per second, -j 1: {one.rate / text_one.rate:.2f} wall, "
        f"{one.cpu_rate / text_one.cpu_rate:.2f} CPU. The published PDFs ({letters} files, each of the "
        f"{letters // 8} eight times), -j 1: {real.rate:,.0f} letters/s wall, {real.cpu_rate:,.0f} per CPU-second."
    )


def scaling(say, folders: dict[int, Path], common: list[str], known: dict[tuple[int, int], Timing]) -> None:  # type: ignore[no-untyped-def]
    say()
    say("#### Scaling (cost per letter)")
    say()
    say("| letters | jobs | wall s | µs/letter (wall) | µs/letter (cpu) | peak RSS |")
    say("|---:|---:|---:|---:|---:|---:|")
    for size, folder in sorted(folders.items()):
        for jobs in (1, 2):
            if jobs == 1 and size > 10_000:
                continue  # one process on 100k letters shows nothing the 10k run does not
            timing = known.get((size, jobs)) or run_cli([*common, "-j", str(jobs), str(folder)], size)
            say(
                f"| {size:,} | {jobs} | {timing.wall:,.1f} | {1e6 / timing.rate:,.0f} | {1e6 / timing.cpu_rate:,.0f} "
                f"| {timing.peak_rss / 2**20:,.0f} MB |"
            )


def cold_and_dask(say, folder: Path, size: int, common: list[str], dask: bool) -> None:  # type: ignore[no-untyped-def]
    letter = sorted(folder.glob("*.txt"))[0]
    colds = [run_cli(["--no-cache", "-j", "1", str(letter)], 1).wall for _ in range(8)][1:]  # the first writes bytecode
    say()
    say(f"cold `imr-check` on one letter: min {min(colds):.3f} s, median {statistics.median(colds):.3f} s")
    if not dask:
        return
    say()
    say("#### Dask engine (a local cluster on this machine; includes starting it)")
    say()
    say("| workers | letters/s | wall s |")
    say("|---:|---:|---:|")
    for workers in (1, 2):
        timing = run_cli([*common, "--engine", "dask", "-j", str(workers), str(folder)], size)
        say(f"| {workers} | {timing.rate:,.0f} | {timing.wall:,.1f} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="corpus sizes, comma-separated")
    parser.add_argument("--work", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "imr-check-bench")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--mode", default="realistic", choices=make_corpus.MODES, help="how the corpus is generated")
    parser.add_argument("--pdf-letters", type=int, default=1000, help="PDF letters to time (0: none)")
    parser.add_argument("--format", default="jsonl", choices=["jsonl", "json", "sarif"])
    parser.add_argument("--dask", action="store_true", help="also time the Dask engine with 1 and 2 local workers")
    parser.add_argument("--record", action="store_true", help="append the figures to benchmarks/RESULTS.md")
    args = parser.parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(","))
    lines: list[str] = []

    def say(text: str = "") -> None:
        print(text, flush=True)
        lines.append(text)

    for text in machine():
        say(text)
    folders = corpus(args.work, sizes, args.seed, args.mode)
    pdfs = pdf_corpus(args.work, args.pdf_letters, args.seed) if args.pdf_letters and args.mode == "realistic" else None
    main_size = max([s for s in sizes if s <= 10_000] or [min(sizes)])
    common = ["--no-cache", "-f", args.format, "-q"]
    describe_sizes(say, folders[main_size], pdfs)
    one, two = side_by_side(say, folders[main_size], main_size, common, args.format)
    pdf_side(say, pdfs, common, args.format, one)
    scaling(say, folders, common, {(main_size, 1): one, (main_size, 2): two})
    cold_and_dask(say, folders[main_size], main_size, common, args.dask)
    say("\nload average at end: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    if args.record:
        results = ROOT / "benchmarks" / "RESULTS.md"
        stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        with results.open("a", encoding="utf-8") as handle:
            handle.write(f"\n### Run of {stamp}: `python benchmarks/run.py {' '.join(argv or sys.argv[1:])}`\n\n")
            handle.write("\n".join(lines) + "\n")
        print(f"recorded in {results}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
