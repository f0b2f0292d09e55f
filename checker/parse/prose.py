"""Guideline citations written as prose, as the other layouts write them.

  The Expert Reviewer based his/her decision on the Chronic Pain Medical Treatment Guidelines
  (2009), Muscle relaxants (for pain), pages 63-66, which are part of the MTUS.
  MTUS Chronic Pain Medical Treatment Guidelines (2009), Opioids, pages 74-95.

Each sentence that names a guideline becomes one cited source with its sections and pages, the
same `Citation` the standard layout's `Decision based on ...` lines give.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from checker.model import Citation, CitationSource, PageRange
from checker.parse.citation import split_sections
from checker.parse.sentences import sentence_spans

_TITLE = re.compile(
    r"(?i)(?:the\s+)?(?P<title>(?:California\s+)?(?:MTUS\s+)?(?:ACOEM(?:\s+Practice\s+Guidelines?)?(?:,?\s+2nd\s+Edition)?"
    r"|Official\s+Disability\s+Guidelines(?:\s*\(ODG\))?|ODG"
    r"|Chronic\s+Pain\s+(?:Medical\s+)?Treatment\s+Guidelines?|MTUS(?:\s+Guidelines?)?))"
    r"(?:\s*,?\s*\(?(?:19|20)\d\d\)?)?"
)
_LEAD_IN = re.compile(
    r"(?i)^.*?\b(?:based\s+(?:its|his/her|his|her|their|the)\s+decision\s+on|also\s+cited|cited|relied\s+(?:up)?on"
    r"|referenced|used)\s+"
)
_PART_OF = re.compile(r"(?i),?\s*which\s+(?:is|are)\s+(?P<not>not\s+)?(?:a\s+)?part\s+of\s+the\s+MTUS\.?")
_PAGES = re.compile(
    r"(?i),?\s*\b(?:pages?|pp?\.|Page\(s\))\s*:?\s*(?P<list>\d+(?:\s*-\s*\d+)?(?:\s*(?:,|;|and)\s*\d+(?:\s*-\s*\d+)?)*)"
)
_RANGE = re.compile(r"(\d+)(?:\s*-\s*(\d+))?")
_NONE_CITED = re.compile(r"(?i)\bdid not cite\b|\bno (?:guideline|evidence-based criteria) (?:was|were) cited\b")
_CHAPTER = re.compile(r"(?i)\s+(?:chapter|section)$")


def prose_citation(role: str, text: str, line: int, known_sections: Collection[str] = ()) -> Citation:
    """Parse guideline prose into cited sources; a sentence that names no guideline is skipped."""
    body = " ".join(text.split())
    sources: list[CitationSource] = []
    if not _NONE_CITED.search(body):
        for start, end in sentence_spans(body):
            source = _source(body[start:end], known_sections)
            if source is not None:
                sources.append(source)
    return Citation(
        role="claims_administrator" if role == "claims_administrator" else "reviewer",
        text=body,
        line=line,
        sources=tuple(sources),
    )


def _source(sentence: str, known: Collection[str]) -> CitationSource | None:
    title = _TITLE.search(sentence)
    if title is None:
        return None
    lead = _LEAD_IN.match(sentence)
    if lead is not None and lead.end() <= title.start() + 4:
        sentence = sentence[lead.end() :]
        title = _TITLE.search(sentence)
        assert title is not None
    part_of = _PART_OF.search(sentence)
    name = " ".join(title.group("title").split())
    kind = _kind(name, part_of is not None and part_of.group("not") is not None)
    rest = sentence[title.end() :]
    if part_of is not None:
        rest = _PART_OF.sub("", rest)
    pages: list[PageRange] = []
    for found in _PAGES.finditer(rest):
        for first, last in _RANGE.findall(found.group("list")):
            low, high = int(first), int(last or first)
            pages.append(PageRange(min(low, high), max(low, high)))
    rest = _PAGES.sub("", rest).strip(" ,.;:")
    sections = [_CHAPTER.sub("", s) for s in split_sections(rest, known)] if rest else []
    return CitationSource(kind, name, tuple(s for s in sections if s), tuple(pages))  # type: ignore[arg-type]


def _kind(title: str, not_mtus: bool) -> str:
    upper = title.upper()
    if "ACOEM" in upper:
        return "ACOEM"
    if "ODG" in upper or "OFFICIAL DISABILITY" in upper:
        return "ODG"
    return "other" if not_mtus else "MTUS"
