"""What an item's citations say, read in each cited guideline's own sections.

Every reference a guideline paragraph makes is placed in the guideline it names (the index and
each rulebook's sections.yaml): its chapter and the body regions the chapter covers, its sections
and the drug classes and item kinds they cover, their pages, and what they say is not
recommended. The citation rules read the problems found here:

- a cited section list that covers none of the item's drug class (or pages of other sections);
- a cited page outside the sections the same reference names;
- body-part chapters none of which covers a region the item's header names (all references of a
  paragraph together: a wrong chapter beside a right one is no mismatch, and General Approaches
  or Chronic Pain beside a wrong chapter does not excuse it);
- section lists none of whose sections is about the item's kind (an infrared heat treatment
  decided under Thermography);
- an approved item that a cited section says is not recommended.
A reference that names no section, or a section no rulebook knows, cannot be judged: it is never
a mismatch by itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from checker.model import DRUG_CLASS_NAMES, REGIONS, Citation, CitationSource, Evidence, Item, PageRange
from checker.parse.guideindex import GuideSet, Placed
from checker.parse.guideline import Guideline, Section
from checker.parse.memo import Memo

_ROLE = {"claims_administrator": "the claims administrator", "reviewer": "the reviewer"}
REGION_NAMES = {
    "cervical": "cervical spine",
    "thoracic": "thoracic spine",
    "lumbar": "lumbar spine",
    "wrist_hand": "wrist and hand",
    "ankle_foot": "ankle and foot",
    "upper_extremity": "upper extremities",
    "lower_extremity": "lower extremities",
}


def pages_words(page: PageRange, short: bool = False) -> str:
    """`page 29`, `pages 74-96`; short: `p. 29`, `pp. 74-96`."""
    many = page.first != page.last
    if short:
        return f"{'pp.' if many else 'p.'} {page}"
    return f"{'pages' if many else 'page'} {page}"


_PLURAL = {"gi_protectant": "stomach protectants", "other": "drugs of no listed class"}


def _class_words(drug_class: str) -> str:
    """A drug class as a section is about it: `antiepilepsy drugs`, `NSAIDs`."""
    return _PLURAL.get(drug_class) or f"{DRUG_CLASS_NAMES.get(drug_class, drug_class)}s"


def region_names(regions: Iterable[str]) -> str:
    """`cervical spine, shoulder`: regions as a message names them."""
    ordered = sorted(regions, key=lambda r: REGIONS.index(r) if r in REGIONS else len(REGIONS))
    names = [REGION_NAMES.get(str(r), str(r)) for r in ordered]
    return " and ".join(names) if len(names) < 3 else ", ".join(names[:-1]) + " and " + names[-1]


@dataclass(frozen=True)
class Problem:
    message: str
    evidence: Evidence


@dataclass(frozen=True)
class Reference:
    """A cited reference placed in the guideline (version) it names."""

    citation: Citation
    placed: Placed
    guideline: Guideline | None
    mtus: bool

    @property
    def source(self) -> CitationSource:
        return self.placed.source

    @property
    def name(self) -> str:
        """The reference as a message names it: `Low Back Complaints 2004`, or for a free-text
        citation its guideline and the chapters found in it."""
        name = " ".join(p for p in (self.source.title, self.source.year or "") if p)
        named = self.guideline.chapter(self.source.title) if self.guideline else None
        if named is None and self.placed.chapters:
            name += ", " + ", ".join(f"{c.name} chapter" for c in self.placed.chapters)
        return name

    def sections(self) -> list[Section | None]:
        return list(self._sections)

    @cached_property
    def _sections(self) -> tuple[Section | None, ...]:
        # Resolved once: every citation fact of an item reads the same references.
        if self.guideline is None:
            return tuple(None for _ in self.source.sections)
        return tuple(self.guideline.resolve(name) for name in self.source.sections)

    def regions(self) -> frozenset[str] | None:
        """The body regions the reference covers, or None for a reference about no one region."""
        chapters = [c for c in self.placed.chapters if c.regional]
        found: set[str] = {r for c in chapters for r in c.regions}
        regional_sections = [s for s in self.sections() if s is not None and s.regions]
        found |= {r for s in regional_sections for r in s.regions}
        return frozenset(found) if chapters or regional_sections else None


# The references of the items of the letter being checked: each citation fact of an item reads
# them, so they are placed once per item and judging guideline.
_REFERENCES: Memo[tuple[int, int, str | None], tuple[Item, GuideSet, list[Reference]]] = Memo()


def references(item: Item, guides: GuideSet, judge: str | None, role: str | None = None) -> list[Reference]:
    """Every reference of the item's citations (of one role) that a rulebook knows, placed in the
    version that judges the item when it is one of the versions the reference may name."""
    key = (id(item), id(guides), judge)
    found = _REFERENCES.get(key)
    if found is None or found[0] is not item or found[1] is not guides:
        found = _REFERENCES.put(key, (item, guides, _references(item, guides, judge)))
    refs = found[2]
    return list(refs) if role is None else [r for r in refs if r.citation.role == role]


def _references(item: Item, guides: GuideSet, judge: str | None) -> list[Reference]:
    out = []
    for citation in item.citations:
        for source in citation.sources:
            placed = guides.place(source)
            if not placed.candidates:
                continue
            entry = next((e for e in placed.candidates if e.id == judge), placed.candidates[0])
            out.append(Reference(citation, placed, guides.guidelines.get(entry.id), entry.mtus))
    return out


def _evidence(reference: Reference) -> Evidence:
    return Evidence(reference.citation.line, reference.citation.text)


def class_gaps(item: Item, guides: GuideSet, judge: str | None, classes: set[str]) -> list[Problem]:
    """MTUS references whose sections (and pages) all miss the item's drug class; `classes` holds
    the item's class and its ingredients' (a topical diclofenac under NSAIDs is no mismatch)."""
    problems = []
    for ref in references(item, guides, judge):
        if not ref.mtus or ref.guideline is None:
            continue
        sections = [s for s in ref.sections() if s is not None]
        if ref.guideline.located_by == "pages":
            sections += [s for p in ref.source.pages for s in ref.guideline.sections_holding(p)]
        if not sections or any(s.covers_class(c) for s in sections for c in classes):
            continue
        cited = ", ".join([*ref.source.sections, *(pages_words(p, short=True) for p in ref.source.pages)])
        message = f"{_ROLE[ref.citation.role]} cites {cited}, not a section on {_class_words(item.drug_class)}"
        problems.append(Problem(message, _evidence(ref)))
    return problems


def pages_outside(item: Item, guides: GuideSet, judge: str | None) -> list[Problem]:
    """Cited pages that lie in none of the sections the same reference names (guidelines with pages)."""
    problems = []
    for ref in references(item, guides, judge):
        if ref.guideline is None or ref.guideline.located_by != "pages":
            continue
        if not ref.source.sections or not ref.source.pages:
            continue
        sections = ref.sections()
        if any(s is None for s in sections):
            continue  # a section no rulebook knows may hold the page
        guideline = ref.guideline
        for page in ref.source.pages:
            if not any(guideline.holds_page(s, page) for s in sections if s is not None):
                named = ", ".join(ref.source.sections)
                message = f"{_ROLE[ref.citation.role]} cites {pages_words(page)} outside {named}"
                problems.append(Problem(message, _evidence(ref)))
    return problems


def region_gaps(item: Item, guides: GuideSet, judge: str | None, role: str, mtus_only: bool) -> list[Problem]:
    """Body-part references of one paragraph none of which covers a region the header names."""
    if item.kind == "drug" or not item.regions:
        return []
    regional = [
        (ref, covered)
        for ref in references(item, guides, judge, role)
        if (ref.mtus or not mtus_only) and (covered := ref.regions()) is not None
    ]
    if not regional or any(set(item.regions) & covered for _, covered in regional):
        return []
    names = "; ".join(f"{r.name} (which covers the {region_names(c)})" for r, c in regional)
    message = f"{_ROLE[role]} cites {names} for an item of the {region_names(item.regions)}"
    return [Problem(message, _evidence(regional[0][0]))]


def kind_gaps(item: Item, guides: GuideSet, judge: str | None) -> list[Problem]:
    """The reviewer's MTUS section lists, none of whose sections is about the item's kind (an
    item of kind `other`, one kinds.yaml does not place, is never judged)."""
    if item.kind == "other":
        return []
    refs = [r for r in references(item, guides, judge, "reviewer") if r.mtus]
    if not refs:
        return []
    sections: list[Section] = []
    for ref in refs:
        resolved = ref.sections()
        if not resolved or ref.source.pages or any(s is None for s in resolved):
            return []  # a reference naming no section, a page or an unknown section cannot be judged
        sections.extend(s for s in resolved if s is not None)
    if any(s.covers_kind(item.kind) for s in sections):
        return []
    cited = "; ".join(f"{r.name}: {', '.join(r.source.sections)}" for r in refs)
    message = f"the reviewer decides this {item.kind} item under {cited}, sections that are not about {item.kind}"
    return [Problem(message, _evidence(refs[0]))]


def not_recommended(item: Item, guides: GuideSet, judge: str | None) -> list[Problem]:
    """Sections the reviewer cites that say, without conditions, that the item is not recommended."""
    problems = []
    treatment = item.treatment.text
    for ref in references(item, guides, judge, "reviewer"):
        chapters = {c.id for c in ref.placed.chapters}
        for section in ref.sections():
            if section is None:
                continue
            for entry in section.not_recommended:
                if entry.chapters and not entry.chapters & chapters:
                    continue
                if entry.regions and not entry.regions & set(item.regions):
                    continue
                if entry.names(treatment):
                    says = entry.says or f"{section.name} does not recommend it"
                    message = f"{treatment} is approved, but the reviewer cites {ref.name}, {section.name}: {says}"
                    problems.append(Problem(message, _evidence(ref)))
    return problems
