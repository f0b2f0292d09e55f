"""Numbers in case facts: pain relief in percent, dates, and how long a drug has been used.

"rated 10/10 without and 7/10 with medication" and "improve his pain from 10/10 to 7/10" are
both 30% relief; "50% reduction in pain" is 50%. "Flexeril since at least 05/2012" against the
request date, "as far back as February 26, 2015", "for the past 6 months" are durations of use.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from checker.facts.concepts import ConceptModel
from checker.parse.phrases import PhraseMatch, trie_pattern

_SCORE = re.compile(r"(?<![\d/.])(\d{1,2}(?:\.\d)?) ?(?:/|out of) ?10(?![\d/])", re.IGNORECASE)
# What may stand between a score and its with/without-medication cue.
_GAP = re.compile(
    r"^[\s,]*(?:(?:at|of|is|was|were|to|a|an|about|around|approximately|best|worst|rated|rates|on|average|"
    r"his|her|their|the|pain|level|score|it|reported|decreases|decreased|drops|down|reduced|"
    r"\([^()]{0,40}\))[\s,]*)*$",
    re.IGNORECASE,
)
_BARE_FOLLOW = re.compile(r"^\s*(?:and\b|[,;.)]|$)", re.IGNORECASE)

_MONTHS = {
    name: index
    for index, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_MONTH_NAME = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE = re.compile(
    rf"\b(?:(?P<mname>{_MONTH_NAME})\.? (?:(?P<mday>\d{{1,2}}),? )?(?P<myear>\d{{4}})"
    r"|(?P<m>\d{1,2})[/-](?P<d>\d{1,2})[/-] ?(?P<y>\d{4}|\d{2})"
    r"|(?P<mm>\d{1,2})/(?P<yy>\d{4}))\b",
    re.IGNORECASE,
)
# The same pattern for lower-case ASCII text: month names as a trie behind a check of the first
# character (a digit or a month's initial), which lets most places in a sentence fail at once.
_DATE_LOWER = re.compile(
    "(?=[0-9"
    + "".join(sorted({m[0] for m in _MONTHS}))
    + "])"
    + _DATE.pattern.replace(_MONTH_NAME, trie_pattern(sorted(_MONTHS)), 1)
)
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a few": 3, "several": 3, "many": 6,
}  # fmt: skip
_UNIT_WEEKS = {"day": 1 / 7, "week": 1.0, "month": 52 / 12, "year": 52.0}
_AMOUNT = re.compile(
    r"\b(?P<n>\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a few|several|many)"
    r"[ -](?P<unit>day|week|month|year)s?\b",
    re.IGNORECASE,
)
# An amount after these words is a limit (the guideline's "less than two weeks"), not a duration.
_LIMIT_BEFORE = re.compile(
    r"(?:less than|fewer than|up to|no more than|not exceed|within|at most|maximum of)\s*$", re.I
)
_AGO_AFTER = re.compile(r"^\s*(?:ago|old)\b", re.IGNORECASE)


class Shown(float):
    """A number with the words a flag shows it in: `30%`, `about 84 weeks, computed from 05/2012
    to the request date (08/06/2015)`, `6 months, as stated`. Compares as the number."""

    shown: str

    def __new__(cls, value: float, shown: str) -> Shown:
        number = super().__new__(cls, value)
        number.shown = shown
        return number


class ShownList(list[str]):
    """Names with the words a flag shows them in (`lumbar` shown as `lumbar spine`)."""

    shown: str

    def __init__(self, items: list[str], shown: str) -> None:
        super().__init__(items)
        self.shown = shown


@dataclass(frozen=True, slots=True)
class Found:
    """A number found in a sentence and where (offsets in the passage)."""

    value: float
    start: int
    end: int


def pain_relief(sentence: str, offset: int, model: ConceptModel) -> list[Found]:
    """Pain relief percentages a case-fact sentence states or implies."""
    found: list[Found] = []
    for pattern in model.pain_relief:
        for match in pattern.finditer(sentence):
            groups = match.groupdict()
            if groups.get("percent"):
                value = float(groups["percent"])
            else:
                before, after = float(groups["before"]), float(groups["after"])
                if before <= 0:
                    continue
                value = (before - after) / before * 100
            if 0 < value <= 100:
                found.append(Found(round(value, 1), offset + match.start(), offset + match.end()))
    pair = _with_without(sentence, model)
    if pair is not None:
        value, start, end = pair
        found.append(Found(value, offset + start, offset + end))
    return found


def _with_without(sentence: str, model: ConceptModel) -> tuple[float, int, int] | None:
    scores = [(float(m.group(1)), m.start(), m.end()) for m in _SCORE.finditer(sentence)]
    if len(scores) < 2:
        return None
    cues = [c for c in model.misc_cues.finditer(sentence) if {"with", "without"} & set(c.label.split("|"))]
    taken: dict[str, tuple[float, int, int]] = {}
    for value, start, end in scores:
        kind = _cue_for(sentence, start, end, cues, scores)
        if kind and kind not in taken:
            taken[kind] = (value, start, end)
    if "with" not in taken or "without" not in taken:
        return None
    with_value, without_value = taken["with"][0], taken["without"][0]
    if without_value <= 0 or with_value > without_value:
        return None
    first = min(taken["with"][1], taken["without"][1])
    last = max(taken["with"][2], taken["without"][2])
    return round((without_value - with_value) / without_value * 100, 1), first, last


def _cue_for(
    sentence: str, start: int, end: int, cues: list[PhraseMatch], scores: list[tuple[float, int, int]]
) -> str | None:
    best: tuple[int, str] | None = None
    for cue in cues:
        kind = "without" if "without" in cue.label.split("|") else "with"
        bare = " " not in cue.text.strip()
        if cue.start >= end:  # cue after the score: "7/10 with medication"
            gap = sentence[end : cue.start]
            if bare and not (gap.strip() == "" and _BARE_FOLLOW.match(sentence[cue.end :])):
                continue
        elif cue.end <= start and not bare:  # cue before: "with medications at 7/10"
            gap = sentence[cue.end : start]
        else:
            continue
        if any(s > min(end, cue.end) and e < max(start, cue.start) for _, s, e in scores):
            continue  # another score stands between them
        if not _GAP.match(gap):
            continue
        if best is None or len(gap) < best[0]:
            best = (len(gap), kind)
    return best[1] if best else None


# A date right after these words is when the injury happened, not when a drug was started.
_INJURY_BEFORE = re.compile(r"(?:injur(?:y|ed)|DOI)\W{0,3}(?:on|of|date|dated|is|was)?\W{0,3}$", re.IGNORECASE)


def dates(text: str, skip_injury: bool = False) -> list[tuple[date, int, int]]:
    """Every date in `text` that makes sense, with its offsets; optionally not injury dates."""
    return list(each_date(text, skip_injury))


def each_date(text: str, skip_injury: bool = False) -> Iterator[tuple[date, int, int]]:
    """`dates`, one at a time, for a reader that stops at the first it needs."""
    # On ASCII text, lower case without IGNORECASE finds the same dates three times as fast.
    matches = _DATE_LOWER.finditer(text.lower()) if text.isascii() else _DATE.finditer(text)
    for match in matches:
        if skip_injury and _INJURY_BEFORE.search(text[max(0, match.start() - 30) : match.start()]):
            continue
        parsed = _to_date(match)
        if parsed is not None:
            yield parsed, match.start(), match.end()


def _to_date(match: re.Match[str]) -> date | None:
    groups = match.groupdict()
    try:
        if groups["mname"]:
            return date(int(groups["myear"]), _MONTHS[groups["mname"].lower()], int(groups["mday"] or 1))
        if groups["m"]:
            year = int(groups["y"])
            year += 2000 if year < 50 else (1900 if year < 100 else 0)
            return date(year, int(groups["m"]), int(groups["d"]))
        return date(int(groups["yy"]), int(groups["mm"]), 1)
    except ValueError:
        return None


_YEAR = re.compile(r"\b(?:19|20)\d\d\b(?![/-]\d)")


def years(text: str) -> list[tuple[date, int, int]]:
    """Bare years ("since 2013") as the first of July, the middle of the year."""
    return [(date(int(m.group()), 7, 1), m.start(), m.end()) for m in _YEAR.finditer(text)]


def amounts_in_weeks(sentence: str, offset: int) -> list[Found]:
    """Durations written as amounts ("for the past 6 months", "four months"), in weeks."""
    found = []
    for match in _AMOUNT.finditer(sentence):
        if _LIMIT_BEFORE.search(sentence[: match.start()]) or _AGO_AFTER.match(sentence[match.end() :]):
            continue
        raw = match.group("n").lower()
        number = _NUMBER_WORDS.get(raw) or float(raw)
        weeks = number * _UNIT_WEEKS[match.group("unit").lower()]
        found.append(Found(round(weeks, 1), offset + match.start(), offset + match.end()))
    return found
