"""Parse an item's guideline line into cited sources, section names and page numbers."""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import lru_cache

from lark import Token, Tree
from lark.exceptions import LarkError

from checker.model import Citation, CitationSource, PageRange
from checker.parse.grammars import load

_ODG = re.compile(r"(?i)^(?:the )?Official Disability Guidelines(?: \(ODG\))?,?\s*|^ODG,?\s*")
_SECTION_SUFFIX = re.compile(r"(?i)\s+section$")
_LABEL = re.compile(r"(?i)^(?:Claims Administrator|MAXIMUS) guideline:\s*")


def parse_citation(role: str, text: str, line: int, known_sections: Collection[str] = ()) -> Citation:
    """Parse one guideline line; `known_sections` (lower case) keeps `Opioids, criteria for use` whole."""
    body = _LABEL.sub("", " ".join(text.split()))
    known = known_sections if isinstance(known_sections, frozenset) else frozenset(known_sections)
    return Citation(
        role="claims_administrator" if role == "claims_administrator" else "reviewer",
        text=body,
        line=line,
        sources=_sources(body, known),
    )


@lru_cache(maxsize=4096)
def _sources(body: str, known: frozenset[str]) -> tuple[CitationSource, ...]:
    # Letters repeat the same few guideline lines, so each distinct line is parsed once.
    try:
        tree = load("citation.lark").parse(body)
    except LarkError:
        return (CitationSource("other", body),) if body else ()
    return tuple(_source(clause, known) for clause in tree.children if isinstance(clause, Tree))


def _source(clause: Tree[Token], known: Collection[str]) -> CitationSource:
    kind = "other"
    title = ""
    sections: list[str] = []
    pages: list[PageRange] = []
    for part in clause.children:
        if not isinstance(part, Tree):
            continue
        if part.data in ("mtus", "non_mtus", "acoem"):
            kind = {"mtus": "MTUS", "non_mtus": "other", "acoem": "ACOEM"}[str(part.data)]
            title = str(part.children[0]).rstrip(", ")
        elif part.data == "sections":
            text = " ".join(str(t) for t in part.children if isinstance(t, Token) and t.type == "TEXT")
            if kind == "other" and _ODG.match(text):
                kind, title = "ODG", "Official Disability Guidelines"
                text = _ODG.sub("", text)
            sections.extend(split_sections(text, known))
        elif part.data == "pages":
            pages.extend(_pages(part))
    return CitationSource(kind, title, tuple(sections), tuple(pages))  # type: ignore[arg-type]


def _pages(part: Tree[Token]) -> list[PageRange]:
    ranges: list[PageRange] = []
    for page in part.find_data("page"):
        numbers = [int(t) for t in page.children if isinstance(t, Token)]
        first, last = numbers[0], numbers[-1]
        ranges.append(PageRange(min(first, last), max(first, last)))
    return ranges


def split_sections(text: str, known: Collection[str] = ()) -> list[str]:
    """Split `A, B section, C` into names, keeping known names that contain commas whole."""
    pieces = [_SECTION_SUFFIX.sub("", p.strip()) for p in re.split(r"[,;]", text)]
    pieces = [p for p in pieces if p]
    names: list[str] = []
    index = 0
    while index < len(pieces):
        take = 1
        for stop in range(len(pieces), index + 1, -1):
            if ", ".join(pieces[index:stop]).lower() in known:
                take = stop - index
                break
        names.append(", ".join(pieces[index : index + take]))
        index += take
    return names
