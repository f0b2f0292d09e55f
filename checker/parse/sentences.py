"""Split running text into sentences, keeping offsets so evidence maps back to lines."""

from __future__ import annotations

import re

from checker.parse.memo import Memo

# A sentence ends at . ! or ? followed by a space and a capital, a quote or a bracket, or at a
# period glued to a capital (`established.The request`, common in extracted letters). The
# pattern starts with the punctuation itself so the regex engine can skip to it; the boundary
# begins one character into the match.
_BOUNDARY = re.compile(r"[.!?](?:[\"\u201d]?\s+(?=[A-Z\"'(\[\u201c])|(?=[A-Z][a-z]))")
# A quotation that closes with its sentence (`... increased activity." The request ...`) stays
# with that sentence.
_CLOSING = ('"', "\u201d")
# Abbreviations after which a period does not end a sentence.
_ABBREVIATIONS = ("Dr.", "Mr.", "Mrs.", "Ms.", "vs.", "e.g.", "i.e.", "No.", "approx.", "St.")


_SPLIT: Memo[str, tuple[tuple[int, int], ...]] = Memo()


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of each sentence in `text`, without surrounding spaces."""
    found = _SPLIT.get(text)
    if found is None:
        found = _SPLIT.put(text, tuple(_split(text)))
    return list(found)


def _split(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.start() + 1
        if text.startswith(_CLOSING, end):
            end += 1
        if text.endswith(_ABBREVIATIONS, 0, end):
            continue
        if text[start:end].strip():
            spans.append(_trim(text, start, end))
        start = match.end()
    if text[start:].strip():
        spans.append(_trim(text, start, len(text)))
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
