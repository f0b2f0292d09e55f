"""Therapy visits as a letter states them: how many the item requests, how many are done.

Requested, from the item header: "Twelve physical therapy sessions" (12), "two ... sessions ... and
eight ... sessions" (10), "2-3 times a week for 6 weeks" (12 to 18), "1 to 2 times per week for 4
weeks" (4 to 8), "Electrical stimulation 1 times 8" (8), "times 12" (12), "#2" (2). A range keeps
both ends; rules read the low end, so a flag never rests on the reviewer's least generous reading.

Completed, from case facts: "completed twelve (12) physical therapy sessions", "8 prior therapy
sessions", "completed 6 of 6 visits", "had at least 6 sessions". A count of visits authorised is
not a count of visits done.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14, "sixteen": 16, "eighteen": 18, "twenty": 20,
    "twenty-four": 24, "thirty": 30,
}  # fmt: skip
_N = r"(?:\d{1,3}|" + "|".join(sorted(_WORDS, key=len, reverse=True)) + ")"
_UNITS = r"(?:sessions?|visits?|treatments?)"
_COUNT = re.compile(rf"(?i)\b(?P<a>{_N})(?:\s*(?:-|to)\s*(?P<b>{_N}))?\s+(?:[a-z/()-]+\s+){{0,4}}?{_UNITS}\b")
_FREQUENCY = re.compile(
    rf"(?i)\b(?P<fa>{_N})(?:\s*(?:-|to)\s*(?P<fb>{_N}))?\s*(?:x|times)\s*(?:a|per|/)?\s*(?:week|weekly|wk)\s*"
    rf"(?:for|over|x|times)?\s*(?P<da>{_N})(?:\s*(?:-|to)\s*(?P<db>{_N}))?\s*(?:weeks?|wks?)\b"
)
_TIMES = re.compile(rf"(?i)\b(?P<a>{_N})\s+times\s+(?P<b>\d{{1,2}})\b(?!\s*(?:a|per)\s+week)")
_TIMES_ALONE = re.compile(r"(?i)\btimes\s+(?P<a>\d{1,2})\b(?!\s*(?:weeks?|days?|months?))")
_HASH = re.compile(r"#\s*(?P<a>\d{1,3})\b")
_DONE = (
    re.compile(
        rf"(?i)\b(?:completed|attended|undergone|underwent|had|received|finished)\s+(?:a total of\s+|at least\s+)?"
        rf"(?P<a>{_N})(?:\s*\(\d+\))?\s+(?:prior\s+|previous\s+)?(?:[a-z/]+\s+){{0,3}}?{_UNITS}\b"
    ),
    re.compile(rf"(?i)\b(?P<a>{_N})\s+(?:prior|previous|completed)\s+(?:[a-z/]+\s+){{0,2}}?{_UNITS}\b"),
    re.compile(rf"(?i)\bcompleted\s+(?P<a>{_N})\s+of\s+{_N}\s+{_UNITS}\b"),
)
THERAPY_TYPES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("acupuncture", re.compile(r"(?i)\bacupuncture\b")),
    ("chiropractic", re.compile(r"(?i)\b(?:chiropractic|chiro|chiropractor|manipulation|manual therapy)\b")),
    (
        "physical_therapy",
        re.compile(
            r"(?i)\b(?:physical therapy|PT|PT/OT|occupational therapy|OT|physical medicine|therapeutic exercises?|"
            r"physiotherapy)\b(?!/PTT)"
        ),
    ),
)


@dataclass(frozen=True)
class Count:
    low: float
    high: float


def _number(text: str | None) -> float | None:
    if text is None:
        return None
    text = text.lower()
    return float(_WORDS[text]) if text in _WORDS else float(text)


def therapy_type(treatment: str) -> str | None:
    """acupuncture, chiropractic or physical_therapy: what visit series a therapy item is."""
    return next((name for name, pattern in THERAPY_TYPES if pattern.search(treatment)), None)


def requested(treatment: str) -> Count | None:
    """The visits an item header requests; None when it states no number."""
    counts = list(_COUNT.finditer(treatment))
    if counts:
        low = sum(_number(m.group("a")) or 0 for m in counts)
        high = sum(_number(m.group("b")) or _number(m.group("a")) or 0 for m in counts)
        return Count(low, high)
    frequency = _FREQUENCY.search(treatment)
    if frequency is not None:
        fa, da = _number(frequency.group("fa")) or 0, _number(frequency.group("da")) or 0
        fb = _number(frequency.group("fb")) or fa
        db = _number(frequency.group("db")) or da
        return Count(fa * da, fb * db)
    times = _TIMES.search(treatment)
    if times is not None:
        value = (_number(times.group("a")) or 0) * (_number(times.group("b")) or 0)
        return Count(value, value)
    for pattern in (_TIMES_ALONE, _HASH):
        found = pattern.search(treatment)
        if found is not None:
            value = _number(found.group("a")) or 0
            return Count(value, value)
    return None


def completed(sentence: str, kind: str | None) -> list[tuple[float, int, int]]:
    """Counts of visits done that a case-fact sentence states, with their offsets; a sentence
    naming another kind of therapy than `kind` says nothing about this one."""
    named = {name for name, pattern in THERAPY_TYPES if pattern.search(sentence)}
    if kind is not None and named and kind not in named:
        return []
    found = []
    for pattern in _DONE:
        for match in pattern.finditer(sentence):
            value = _number(match.group("a"))
            if value:
                found.append((value, match.start(), match.end()))
    return found
