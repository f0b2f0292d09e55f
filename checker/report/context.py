"""The lines around each piece of evidence, read back from the letter when a report renders it.

Results carry only the evidence lines themselves (so they stay small across processes and the
cache); a report that shows evidence in context re-reads one letter at a time, so memory stays
bounded by the largest letter.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from checker.read.ingest import read_source


@dataclass(frozen=True)
class ContextLine:
    number: int
    text: str
    evidence: bool


def letter_lines(path: str) -> list[str] | None:
    """The letter's original lines (index 0 is line 1), or None when it cannot be read again."""
    if path == "-":
        return None
    from checker.pipeline import LetterError, decode_source  # the same text the checker read, PDFs included

    try:
        text, _ = decode_source(read_source(path))
    except LetterError:
        return None
    return [line.rstrip("\r") for line in text.split("\n")]


def _squash(text: str) -> str:
    return " ".join(text.split()).casefold()


def evidence_span(lines: list[str], line: int, text: str, reach: int = 4) -> set[int]:
    """The original lines an evidence text covers: its own line, and the nearest non-blank lines
    before and after when the evidence begins at the end of the one before or runs into the next
    (normalization joins sentences and split words across lines)."""
    span = {line}
    wanted = _squash(text)
    if not wanted or not 1 <= line <= len(lines):
        return span
    before = next((n for n in range(line - 1, max(0, line - reach) - 1, -1) if n and lines[n - 1].strip()), None)
    if before is not None:
        previous = _squash(lines[before - 1])
        if any(wanted.startswith(previous[k:]) for k in range(len(previous) - 7) if previous[k - 1 : k] in ("", " ")):
            span.add(before)
    after = next((n for n in range(line + 1, min(len(lines), line + reach) + 1) if lines[n - 1].strip()), None)
    if after is not None:
        following = _squash(lines[after - 1])
        head = following.split(". ")[0]
        if len(head) >= 8 and head in wanted:
            span.add(after)
    return span


def context_blocks(lines: list[str], evidence: Iterable[int], radius: int = 2) -> list[list[ContextLine]]:
    """Runs of lines around the evidence lines; runs that touch are merged. Blank lines are skipped."""
    marked = {n for n in evidence if 1 <= n <= len(lines)}
    wanted = sorted({k for n in marked for k in range(max(1, n - radius), min(len(lines), n + radius) + 1)})
    blocks: list[list[ContextLine]] = []
    previous = None
    for number in wanted:
        if previous is None or number != previous + 1:
            blocks.append([])
        previous = number
        if lines[number - 1].strip() or number in marked:
            blocks[-1].append(ContextLine(number, lines[number - 1], number in marked))
    return [block for block in blocks if block]
