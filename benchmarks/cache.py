"""What the result cache costs on a cold run and saves on a warm one, side by side in one run.

    python benchmarks/cache.py                 # 3,000 generated letters, -j 1 and -j 2, 3 rounds
    python benchmarks/cache.py --letters 5000 --rounds 5

Each round runs, one after the other, `imr-check --no-cache`, a run with an empty cache folder
(cold: every letter checked and written) and a second run on that folder (warm: every letter
read back), for each `-j`. Runs alternate so that other work on the machine falls on all of
them alike; the medians and the cold / no-cache ratio are printed for wall-clock time and for
CPU time (user + system of the run's processes, which other work on the machine disturbs
less), with the load average before and after. The corpus comes from `benchmarks/make_corpus.py`.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import make_corpus  # noqa: E402


def timed(command: list[str], environment: dict[str, str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system, the run's processes together) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=environment, check=False)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        sys.exit(f"{' '.join(command)} failed: {done.stderr.decode(errors='replace')}")
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def in_process(corpus: Path, letters: int, rounds: int) -> None:
    """Checking letters, and keying, looking up and writing their entries, timed in this process."""
    from checker.pipeline import check_source
    from checker.read.ingest import read_source
    from checker.rulebook.book import default_rulebook
    from checker.run.resultcache import ResultCache, fingerprint

    rulebook = default_rulebook()
    sources = [read_source(str(p)) for p in sorted(corpus.glob("*.txt"))[:letters]]
    ratios, lookups = [], []
    for round_number in range(rounds):
        started = time.perf_counter()
        results = [check_source(source, rulebook) for source in sources]
        checking = time.perf_counter() - started
        with tempfile.TemporaryDirectory() as folder:
            cache = ResultCache(folder, fingerprint(rulebook) + str(round_number))
            cache.prepare()
            cache._empty = False  # look every letter up, as a run on a cache of other letters does
            started = time.perf_counter()
            keys = [cache.key(source.data or b"", source.path) for source in sources]
            for key, source in zip(keys, sources, strict=True):
                cache.get(key, source.path)
            looking = time.perf_counter() - started
            started = time.perf_counter()
            for key, result in zip(keys, results, strict=True):
                cache.put(key, result)
            cache.close()
            writing = time.perf_counter() - started
        ratios.append(writing / checking)
        lookups.append(looking / checking)
    per_letter = checking / len(sources) * 1e6
    print(
        f"in one process, {len(sources):,} letters ({per_letter:,.0f} µs each to check): writing an entry costs "
        f"{statistics.median(ratios):.1%} of checking the letter (rounds: {', '.join(f'{r:.1%}' for r in ratios)}); "
        f"keying and looking it up {statistics.median(lookups):.1%}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--letters", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--jobs", default="1,2")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    executable = shutil.which("imr-check", path=str(Path(sys.executable).parent)) or "imr-check"
    with tempfile.TemporaryDirectory(prefix="imr-cache-bench-") as work:
        corpus = Path(work) / "letters"
        make_corpus.make(args.letters, corpus, args.seed, 0.4)
        environment = {**os.environ, "XDG_CACHE_HOME": str(Path(work) / "user-cache")}
        environment.pop("IMR_CHECK_NO_CACHE", None)
        # One run first, so start-up caches (the validated data files) are warm for every figure.
        timed([executable, "-q", "-f", "jsonl", "--no-cache", str(corpus)], environment)
        print(f"{args.letters:,} letters, {args.rounds} rounds; load average before: {os.getloadavg()}")
        for jobs in args.jobs.split(","):
            figures: dict[str, list[tuple[float, float]]] = {"no cache": [], "cold": [], "warm": []}
            for round_number in range(args.rounds):
                cache = Path(work) / f"cache-{jobs}-{round_number}"
                base = [executable, "-q", "-f", "jsonl", "-j", jobs]
                figures["no cache"].append(timed([*base, "--no-cache", str(corpus)], environment))
                figures["cold"].append(timed([*base, "--cache-dir", str(cache), str(corpus)], environment))
                figures["warm"].append(timed([*base, "--cache-dir", str(cache), str(corpus)], environment))
            for kind, which in (("wall", 0), ("cpu", 1)):
                medians = {name: statistics.median(v[which] for v in values) for name, values in figures.items()}
                rates = ", ".join(f"{name} {args.letters / value:,.0f}" for name, value in medians.items())
                ratios = [c[which] / p[which] for c, p in zip(figures["cold"], figures["no cache"], strict=True)]
                print(
                    f"-j {jobs} {kind:4}: letters/s {rates}; cold / no cache = "
                    f"{medians['cold'] / medians['no cache']:.3f} (rounds: {', '.join(f'{r:.3f}' for r in ratios)}); "
                    f"warm / no cache = {medians['warm'] / medians['no cache']:.3f}"
                )
        in_process(corpus, min(args.letters, 1000), args.rounds)
        print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
