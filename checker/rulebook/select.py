"""Which rulebook judges an item: the guideline its citations name, else the letter's date, else the default.

1. The reviewer's (MAXIMUS) citation first, then the claims administrator's: the first MTUS
   document it names that the index knows, else the first other guideline it knows (the ODG).
   A citation with a year names that version; without one ("MTUS Chronic Pain Treatment
   Guidelines"), the letter's request date picks the version that governs it.
2. No citation names any guideline ("did not cite any medical evidence"): the version of the
   index's `dated_by` document that governs the request date, or a guideline that governs that
   date for the item's drug class (`dated_for`: the 2016 Opioid guideline for an opioid).
3. No date either: the index's `default`.
A citation naming only guidelines the index does not know leaves the item to the core rules,
with a note that says so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from checker.facts.dates import RequestDate
from checker.model import Item
from checker.parse.guideindex import GuideSet, IndexEntry, Placed

_ROLES = (("reviewer", "reviewer's"), ("claims_administrator", "claims administrator's"))


@dataclass(frozen=True)
class Selection:
    """The guideline chosen for an item and how: `id` None means no rulebook knows the cited guideline."""

    id: str | None
    how: str  # cited | dated | default | unrecognised | single
    reason: str
    cited: tuple[str, ...] = ()  # every document the item's citations name, as cited
    note: str = ""  # said with the item in every report


Dated = Callable[[], RequestDate | None]  # the letter's request date, read only when a choice needs it


def select(item: Item, dated: Dated, guides: GuideSet, single: str | None = None) -> Selection:
    cited = _cited(item)
    if single is not None:
        return Selection(single, "single", f"the rulebook {single} judges every item (--rules)", cited)
    for role, name in _ROLES:
        placed = [guides.place(s) for c in item.citations if c.role == role for s in c.sources]
        known = [p for p in placed if p.candidates]
        if not known:
            continue
        chosen = next((p for p in known if any(e.mtus for e in p.candidates)), known[0])
        return _from_citation(chosen, name, dated, guides, cited)
    if any(c.sources for c in item.citations):
        names = ", ".join(cited)
        reason = f"the citations name {names}, which no rulebook here covers"
        note = f"No rulebook covers the guideline this item cites ({names}); only the core checks ran."
        return Selection(None, "unrecognised", reason, cited, note)
    versions = guides.index.versions(guides.index.dated_by)
    when = dated()
    if when is not None:
        special = [e for e in guides.index.entries if item.drug_class in e.dated_for and e.governs(when.when)]
        governing = special or [e for e in versions if e.governs(when.when)]
        if governing:
            which = f" for a {item.drug_class.replace('_', ' ')} item" if special else ""
            reason = (
                f"no citation names a guideline; the request date {when.when:%m/%d/%Y} ({when.how}) falls under "
                f"{governing[0].title}{which}"
            )
            return Selection(governing[0].id, "dated", reason, cited)
    reason = "no citation names a guideline and the letter gives no request date: the default guideline"
    return Selection(guides.index.default, "default", reason, cited)


def _from_citation(chosen: Placed, role: str, dated: Dated, guides: GuideSet, cited: tuple[str, ...]) -> Selection:
    source = chosen.source
    named = " ".join(p for p in (source.title, source.year) if p)
    reason = f"the {role} citation names {named}"
    candidates = list(chosen.candidates)
    if chosen.exact or len(candidates) == 1:
        entry = candidates[0]
        return Selection(entry.id, "cited", reason, cited, _version_note(entry, dated, guides, named))
    when = dated()
    if when is not None:
        governing = [e for e in candidates if e.governs(when.when)]
        if governing:
            reason += (
                f" without its version; the request date {when.when:%m/%d/%Y} ({when.how}) picks {governing[0].title}"
            )
            return Selection(governing[0].id, "cited", reason, cited)
    entry = next((e for e in candidates if e.id == guides.index.default), candidates[-1])
    reason += f" without its version, and the letter gives no request date: {entry.title}"
    return Selection(entry.id, "cited", reason, cited)


def _version_note(entry: IndexEntry, dated: Dated, guides: GuideSet, named: str) -> str:
    """A citation naming a version that does not govern the request date (2009 cited in 2017)."""
    if entry.governs_from is None and entry.governs_until is None:
        return ""
    when = dated()
    if when is None or entry.governs(when.when):
        return ""
    later = [e for e in guides.index.versions(entry.document) if e.governs(when.when)]
    if not later:
        return ""
    return (
        f"The citation names {named}, but the request date {when.when:%m/%d/%Y} ({when.how}) falls under "
        f"{later[0].title}."
    )


def _cited(item: Item) -> tuple[str, ...]:
    """Every document the item's citations name: an MTUS document with its year, another
    guideline with the first words of its citation (`ACOEM Hip and Groin Chapter`)."""
    names = []
    for citation in item.citations:
        for source in citation.sources:
            if source.source == "MTUS":
                names.append(" ".join(p for p in (source.title, source.year) if p))
            else:
                names.append(" ".join(p for p in (source.title, *source.sections[:1]) if p))
    return tuple(dict.fromkeys(names))
