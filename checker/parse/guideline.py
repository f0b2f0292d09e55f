"""The guideline's sections from sections.yaml: names, pages, drug classes, and citation checks.

sections.yaml is the one place page ranges live; rules refer to a section by id, and the
citation checks here read pages from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from checker.datafiles.yamlio import DataError, YamlDocument
from checker.model import Citation, PageRange


@dataclass(frozen=True)
class Topic:
    name: str
    pages: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Section:
    id: str
    name: str
    pages: tuple[tuple[int, int], ...]
    drug_classes: frozenset[str]
    topics: tuple[Topic, ...] = ()

    def covers_class(self, drug_class: str) -> bool:
        return drug_class in self.drug_classes or "any" in self.drug_classes

    def holds_page(self, page: PageRange) -> bool:
        return any(first <= page.first and page.last <= last for first, last in self.pages)

    def topic(self, name: str) -> Topic | None:
        return next((t for t in self.topics if t.name.lower() == name.lower()), None)


def pages_text(pages: tuple[tuple[int, int], ...]) -> str:
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in pages)


@dataclass(frozen=True)
class Guideline:
    source: str
    title: str
    version: str
    sections: dict[str, Section]
    by_name: dict[str, str]  # lower-case name or alias -> section id
    by_page: dict[int, tuple[Section, ...]] = field(default_factory=dict)  # page -> sections holding it

    def sections_holding(self, page: PageRange) -> list[Section]:
        return [s for s in self.by_page.get(page.first, ()) if s.holds_page(page)]

    def resolve(self, cited: str) -> Section | None:
        key = " ".join(cited.lower().split())
        section_id = self.by_name.get(key) or self.by_name.get(key.removesuffix(" section"))
        return self.sections.get(section_id) if section_id else None

    def section_for_class(self, drug_class: str) -> Section | None:
        """The main section for a drug class: the one with the most pages that names the class."""
        candidates = [s for s in self.sections.values() if drug_class in s.drug_classes]
        return max(candidates, key=lambda s: sum(b - a + 1 for a, b in s.pages), default=None)

    def class_references(self) -> dict[str, str]:
        """For rules that cite the section of the item's drug class: a reference per class."""
        out = {}
        for drug_class in {c for s in self.sections.values() for c in s.drug_classes}:
            section = self.section_for_class(drug_class)
            if section is not None:
                out[drug_class] = self.reference(section.id)
        return out

    def reference(self, section_id: str, topic: str | None = None) -> str:
        """`MTUS 2009, Opioids (on-going management), p. 78`: how a flag cites the guideline."""
        section = self.sections[section_id]
        pages = section.pages
        label = section.name
        found = section.topic(topic) if topic else None
        if found is not None:
            pages = found.pages
            label = f"{section.name}, {found.name}"
        plural = "pp." if len(pages) > 1 or pages[0][0] != pages[0][1] else "p."
        return f"{self.source} {self.version}, {label}, {plural} {pages_text(pages)}"


def build_guideline(document: YamlDocument) -> Guideline:
    data = document.data
    sections: dict[str, Section] = {}
    by_name: dict[str, str] = {}
    for index, entry in enumerate(data["sections"]):
        where = ("sections", index)
        if entry["id"] in sections:
            raise DataError(document.path, f"duplicate section id {entry['id']!r}", document.line_of(where), "id")
        for number, (first, last) in enumerate(entry["pages"]):
            if first > last:
                field = f"sections[{index}].pages[{number}]"
                line = document.line_of((*where, "pages", number))
                raise DataError(document.path, f"first page {first} is after last page {last}", line, field)
        topics = tuple(Topic(t["name"], tuple(map(tuple, t["pages"]))) for t in entry.get("topics", ()))
        section = Section(
            entry["id"], entry["name"], tuple(map(tuple, entry["pages"])), frozenset(entry["drug_classes"]), topics
        )
        sections[section.id] = section
        for name in (entry["name"], *entry.get("aliases", ())):
            key = " ".join(name.lower().split())
            if key in by_name and by_name[key] != section.id:
                line = document.line_of(where)
                raise DataError(document.path, f"name {name!r} is used by two sections", line, "aliases")
            by_name[key] = section.id
    by_page: dict[int, list[Section]] = {}
    for section in sections.values():
        for first, last in section.pages:
            for page in range(first, last + 1):
                by_page.setdefault(page, []).append(section)
    guideline = data["guideline"]
    return Guideline(
        guideline["source"],
        guideline["title"],
        guideline["version"],
        sections,
        by_name,
        {page: tuple(found) for page, found in by_page.items()},
    )


@dataclass(frozen=True)
class CitationProblem:
    line: int
    text: str
    message: str


def uncovered(citations: tuple[Citation, ...], drug_class: str, guideline: Guideline) -> list[CitationProblem]:
    """Citations of this guideline whose sections and pages all miss the item's drug class."""
    problems = []
    for citation in citations:
        for source in citation.sources:
            if source.source != guideline.source:
                continue
            sections = [s for s in (guideline.resolve(name) for name in source.sections) if s is not None]
            page_sections = [s for p in source.pages for s in guideline.sections_holding(p)]
            if not sections and not page_sections:
                continue  # nothing this rulebook can place: not a mismatch by itself
            if any(s.covers_class(drug_class) for s in (*sections, *page_sections)):
                continue
            cited = ", ".join([*source.sections, *(f"p. {p}" for p in source.pages)])
            problems.append(
                CitationProblem(
                    citation.line, citation.text, f"{_role(citation)} cites {cited}, not a {drug_class} section"
                )
            )
    return problems


def pages_outside(citations: tuple[Citation, ...], guideline: Guideline) -> list[CitationProblem]:
    """Cited pages that lie in none of the sections the same clause names."""
    problems = []
    for citation in citations:
        for source in citation.sources:
            if source.source != guideline.source or not source.sections or not source.pages:
                continue
            sections = [guideline.resolve(name) for name in source.sections]
            if any(s is None for s in sections):
                continue  # a section this rulebook does not know may hold the page
            for page in source.pages:
                if not any(s.holds_page(page) for s in sections if s is not None):
                    named = ", ".join(source.sections)
                    problems.append(
                        CitationProblem(
                            citation.line, citation.text, f"{_role(citation)} cites page {page} outside {named}"
                        )
                    )
    return problems


def _role(citation: Citation) -> str:
    return "the claims administrator" if citation.role == "claims_administrator" else "the reviewer"
