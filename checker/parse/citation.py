"""Parse an item's guideline paragraph into the documents it cites, their sections and pages.

grammar/citation.lark reads the paragraph's sentences: no evidence cited, a decision outside the
MTUS, `Decision based on MTUS <document> <year>, Section(s): ...` (several documents joined by
`, and `), `Decision based on Non-MTUS Citation <free text>`, and the older `... Page(s): 74-96`
form. Here each reference becomes a `CitationSource`; which guideline a document is (and which
rulebook judges it) is decided later, from the guideline index.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import lru_cache

from lark import Token, Tree
from lark.exceptions import LarkError

from checker.model import Citation, CitationSource, PageRange
from checker.parse.grammars import phrase_parser

_SECTION_SUFFIX = re.compile(r"(?i)\s+section$")
_LABEL = re.compile(r"(?i)^(?:Claims Administrator|MAXIMUS) guideline:\s*")
_YEAR = re.compile(r",?\s*\(?((?:19|20)\d\d)\)?$")
# A numbered section title of the 2016 Opioid Treatment guideline: `3.3.9 Opioids for ...`.
_NUMBERED = re.compile(r"^\d+(?:\.\d+)*\.?\s+\S")
_BARE_NUMBER = re.compile(r"^\d{1,4}$")
# Guideline families named inside a Non-MTUS citation's free text.
_FREE_TITLES = re.compile(
    r"(?P<odg>\bOfficial Disability Guidelines\b(?:\s*\(ODG\))?|\bODG\b)"
    r"|(?P<acoem>\bAmerican College of Occupational and Environmental Medicine\b(?:\s*\(ACOEM\))?|\bACOEM\b)"
    r"|(?P<other>\b(?:and\s+)?Other Medical Treatment Guidelines\b)"
)
_PIECE_TRIM = " ,.;:-/"
_FILLER = re.compile(r"(?i)^(?:(?:guidelines?|and|the)\s*)+$")


def parse_citation(role: str, text: str, line: int, known_sections: Collection[str] = ()) -> Citation:
    """Parse one guideline paragraph; `known_sections` (lower case) keeps `TENS, chronic pain (...)` whole."""
    body = _LABEL.sub("", " ".join(text.replace("\f", " ").split()))
    known = known_sections if isinstance(known_sections, frozenset) else frozenset(known_sections)
    sources, no_evidence, outside = _read(body, known)
    return Citation(
        role="claims_administrator" if role == "claims_administrator" else "reviewer",
        text=body,
        line=line,
        sources=sources,
        no_evidence=no_evidence,
        outside_mtus=outside,
    )


@lru_cache(maxsize=4096)
def _read(body: str, known: frozenset[str]) -> tuple[tuple[CitationSource, ...], bool, bool]:
    # Letters repeat the same few guideline paragraphs, so each distinct one is parsed once.
    try:
        tree = phrase_parser("citation.lark").parse(body)
    except LarkError:
        return ((CitationSource("other", body),) if body else ()), False, False
    sources: list[CitationSource] = []
    no_evidence = outside = False
    for sentence in tree.children:
        if not isinstance(sentence, Tree):
            continue
        kind = str(sentence.data)
        if kind == "none_cited":
            no_evidence = True
        elif kind == "outside":
            outside = True
        elif kind == "mtus":
            sources.extend(_reference(ref, known) for ref in sentence.find_data("reference"))
        elif kind == "acoem":
            sources.append(_acoem(sentence, known))
        else:  # non_mtus, odg: free text naming one or more guidelines
            sources.extend(free_text_sources(_text(sentence, "FREE_TEXT"), kind == "odg"))
    return tuple(sources), no_evidence, outside


def _text(tree: Tree[Token], kind: str) -> str:
    return " ".join(str(t) for t in tree.children if isinstance(t, Token) and t.type == kind).strip()


def _reference(ref: Tree[Token], known: frozenset[str]) -> CitationSource:
    document = _text(ref, "DOCUMENT")
    year_match = _YEAR.search(document)
    year = year_match.group(1) if year_match else None
    title = document[: year_match.start()].strip(" ,") if year_match else document
    sections, pages = _sections_and_pages(_text(ref, "SECTION_TEXT"), known)
    pages += _pages(ref)
    return CitationSource("MTUS", title, tuple(sections), tuple(pages), year)


def _acoem(sentence: Tree[Token], known: frozenset[str]) -> CitationSource:
    title = _text(sentence, "ACOEM_TITLE").strip(" ,")
    year_match = re.search(r"\b((?:19|20)\d\d)\b", title)
    sections, pages = _sections_and_pages(_text(sentence, "SECTION_TEXT"), known)
    return CitationSource(
        "ACOEM", title, tuple(sections), tuple(pages + _pages(sentence)), year_match.group(1) if year_match else None
    )


def _sections_and_pages(text: str, known: frozenset[str]) -> tuple[list[str], list[PageRange]]:
    """Section names of a list; a bare number in it (`Section(s): 326, Diagnostic Criteria`) is a page."""
    sections: list[str] = []
    pages: list[PageRange] = []
    for name in _join_numbered(split_sections(text, known)):
        if _BARE_NUMBER.match(name):
            pages.append(PageRange(int(name), int(name)))
        else:
            sections.append(name)
    return sections, pages


def _join_numbered(names: list[str]) -> list[str]:
    """In a list of numbered titles, a piece without a number continues the title before it:
    `3.3.1.2 ...: Screening for Risk of Addiction or Adverse Events, Prior to Chronic Opioid
    Treatment: Screening for Alcohol Misuse/Abuse` is one section."""
    if not names or not _NUMBERED.match(names[0]):
        return names
    joined: list[str] = []
    for name in names:
        if joined and not _NUMBERED.match(name) and not _BARE_NUMBER.match(name):
            joined[-1] = f"{joined[-1]}, {name}"
        else:
            joined.append(name)
    return joined


def _pages(tree: Tree[Token]) -> list[PageRange]:
    ranges: list[PageRange] = []
    for page in tree.find_data("page"):
        numbers = [int(t) for t in page.children if isinstance(t, Token) and t.type == "NUMBER"]
        first, last = numbers[0], numbers[-1]
        ranges.append(PageRange(min(first, last), max(first, last)))
    return ranges


def free_text_sources(text: str, odg_title: bool = False) -> list[CitationSource]:
    """The guidelines a free-text citation names: the ODG (with its chapter and topic pieces), a
    later ACOEM chapter, and any other source by its own words. Text that names no known family
    (`Low Back (Hyperstimulation analgesia)`) is one `other` source."""
    text = text.strip().rstrip(".").strip()
    if odg_title:
        text = f"Official Disability Guidelines {text}"
    found = list(_FREE_TITLES.finditer(text))
    if not found:
        return [CitationSource("other", text)] if text else []
    sources: dict[str, tuple[str, list[str]]] = {}
    others: list[str] = []
    # Each family's text runs from its name to the next family's name.
    for index, match in enumerate(found):
        end = found[index + 1].start() if index + 1 < len(found) else len(text)
        family = match.lastgroup or "other"
        rest = text[match.end() : end]
        if family == "other":
            others.append(rest.strip(_PIECE_TRIM))
            continue
        title = "Official Disability Guidelines" if family == "odg" else match.group().strip()
        pieces = _pieces(rest)
        if index == 0 and match.start() > 0:  # `Neck and Upper Back, Physical Therapy, ODG Preface ...`
            pieces = _pieces(text[: match.start()]) + pieces
        held = sources.setdefault(family, (title, []))
        held[1].extend(p for p in pieces if p not in held[1])
    out = [
        CitationSource("ODG" if family == "odg" else "ACOEM", title, tuple(pieces))
        for family, (title, pieces) in sources.items()
    ]
    out.extend(CitationSource("other", other) for other in others if other)
    return out


def _pieces(text: str) -> list[str]:
    """The comma- and semicolon-separated pieces of a free-text citation, trimmed."""
    pieces = [_SECTION_SUFFIX.sub("", p.strip(_PIECE_TRIM)) for p in re.split(r"[,;]", text)]
    return [p for p in pieces if p and not _FILLER.match(p)]


def _known_key(name: str) -> str:
    """A name as the known-section set holds it: lower case, `&` as `and`, single spaces."""
    return " ".join(name.lower().replace("&", " and ").split())


def split_sections(text: str, known: Collection[str] = ()) -> list[str]:
    """Split `A, B section, C` into names, keeping known names that contain commas whole.

    A known name spans at most as many pieces as the longest one has, so each piece is tried
    against that many joins at most: linear in the length of the line, however many commas.
    """
    pieces = [_SECTION_SUFFIX.sub("", p.strip()) for p in re.split(r"[,;]", text)]
    pieces = [p for p in pieces if p]
    widest = _widest(known)
    names: list[str] = []
    index = 0
    while index < len(pieces):
        take = 1
        for stop in range(min(len(pieces), index + widest), index + 1, -1):
            if _known_key(", ".join(pieces[index:stop])) in known:
                take = stop - index
                break
        names.append(", ".join(pieces[index : index + take]))
        index += take
    return names


def _widest(known: Collection[str]) -> int:
    """How many comma-separated pieces the longest known name has."""
    if isinstance(known, frozenset):
        return _widest_cached(known)
    return max((len(re.split(r"[,;]", name)) for name in known), default=1)


@lru_cache(maxsize=64)
def _widest_cached(known: frozenset[str]) -> int:
    return max((len(re.split(r"[,;]", name)) for name in known), default=1)
