"""Run the checker over many letters and hand each result to a report format in input order."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from .ingest import DEFAULT_MAX_BYTES, read_source
from .model import LetterResult
from .pipeline import check_source
from .rulebook import Rulebook


def check_paths(paths: Iterable[str], rulebook: Rulebook, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[LetterResult]:
    """Check each letter path in turn; every path yields exactly one result."""
    for path in paths:
        yield check_source(read_source(path, max_bytes), rulebook)
