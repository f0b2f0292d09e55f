"""The date of a letter's request: which version of a guideline governs it.

The MTUS changed on July 29, 2016 for treatment requested from that day; a letter's citation
names the version it used, but when no citation does, the request date decides. In order of
trust: the request for authorization the case summary dates, the header's UR Denial Date, the
utilization review the summary dates, then the header's Application Received and Date Assigned.
Never the earliest or latest date in the text: histories hold old dates and typos.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date
from itertools import chain

from checker.facts import measures
from checker.model import Letter, Passage
from checker.parse.memo import ascii_lower
from checker.parse.sentences import sentence_spans

_REQUEST = re.compile(
    r"(?i)\b(?:request for authori[sz]ation|RFA|request(?:ed)?|requesting)\b[^.]{0,40}?\b(?:dated|on|of|received)?\s*$"
)
_UR = re.compile(r"(?i)\b(?:utilization review|UR)\b")
_HEADER = (
    ("the header's UR Denial Date", re.compile(r"(?i)\bUR Denial Date:?\s*")),
    ("the header's Application Received date", re.compile(r"(?i)\bApplication\s+Received:?\s*")),
    ("the header's Date Assigned", re.compile(r"(?i)\bDate Assigned:?\s*")),
)


@dataclass(frozen=True)
class RequestDate:
    when: date
    how: str  # where it was read, for `imr-check parse`
    line: int


def request_date(letter: Letter) -> RequestDate | None:
    summary = letter.sections.get("case_summary", Passage(""))
    preamble = letter.sections.get("preamble", Passage(""))
    request, review = _in_summary(summary)
    return request or _in_header(preamble, 0) or review or _in_header(preamble, 1) or _in_header(preamble, 2)


def _in_summary(summary: Passage) -> tuple[RequestDate | None, RequestDate | None]:
    """The first request for authorization the summary dates, and the first utilization review."""
    text = summary.text
    found = measures.each_date(text, skip_injury=True)
    first = next(found, None)
    if first is None:
        return None, None
    spans = sentence_spans(text)
    starts = [a for a, _ in spans]
    # On ASCII text `_REQUEST` can match only where "request" or "rfa" stands, in any case: a
    # date with neither before it need not be tried.
    lower = ascii_lower(text)
    request = review = None
    for when, d_start, _ in chain((first,), found):
        # The sentence holding the date: the last starting at or before it, if it runs past it.
        index = bisect_right(starts, d_start) - 1
        sentence = spans[index] if index >= 0 and d_start < spans[index][1] else (0, len(text))
        window = max(sentence[0], d_start - 60)
        before = text[window:d_start]
        if request is None and _may_name_request(lower, window, d_start) and _REQUEST.search(before):
            request = RequestDate(when, "the request for authorization in the case summary", summary.line_at(d_start))
        if review is None and _UR.search(text[sentence[0] : sentence[1]]):
            review = RequestDate(when, "the utilization review in the case summary", summary.line_at(d_start))
        if request is not None and review is not None:
            break
    return request, review


def _may_name_request(lower: str | None, start: int, end: int) -> bool:
    if lower is None:
        return True
    return lower.find("request", start, end) >= 0 or lower.find("rfa", start, end) >= 0


def _in_header(preamble: Passage, which: int) -> RequestDate | None:
    label, pattern = _HEADER[which]
    for match in pattern.finditer(preamble.text):
        following = measures.dates(preamble.text[match.end() : match.end() + 40])
        if following and following[0][1] <= 12:
            when, offset, _ = following[0]
            return RequestDate(when, label, preamble.line_at(match.end() + offset))
    return None
