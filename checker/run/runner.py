"""Run the checker over many letters and hand each result to a report format in input order.

One process (`jobs=1`) checks letters in turn. More jobs start a process pool (`pool`) or send
batches to a Dask cluster (`dask_engine`); either way results come back in input order and
render byte for byte as the one-process run does. With a cache (`cache`), a letter whose bytes,
rulebook and tool are unchanged is not checked again.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from checker.model import LetterResult
from checker.pipeline import check_source
from checker.read.ingest import DEFAULT_MAX_BYTES, Source, read_source
from checker.rulebook.book import Rulebook
from checker.run.codec import slim
from checker.run.resultcache import ResultCache

# Below this many letters per worker a pool costs more to start than it saves.
MIN_LETTERS_PER_WORKER = 8


@dataclass(frozen=True)
class LetterChecker:
    """Checks letters by path with one rulebook and an optional cache: what every worker runs."""

    rulebook: Rulebook
    max_bytes: int = DEFAULT_MAX_BYTES
    cache: ResultCache | None = None
    # Return slim results (see resultcodec): what crosses a process boundary.
    slim: bool = False

    def check_path(self, path: str) -> LetterResult:
        return self.check_source(read_source(path, self.max_bytes))

    def check_source(self, source: Source) -> LetterResult:
        cache = self.cache
        if cache is None or source.data is None:
            result = check_source(source, self.rulebook)
        else:
            key = cache.key(source.data)
            cached = cache.get(key, source.path)
            if cached is not None:
                return cached
            result = check_source(source, self.rulebook)
            cache.put(key, result)
        return slim(result) if self.slim else result


def default_jobs() -> int:
    """The CPUs this process may run on."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def check_paths(
    paths: Iterable[str],
    rulebook: Rulebook,
    max_bytes: int = DEFAULT_MAX_BYTES,
    *,
    jobs: int = 1,
    cache: ResultCache | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    batch_size: int | None = None,
) -> Iterator[LetterResult]:
    """Check each letter path; every path yields exactly one result, in input order.

    Worker processes start here, not on the first result, so they fork before a caller starts
    threads of its own (a progress bar).
    """
    checker = LetterChecker(rulebook, max_bytes, cache)
    if engine == "dask":
        from checker.run.dask_engine import check_on_dask

        return check_on_dask(list(paths), checker, jobs, scheduler, batch_size)
    paths = list(paths)
    workers = min(jobs, len(paths) // MIN_LETTERS_PER_WORKER)
    if workers <= 1 or "-" in paths:  # standard input belongs to this process
        return (checker.check_path(path) for path in paths)
    from checker.run.pool import check_in_pool

    return check_in_pool(paths, checker, workers, batch_size)


def batches(items: list[str], workers: int, batch_size: int | None = None) -> Iterator[list[str]]:
    """Slices small enough to keep every worker busy, large enough to keep messages few."""
    size = batch_size or max(1, min(64, len(items) // (workers * 8)))
    for start in range(0, len(items), size):
        yield items[start : start + size]


def in_order(submitted: Iterable[object], window: int, result_of) -> Iterator[LetterResult]:  # type: ignore[no-untyped-def]
    """Results of submitted batches in submission order, with at most `window` batches in flight."""
    from collections import deque

    pending: deque[object] = deque()
    for future in submitted:
        pending.append(future)
        if len(pending) >= window:
            yield from result_of(pending.popleft())
    while pending:
        yield from result_of(pending.popleft())
