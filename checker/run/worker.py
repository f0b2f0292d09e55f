"""What every worker runs, in this process, a pool process or a Dask worker: check letters by path
or by bytes with one rulebook, an optional cache and the limits of one letter; and how batches
are cut and gathered in order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from checker.model import LetterResult, Problem
from checker.pipeline import OUT_OF_MEMORY, check_source
from checker.read.ingest import DEFAULT_MAX_BYTES, Source, read_source
from checker.read.pdf import pdf_text
from checker.rulebook.book import Rulebook
from checker.run.codec import slim
from checker.run.limits import LetterTimeout, Limits, time_limit
from checker.run.resultcache import ResultCache


class EngineUnavailable(Exception):
    """The engine the settings ask for cannot run here."""


@dataclass(frozen=True)
class LetterChecker:
    """Checks letters by path with one rulebook and an optional cache: what every worker runs."""

    rulebook: Rulebook
    max_bytes: int = DEFAULT_MAX_BYTES
    cache: ResultCache | None = None
    # Return slim results (see codec): what crosses a process boundary.
    slim: bool = False
    limits: Limits = field(default_factory=Limits)
    # How a PDF's text is extracted: here, or in a helper process that can be stopped.
    read_pdf: Callable[[bytes], str] = pdf_text

    def check_path(self, path: str) -> LetterResult:
        return self.check_source(read_source(path, self.max_bytes))

    def check_source(self, source: Source) -> LetterResult:
        cache = self.cache
        key = None
        if cache is not None and source.data is not None:
            key = cache.key(source.data, source.path)
            cached = cache.get(key, source.path)
            if cached is not None:
                return cached
        try:
            with time_limit(self.limits.seconds):
                result = check_source(source, self.rulebook, self.read_pdf)
        except LetterTimeout:
            # How long a letter takes depends on the machine: such an error is never cached.
            return LetterResult(source.path, "error", errors=(Problem(self.limits.timeout_message()),))
        if key is not None and cache is not None and not self._hit_a_limit(result):
            cache.put(key, result)
        return slim(result) if self.slim else result

    def _hit_a_limit(self, result: LetterResult) -> bool:
        """Whether the result is an error from a limit: it depends on the machine, so it is not cached."""
        if result.status != "error":
            return False
        marks = (OUT_OF_MEMORY, self.limits.timeout_message(), self.limits.memory_message(), "memory limit")
        return any(mark in problem.message for problem in result.errors for mark in marks)


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
