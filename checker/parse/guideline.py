"""A guideline's sections (sections.yaml): names, places, what they cover, and citation checks.

sections.yaml is the one place a guideline's structure lives: section names and the names letters
cite them by, pages where the guideline has pages (else a section number or a chapter), the drug
classes and item kinds each section covers, the body regions of each chapter, and what a section
says is not recommended. Rules refer to a section by id; the citation checks read the rest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from checker.datafiles.yamlio import DataError, YamlDocument
from checker.model import PageRange
from checker.parse.phrases import PhraseSet


@dataclass(frozen=True)
class Topic:
    name: str
    pages: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class NotRecommended:
    """A treatment a section says is not recommended, optionally only for some regions or chapters."""

    treatments: PhraseSet
    words: tuple[str, ...]
    regions: frozenset[str] = frozenset()
    chapters: frozenset[str] = frozenset()
    says: str = ""
    basis: str = ""

    def names(self, treatment: str) -> bool:
        return next(self.treatments.finditer(treatment), None) is not None


@dataclass(frozen=True)
class Chapter:
    id: str
    name: str
    names: tuple[str, ...]  # name and aliases, normalised
    regions: frozenset[str] = frozenset()
    number: int | None = None
    pages: tuple[tuple[int, int], ...] = ()

    @property
    def regional(self) -> bool:
        return bool(self.regions)


@dataclass(frozen=True)
class Section:
    id: str
    name: str
    pages: tuple[tuple[int, int], ...]
    drug_classes: frozenset[str]
    topics: tuple[Topic, ...] = ()
    number: str | None = None
    chapters: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()  # empty: any kind
    regions: frozenset[str] = frozenset()
    basis: str = "secondary"
    not_recommended: tuple[NotRecommended, ...] = ()
    class_section: str | None = None  # a drug's own entry: its class's section, whose pages it accepts

    def covers_class(self, drug_class: str) -> bool:
        return drug_class in self.drug_classes or "any" in self.drug_classes

    def covers_kind(self, kind: str) -> bool:
        return not self.kinds or kind in self.kinds

    def holds_page(self, page: PageRange) -> bool:
        return any(first <= page.first and page.last <= last for first, last in self.pages)

    def topic(self, name: str) -> Topic | None:
        return next((t for t in self.topics if t.name.lower() == name.lower()), None)


_NUMBER = re.compile(r"^(\d+(?:\.\d+)*)\.?(?:\s|$)")


def pages_text(pages: tuple[tuple[int, int], ...]) -> str:
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in pages)


def normal_name(name: str) -> str:
    """A cited name as the lookups compare it: lower case, `&` as `and`, single spaces."""
    return " ".join(name.lower().replace("&", " and ").split())


@dataclass(frozen=True)
class Guideline:
    source: str
    title: str
    version: str
    sections: dict[str, Section]
    by_name: dict[str, str]  # normalised name or alias -> section id
    by_page: dict[int, tuple[Section, ...]] = field(default_factory=dict)  # page -> sections holding it
    chapters: dict[str, Chapter] = field(default_factory=dict)
    cite_as: str = ""
    located_by: str = "pages"
    _class_refs: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    # Chapter names as `chapter` and `chapters_in` compare them, worked out once.
    _chapter_keys: dict[str, Chapter] = field(default_factory=dict, compare=False, repr=False)
    _chapter_pattern: re.Pattern[str] | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        keys = {_words(n): c for c in self.chapters.values() for n in c.names}
        self._chapter_keys.update(keys)
        if keys:
            alternatives = "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))
            object.__setattr__(self, "_chapter_pattern", re.compile(rf"(?<![a-z0-9])(?:{alternatives})(?![a-z0-9])"))

    @property
    def label(self) -> str:
        return self.cite_as or f"{self.source} {self.version}"

    def holds_page(self, section: Section, page: PageRange) -> bool:
        """Whether a cited page lies in a section, or (a drug's own entry) in its class's section."""
        if section.holds_page(page):
            return True
        parent = self.sections.get(section.class_section) if section.class_section else None
        return parent is not None and parent.holds_page(page)

    def sections_holding(self, page: PageRange) -> list[Section]:
        return [s for s in self.by_page.get(page.first, ()) if s.holds_page(page)]

    def resolve(self, cited: str) -> Section | None:
        """The section a cited name names: by name or alias, else by its number (`3.3.9 ...`)."""
        key = normal_name(cited)
        section_id = self.by_name.get(key) or self.by_name.get(key.removesuffix(" section"))
        if section_id is None:
            number = _NUMBER.match(key)
            if number is not None:
                section_id = next((s.id for s in self.sections.values() if s.number == number.group(1)), None)
        return self.sections.get(section_id) if section_id else None

    def chapter(self, cited: str) -> Chapter | None:
        """The chapter a document title names exactly (`Low Back Complaints`)."""
        return self._chapter_keys.get(_words(normal_name(cited)))

    def chapters_in(self, text: str) -> list[Chapter]:
        """Chapters a piece of free text names anywhere (`Low Back - Lumbar & Thoracic (Acute & Chronic)`)."""
        if self._chapter_pattern is None:
            return []
        key = _words(normal_name(text))
        found = {self._chapter_keys[m.group()].id for m in _overlapping(self._chapter_pattern, key)}
        return [c for c in self.chapters.values() if c.id in found]

    def section_for_class(self, drug_class: str) -> Section | None:
        """The main section for a drug class: the one with the most pages that names the class."""
        candidates = [s for s in self.sections.values() if drug_class in s.drug_classes]
        return max(candidates, key=lambda s: sum(b - a + 1 for a, b in s.pages), default=None)

    def class_references(self) -> dict[str, str]:
        """For rules that cite the section of the item's drug class: a reference per class (worked
        out once)."""
        if not self._class_refs:
            for drug_class in {c for s in self.sections.values() for c in s.drug_classes}:
                section = self.section_for_class(drug_class)
                if section is not None:
                    self._class_refs[drug_class] = self.reference(section.id)
        return self._class_refs

    def reference(self, section_id: str, topic: str | None = None) -> str:
        """How a flag cites the guideline: `MTUS 2009, Opioids, on-going management, p. 78` where the
        guideline has pages, `MTUS Opioid Treatment 2016, 3.3.9 Maintenance ...` where it numbers them."""
        section = self.sections[section_id]
        pages = section.pages
        label = section.name
        if section.number and not label.startswith(section.number):
            label = f"{section.number} {label}"
        found = section.topic(topic) if topic else None
        if found is not None:
            pages = found.pages or pages
            label = f"{label}, {found.name}"
        if not pages:
            return f"{self.label}, {label}"
        plural = "pp." if len(pages) > 1 or pages[0][0] != pages[0][1] else "p."
        return f"{self.label}, {label}, {plural} {pages_text(pages)}"


def _words(name: str) -> str:
    return " ".join(_NOT_WORD.sub(" ", name).split())


_NOT_WORD = re.compile(r"[^a-z0-9]+")


def _overlapping(pattern: re.Pattern[str], text: str) -> list[re.Match[str]]:
    """Every match of `pattern` starting at each position: `low back and neck` names two chapters."""
    found = []
    for start in range(len(text)):
        if start and text[start - 1] != " ":
            continue
        match = pattern.match(text, start)
        if match is not None:
            found.append(match)
    return found


def build_guideline(document: YamlDocument) -> Guideline:
    data = document.data
    chapters = _chapters(document)
    sections: dict[str, Section] = {}
    by_name: dict[str, str] = {}
    for index, entry in enumerate(data["sections"]):
        where = ("sections", index)
        if entry["id"] in sections:
            raise DataError(document.path, f"duplicate section id {entry['id']!r}", document.line_of(where), "id")
        for number, (first, last) in enumerate(entry.get("pages", ())):
            if first > last:
                field_path = f"sections[{index}].pages[{number}]"
                line = document.line_of((*where, "pages", number))
                raise DataError(document.path, f"first page {first} is after last page {last}", line, field_path)
        for chapter in entry.get("chapters", ()):
            if chapter not in chapters:
                known = ", ".join(chapters) or "none"
                message = f"unknown chapter {chapter!r} (chapters: {known})"
                raise DataError(document.path, message, document.line_of((*where, "chapters")), "chapters")
        section = _section(entry)
        sections[section.id] = section
        for name in (entry["name"], *entry.get("aliases", ())):
            key = normal_name(name)
            if key in by_name and by_name[key] != section.id:
                line = document.line_of(where)
                raise DataError(document.path, f"name {name!r} is used by two sections", line, "aliases")
            by_name[key] = section.id
    for index, section in enumerate(sections.values()):
        if section.class_section and section.class_section not in sections:
            line = document.line_of(("sections", index, "class_section"))
            message = f"class_section names {section.class_section!r}, which is no section of this file"
            raise DataError(document.path, message, line, f"sections[{index}].class_section")
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
        chapters,
        guideline.get("cite_as", ""),
        guideline.get("located_by", "pages"),
    )


def _chapters(document: YamlDocument) -> dict[str, Chapter]:
    chapters: dict[str, Chapter] = {}
    for index, entry in enumerate(document.data.get("chapters", ())):
        if entry["id"] in chapters:
            line = document.line_of(("chapters", index))
            raise DataError(document.path, f"duplicate chapter id {entry['id']!r}", line, "id")
        names = tuple(dict.fromkeys(normal_name(n) for n in (entry["name"], *entry.get("aliases", ()))))
        chapters[entry["id"]] = Chapter(
            entry["id"],
            entry["name"],
            names,
            frozenset(entry.get("regions", ())),
            entry.get("number"),
            tuple(map(tuple, entry.get("pages", ()))),
        )
    return chapters


def _section(entry: Any) -> Section:
    topics = tuple(Topic(t["name"], tuple(map(tuple, t.get("pages", ())))) for t in entry.get("topics", ()))
    not_recommended = tuple(
        NotRecommended(
            PhraseSet({"x": n["treatments"]}),
            tuple(n["treatments"]),
            frozenset(n.get("regions", ())),
            frozenset(n.get("chapters", ())),
            n.get("says", ""),
            n.get("basis", ""),
        )
        for n in entry.get("not_recommended", ())
    )
    return Section(
        id=str(entry["id"]),
        name=str(entry["name"]),
        pages=tuple(map(tuple, entry.get("pages", ()))),
        drug_classes=frozenset(entry["drug_classes"]),
        topics=topics,
        number=entry.get("number"),
        chapters=frozenset(entry.get("chapters", ())),
        kinds=frozenset(entry.get("kinds", ())),
        regions=frozenset(entry.get("regions", ())),
        basis=str(entry.get("basis", "secondary")),
        not_recommended=not_recommended,
        class_section=entry.get("class_section"),
    )
