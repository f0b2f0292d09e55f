"""Pages of a letter: which page each line is on, and the header and footer lines pages repeat.

Page breaks are form feeds, as PDF text extraction writes them (`imr-check` joins a PDF's pages
with one). A line that recurs at the top or bottom of nearly every page (`IMR Case Number
CM15-0123456`, `Page 2 of 4`) is page furniture, not letter text, even inside a rationale.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, replace

from checker.model import Flag, LetterResult

PAGE_BREAK = "\f"
# How many lines at each end of a page may be header or footer.
_EDGE = 2
_LONGEST_FURNITURE = 120
_DIGITS = re.compile(r"\d+")
# The end of a sentence that began on the line before: lower case at the start, a full stop at the end.
_SENTENCE_TAIL = re.compile(r"^[a-z].*[.!?][\"')]*$")


@dataclass(frozen=True, slots=True)
class PageMap:
    """`starts[i]` is the first original line of page i + 2; page 1 starts at line 1."""

    starts: tuple[int, ...]

    def page_of(self, line: int) -> int:
        return bisect_right(self.starts, line) + 1

    @property
    def pages(self) -> int:
        return len(self.starts) + 1


def page_map(text: str) -> PageMap | None:
    """Where each page starts, or None when the text has no page breaks."""
    if PAGE_BREAK not in text:
        return None
    starts: list[int] = []
    position = text.find(PAGE_BREAK)
    while position >= 0:
        # The page starts on the line of its first visible character after the break.
        first = position + 1
        while first < len(text) and text[first].isspace():
            first += 1
        starts.append(text.count("\n", 0, first) + 1)
        position = text.find(PAGE_BREAK, position + 1)
    return PageMap(tuple(starts))


def _key(line: str) -> str:
    """A line compared across pages: spaces collapsed, and page numbers masked in page lines."""
    key = " ".join(line.split())
    return _DIGITS.sub("#", key) if "page" in key.lower() else key


@dataclass(frozen=True, slots=True)
class PageFurniture:
    """Header and footer lines repeated across pages, to drop from the letter's text."""

    keys: frozenset[str]

    def __contains__(self, line: str) -> bool:
        return bool(self.keys) and _key(line) in self.keys


NO_FURNITURE = PageFurniture(frozenset())


def page_furniture(text: str) -> PageFurniture:
    """Lines at a page's edge that recur on every page after the first (which may carry a
    letterhead instead), and on at least two pages. The tail of a sentence ("medically
    necessary.") is never furniture, wherever it falls: a verdict must not be dropped because
    it happened to end two pages."""
    pages = [page for page in text.split(PAGE_BREAK) if page.strip()]
    if len(pages) < 2:
        return NO_FURNITURE
    edges = []
    for page in pages:
        edges.append({_key(line) for line in _edge_lines(page)})
    counts: Counter[str] = Counter(key for edge in edges for key in edge)
    later = set.intersection(*edges[1:])
    keys = frozenset(
        k for k in later if counts[k] >= 2 and len(k) <= _LONGEST_FURNITURE and not _SENTENCE_TAIL.match(k)
    )
    return PageFurniture(keys)


def _edge_lines(page: str) -> list[str]:
    """The first and the last `_EDGE` lines of `page` that are not blank (the same lines when it
    has fewer), found without looking at the lines between."""
    rows = page.split("\n")
    head: list[str] = []
    for row in rows:
        if row.strip():
            head.append(row)
            if len(head) == _EDGE:
                break
    tail: list[str] = []
    for row in reversed(rows):
        if row.strip():
            tail.append(row)
            if len(tail) == _EDGE:
                break
    return head + tail


def with_pages(result: LetterResult, pages: PageMap) -> LetterResult:
    """`result` with the page of every item header and every piece of flag evidence."""

    def flags(found: tuple[Flag, ...]) -> tuple[Flag, ...]:
        return tuple(
            replace(flag, evidence=tuple(replace(e, page=pages.page_of(e.line)) for e in flag.evidence))
            for flag in found
        )

    items = tuple(
        replace(r, item=replace(r.item, page=pages.page_of(r.item.line)), flags=flags(r.flags)) for r in result.items
    )
    return replace(result, items=items, flags=flags(result.flags))
