"""Build the model objects every layout shares: items, trimmed passages, the reviewer's specialty."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from checker.model import Citation, Conclusion, Item, Passage, Problem, URAccount
from checker.parse.conclusion import find_conclusion
from checker.parse.partial import header_parts
from checker.parse.treatment import parse_treatment
from checker.parse.urstatus import URRequest, URStatements
from checker.parse.vocabulary import Vocabulary

_SPECIALTY = re.compile(
    r"(?i)Certification\(s\)/Specialty:\s*(?P<s>[^\n]+?)\s*$|Board Certified in (?P<b>[A-Z][\w ,&]+?)(?: and is|\.)"
)


class NotALetter(ValueError):
    """The text parsed but holds no disputed items; `line` is an original line number or None."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


def without_label(passage: Passage, label: re.Pattern[str]) -> Passage:
    """`passage` with a leading heading or label cut off; offsets still map to original lines."""
    match = label.match(passage.text)
    return cut_front(passage, match.end()) if match else passage


def cut_front(passage: Passage, cut: int) -> Passage:
    """Drop the first `cut` characters of a passage, keeping the map back to lines."""
    if cut <= 0:
        return passage
    keep = [i for i, s in enumerate(passage.starts) if s > cut]
    first = max((i for i, s in enumerate(passage.starts) if s <= cut), default=0)
    indexes = [first, *keep]
    starts = tuple(max(passage.starts[i] - cut, 0) for i in indexes) if passage.starts else ()
    numbers = tuple(passage.numbers[i] for i in indexes) if passage.numbers else ()
    return Passage(passage.text[cut:], starts, numbers)


def specialty(*passages: Passage | None) -> str | None:
    for passage in passages:
        if passage is None:
            continue
        match = _SPECIALTY.search(passage.text)
        if match:
            return (match.group("s") or match.group("b")).strip()
    return None


def with_ur_accounts(items: Sequence[Item], statements: URStatements) -> tuple[Item, ...]:
    """The items with what the letter says UR did with each; a partial authorisation keeps its
    own account (modified)."""
    requests = [URRequest(i.treatment, i.drug, i.drug_class, i.rationale) for i in items]
    accounts = statements.accounts(requests)
    return tuple(
        item if item.original_request is not None else replace(item, ur=account)
        for item, account in zip(items, accounts, strict=True)
    )


def no_conclusion(treatment: str, line: int) -> Problem:
    """The warning for an item whose rationale never says whether it is medically necessary: the
    letter may be cut off, or the verdict worded in a way the checker does not read. No rule then
    claims a conflict with the header."""
    disputed = header_parts(treatment).disputed
    return Problem(
        f"item '{disputed}': no conclusion found in its rationale (no sentence says whether it is"
        " medically necessary); the header's decision is not checked against it",
        line,
        "warning",
    )


def conclusion_of(rationale: Passage, vocabulary: Vocabulary, treatment: str | None = None) -> Conclusion | None:
    """The rationale's verdict; with the item's `treatment`, one that concludes on another drug
    is passed over for an earlier one about this item."""
    drugs: frozenset[str] | None = None
    if treatment is not None:
        named = header_parts(treatment).disputed
        drugs = frozenset(m.drug.generic for m in vocabulary.lexicon.mentions(named))
    return find_conclusion(rationale, vocabulary.verdicts, vocabulary.lexicon, drugs)


def make_item(
    index: int,
    header: str,
    line: int,
    treatment_text: str,
    decision: str,
    citations: tuple[Citation, ...],
    rationale: Passage,
    conclusion: Conclusion | None,
    vocabulary: Vocabulary,
) -> Item:
    """An item in the model every layout shares; a partial authorisation's disputed portion is
    its treatment, and the claims administrator's modification is its UR account. Other items'
    UR accounts are read for all items together (`with_ur_accounts`)."""
    parts = header_parts(treatment_text)
    treatment = parse_treatment(parts.disputed)
    drug, drug_class = vocabulary.lexicon.identify(treatment)
    authorized = parse_treatment(parts.authorized) if parts.authorized else None
    if parts.original is not None:
        ur = URAccount("modified", parts.authorized_sentence or header, line, authorized)
    else:
        ur = URAccount("unknown")
    kind, regions, context = _kind_and_regions(parts.disputed, drug is not None, conclusion, vocabulary)
    return Item(
        index=index,
        header=header,
        line=line,
        treatment=treatment,
        decision=decision,  # type: ignore[arg-type]
        drug=drug,
        drug_class=drug_class,
        ur=ur,
        citations=citations,
        rationale=rationale,
        conclusion=conclusion,
        original_request=parse_treatment(parts.original) if parts.original else None,
        authorized=authorized,
        kind=kind,
        regions=regions,
        context_regions=context,
    )


def _kind_and_regions(
    treatment: str, is_drug: bool, conclusion: Conclusion | None, vocabulary: Vocabulary
) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """The item's kind, the regions its header names, and (when it names none, for a non-drug)
    the regions its conclusion names."""
    kinds = vocabulary.kinds
    if kinds is None:
        return ("drug" if is_drug else "other"), (), ()
    kind = kinds.kind_of(treatment, is_drug)
    if kind == "drug":
        return kind, (), ()
    regions = kinds.regions_of(treatment)
    context = kinds.regions_of(conclusion.text) if not regions and conclusion is not None else ()
    return kind, regions, context
