"""What every worker runs, in this process, a pool process or a Dask worker: check letters by path
or by bytes with one rulebook and an optional cache; and how batches are cut and gathered in order.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from checker.model import LetterResult
from checker.pipeline import check_source
from checker.read.ingest import DEFAULT_MAX_BYTES, Source, read_source
from checker.rulebook.book import Rulebook
from checker.run.codec import slim
from checker.run.resultcache import ResultCache


class EngineUnavailable(Exception):
    """The engine the settings ask for cannot run here."""


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
