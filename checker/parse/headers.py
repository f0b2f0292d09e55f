"""Rejoin item headers that text extraction split across lines, in the standard layout.

Two splits are common: the decision word alone on the line after its treatment
(`Norco 10/325mg #120:` / `Upheld`), and a long treatment wrapped before `: Upheld`
(`Norco 10/325mg` / `#120: Upheld`). Joined lines keep the original number of each part.
"""

from __future__ import annotations

import re

from checker.read.normalize import NormalizedText

_ISSUES = re.compile(r"(?i)^IMR ISSUES,? DECISIONS,? AND RATIONALES")
_BARE_DECISION = re.compile(r"^:?\s*(?:Upheld|UPHELD|Overturned|OVERTURNED)[ .]*$")
_HEADER = re.compile(r"(?i)^(?P<treatment>.{1,300}?):\s*(?:upheld|overturned)[ .]*$")
# Where a wrapped treatment's second line cannot begin a new treatment name.
_CONTINUATION = re.compile(r"^(?:[#(\[%,/&0-9a-z-]|(?i:qty|quantity|x\s?\d)\b)")
# A first line that is unfinished: ends in a comma, an open bracket or a joining word.
_UNFINISHED = re.compile(r"(?:[,(/&+-]|\b(?:and|with|of|in|for))$", re.IGNORECASE)
_LABEL = re.compile(r"(?i)^(?:Claims Administrator guideline|MAXIMUS guideline|Decision rationale)\s*:")
_ENDS_SENTENCE = (".", ":", ";", "?", "!")


def rejoin_headers(text: NormalizedText) -> NormalizedText:
    """`text` with split item headers joined; unchanged (the same object) when none are split."""
    start = next(
        (i + 1 for i, line in enumerate(text.lines) if line[:3].upper() == "IMR" and _ISSUES.match(line)), None
    )
    if start is None:
        return text
    lines = text.lines
    merges = [
        i
        for i in range(start + 1, len(lines))
        if _names_a_decision(lines[i]) and _joins_previous(lines[i - 1], lines[i])
    ]
    return _merge(text, merges) if merges else text


def _names_a_decision(line: str) -> bool:
    """Only a line naming a decision can complete a split header: a cheap test before the rest."""
    low = line.lower()
    return "upheld" in low or "overturned" in low


def _joins_previous(previous: str, line: str) -> bool:
    if _LABEL.match(previous):
        return False
    if _BARE_DECISION.match(line):
        # Only after something that reads as a treatment: a dose, a quantity or a colon.
        return previous.endswith(":") or any(c.isdigit() or c == "#" for c in previous)
    header = _HEADER.match(line)
    if header is None or previous.endswith(_ENDS_SENTENCE) or _HEADER.match(previous):
        return False
    return bool(_CONTINUATION.match(header.group("treatment")) or _UNFINISHED.search(previous))


def _merge(text: NormalizedText, merges: list[int]) -> NormalizedText:
    """Join each line index in `merges` onto the line before it."""
    targets = set(merges)
    lines: list[str] = []
    numbers: list[int] = []
    joins: dict[int, tuple[tuple[int, int], ...]] = {}
    for index, line in enumerate(text.lines):
        fragments = text.joins.get(index, ())
        if index in targets and lines:
            previous = lines[-1]
            bare = _BARE_DECISION.match(line) is not None
            glue = " " if not bare or previous.endswith(":") else ": "
            column = len(previous) + len(glue)
            tail = line.lstrip(": ") if bare else line
            target = len(lines) - 1
            moved = ((column, text.numbers[index]), *((column + c, n) for c, n in fragments))
            joins[target] = (*joins.get(target, ()), *moved)
            lines[-1] = previous + glue + tail
            continue
        if fragments:
            joins[len(lines)] = fragments
        lines.append(line)
        numbers.append(text.numbers[index])
    return NormalizedText(tuple(lines), tuple(numbers), joins)
