"""Plain-data views of results: the JSON report contract, and the full `parse` view of a letter."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from checker.model import (
    Citation,
    Evidence,
    Flag,
    GuidelineChoice,
    Item,
    ItemResult,
    Letter,
    LetterResult,
    Missing,
    Problem,
    Treatment,
)
from checker.read.pages import PageMap


@dataclass
class Summary:
    """Running totals for a report; updated letter by letter so nothing needs holding."""

    letters: int = 0
    items: int = 0
    flags: int = 0  # flags that count: waived and baselined flags do not
    errors: int = 0  # letters that could not be read or parsed
    by_severity: dict[str, int] = field(default_factory=dict)
    by_category: dict[str, int] = field(default_factory=dict)
    waived: int = 0
    baselined: int = 0  # flags left out because the baseline already holds them
    flagged_letters: int = 0

    def add(self, result: LetterResult) -> None:
        self.letters += 1
        self.items += len(result.items)
        self.errors += 1 if result.status == "error" else 0
        counted = 0
        for _, flag in result.flagged():
            if flag.waived is not None:
                self.waived += 1
                continue
            counted += 1
            self.by_severity[flag.severity] = self.by_severity.get(flag.severity, 0) + 1
            self.by_category[flag.category] = self.by_category.get(flag.category, 0) + 1
        self.flags += counted
        self.flagged_letters += 1 if counted else 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "letters": self.letters,
            "items": self.items,
            "flags": self.flags,
            "errors": self.errors,
            "waived": self.waived,
            "baselined": self.baselined,
            "by_severity": dict(sorted(self.by_severity.items())),
            "by_category": dict(sorted(self.by_category.items())),
        }


def flag_dict(flag: Flag) -> dict[str, Any]:
    return {
        "rule": flag.rule,
        "category": flag.category,
        "severity": flag.severity,
        "message": flag.message,
        "criterion": flag.criterion,
        "check": flag.check,
        "evidence": [_paged(evidence_dict(e), e.page) for e in flag.evidence],
        "missing": [missing_dict(m) for m in flag.missing],
        **({"waived": flag.waived} if flag.waived is not None else {}),
    }


def evidence_dict(evidence: Evidence) -> dict[str, Any]:
    entry: dict[str, Any] = {"line": evidence.line, "text": evidence.text, "role": evidence.role or "found"}
    if evidence.about:
        entry["about"] = evidence.about
    return entry


def missing_dict(missing: Missing) -> dict[str, Any]:
    return {"what": missing.what, "state": missing.state, "line": missing.line}


def _paged(entry: dict[str, Any], page: int | None) -> dict[str, Any]:
    """Add `page` when the letter has pages (a PDF, or text with form feeds)."""
    if page is not None:
        entry["page"] = page
    return entry


def problem_dict(problem: Problem) -> dict[str, Any]:
    return {"message": problem.message, "line": problem.line}


def item_dict(result: ItemResult) -> dict[str, Any]:
    item = result.item
    entry = {
        "treatment": item.treatment.text,
        "drug": item.drug,
        "drug_class": item.drug_class,
        "decision": item.decision,
        "ur_status": item.ur_status,
        "line": item.line,
        "kind": item.kind,
        "region": (item.regions or item.context_regions or (None,))[0],
        "regions": list(item.regions or item.context_regions),
        "guideline": guideline_dict(result.guideline),
        "flags": [flag_dict(f) for f in result.flags],
    }
    if result.notes:
        entry["notes"] = [problem_dict(p) for p in result.notes]
    if item.original_request is not None:
        entry["original_request"] = item.original_request.text
        entry["authorized"] = item.authorized.text if item.authorized else None
    return _paged(entry, item.page)


def guideline_dict(choice: GuidelineChoice | None) -> dict[str, str] | None:
    """The rulebook that judged an item: its id (which namespaces its rules) and title."""
    return None if choice is None else {"id": choice.id, "title": choice.title}


def letter_dict(result: LetterResult) -> dict[str, Any]:
    """One entry of the report's `letters` list, as DESIGN.md's contract defines it."""
    return {
        "path": result.path,
        "format": result.layout,
        "status": result.status,
        "errors": [problem_dict(p) for p in result.errors],
        "warnings": [problem_dict(p) for p in result.warnings],
        "items": [item_dict(i) for i in result.items],
        "flags": [flag_dict(f) for f in result.flags],
    }


def treatment_dict(treatment: Treatment | None) -> dict[str, Any] | None:
    if treatment is None:
        return None
    strength = treatment.strength
    return {
        "text": treatment.text,
        "name": treatment.name,
        "strength": None
        if strength is None
        else {"text": strength.text, "values": list(strength.values), "unit": strength.unit},
        "form": treatment.form,
        "quantity": treatment.quantity,
    }


def citation_dict(citation: Citation) -> dict[str, Any]:
    return {
        "role": citation.role,
        "line": citation.line,
        "text": citation.text,
        "sources": [
            {
                "source": s.source,
                "title": s.title,
                "sections": list(s.sections),
                "pages": [[p.first, p.last] for p in s.pages],
            }
            for s in citation.sources
        ],
    }


def item_detail(item: Item) -> dict[str, Any]:
    """Everything extracted about an item: what the rules see."""
    conclusion = item.conclusion
    return {
        "index": item.index,
        "line": item.line,
        "header": item.header,
        "treatment": treatment_dict(item.treatment),
        "decision": item.decision,
        "drug": item.drug,
        "drug_class": item.drug_class,
        "original_request": treatment_dict(item.original_request),
        "authorized": treatment_dict(item.authorized),
        "kind": item.kind,
        "regions": list(item.regions),
        "context_regions": list(item.context_regions),
        "ur": {
            "status": item.ur.status,
            "line": item.ur.line or None,
            "text": item.ur.text or None,
            "treatment": treatment_dict(item.ur.treatment),
        },
        "citations": [citation_dict(c) for c in item.citations],
        "conclusion": None
        if conclusion is None
        else {
            "verdict": conclusion.verdict,
            "line": conclusion.line,
            "text": conclusion.text,
            "treatment": treatment_dict(conclusion.treatment),
        },
        "rationale": {
            "first_line": item.rationale.first_line or None,
            "last_line": item.rationale.numbers[-1] if item.rationale.numbers else None,
            "text": item.rationale.text,
        },
    }


def letter_detail(
    result: LetterResult,
    letter: Letter | None,
    pages: PageMap | None = None,
    choices: Sequence[dict[str, Any]] = (),
) -> dict[str, Any]:
    """The `imr-check parse` view: the letter's sections and every item in full.

    With `pages` (the letter has page breaks), the first line of each page and each item's page;
    with `choices`, how each item's guideline was chosen.
    """
    out: dict[str, Any] = {
        "path": result.path,
        "format": result.layout,
        "status": result.status,
        "errors": [problem_dict(p) for p in result.errors],
        "warnings": [problem_dict(p) for p in result.warnings],
    }
    if letter is not None:
        out["reviewer_specialty"] = letter.reviewer_specialty
        out["sections"] = {
            name: {"first_line": p.first_line or None, "last_line": p.numbers[-1] if p.numbers else None}
            for name, p in letter.sections.items()
        }
        out["items"] = [item_detail(i) for i in letter.items]
        for detail, choice in zip(out["items"], choices, strict=False):
            detail["guideline"] = choice
        if pages is not None:
            out["pages"] = [1, *pages.starts]
            for detail, item in zip(out["items"], letter.items, strict=True):
                detail["page"] = pages.page_of(item.line)
    return out
