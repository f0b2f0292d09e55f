"""Turn a parsed layout into the model: items with treatment, drug, citations, conclusion, UR."""

from __future__ import annotations

import re

from .citation import parse_citation
from .conclusion import find_conclusion
from .model import Item, Letter, Passage, Problem
from .normalize import NormalizedText
from .structure import Layout, RawItem
from .treatment import parse_treatment
from .urstatus import URMention, ur_account, ur_mentions
from .vocabulary import Vocabulary

_HEADER = re.compile(r"^(?P<treatment>.*?)\s*:\s*(?P<decision>upheld|overturned)\b", re.IGNORECASE)
_LABEL = re.compile(r"^(?:Decision rationale|CLINICAL CASE SUMMARY)\s*:?\s*", re.IGNORECASE)
_SPECIALTY = re.compile(
    r"(?i)Certification\(s\)/Specialty:\s*(?P<s>[^\n]+?)\s*$|Board Certified in (?P<b>[A-Z][\w ,&]+?)(?: and is|\.)"
)


class NotALetter(ValueError):
    """The text parsed but holds no disputed items; `line` is an original line number or None."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


def build_letter(text: NormalizedText, layout: Layout, vocabulary: Vocabulary) -> tuple[Letter, list[Problem]]:
    sections = {name: text.passage(span.start + 1, span.stop) for name, span in layout.sections.items()}
    if "issues" not in layout.sections:
        raise NotALetter(_missing_issues(text, layout), _last_line(text))
    if not layout.items:
        issues = layout.sections["issues"]
        raise NotALetter(
            "the IMR ISSUES, DECISIONS AND RATIONALES section lists no disputed items"
            " ('<treatment>: Upheld|Overturned'); the letter may be cut off",
            text.numbers[issues.start],
        )
    summary = sections.get("case_summary", Passage(""))
    mentions = ur_mentions(summary, vocabulary.ur_actions, vocabulary.lexicon)
    problems: list[Problem] = []
    items = []
    for index, raw in enumerate(layout.items, start=1):
        item, item_problems = _build_item(index, raw, text, vocabulary, mentions)
        items.append(item)
        problems.extend(item_problems)
    specialty = _specialty(sections)
    return Letter("standard", sections, tuple(items), specialty), problems


def _build_item(
    index: int, raw: RawItem, text: NormalizedText, vocabulary: Vocabulary, mentions: list[URMention]
) -> tuple[Item, list[Problem]]:
    header_line = text.numbers[raw.header.start]
    header = text.lines[raw.header.start]
    match = _HEADER.match(header)
    assert match is not None, "the grammar only accepts headers that end in a decision"
    treatment = parse_treatment(match.group("treatment"))
    drug, drug_class = vocabulary.lexicon.identify(treatment)
    citations = tuple(
        parse_citation(
            span.kind, text.passage(span.start, span.stop).text, text.numbers[span.start], vocabulary.section_names
        )
        for span in raw.guidelines
    )
    problems: list[Problem] = []
    if raw.rationale is None:
        rationale = Passage("")
        problems.append(Problem(f"item '{treatment.text}' has no 'Decision rationale:'", header_line, "warning"))
    else:
        full = text.passage(raw.rationale.start, raw.rationale.stop)
        rationale = _strip_label(full)
    conclusion = find_conclusion(rationale, vocabulary.conclusions, vocabulary.lexicon)
    item = Item(
        index=index,
        header=header,
        line=header_line,
        treatment=treatment,
        decision=match.group("decision").lower(),  # type: ignore[arg-type]
        drug=drug,
        drug_class=drug_class,
        ur=ur_account(drug, treatment, mentions),
        citations=citations,
        rationale=rationale,
        conclusion=conclusion,
    )
    return item, problems


def _strip_label(passage: Passage) -> Passage:
    label = _LABEL.match(passage.text)
    if label is None:
        return passage
    cut = label.end()
    # Offsets shift left by `cut`; the first line keeps its number.
    starts = tuple(max(s - cut, 0) for s in passage.starts)
    return Passage(passage.text[cut:], starts, passage.numbers)


def _specialty(sections: dict[str, Passage]) -> str | None:
    for name in ("credentials", "how_made"):
        passage = sections.get(name)
        if passage is None:
            continue
        match = _SPECIALTY.search(passage.text)
        if match:
            return (match.group("s") or match.group("b")).strip()
    return None


def _missing_issues(text: NormalizedText, layout: Layout) -> str:
    if not text.lines:
        return "the file has no text: not an IMR letter"
    if layout.sections:
        last = layout.last_section or "preamble"
        return (
            "no 'IMR ISSUES, DECISIONS AND RATIONALES' section: the letter ends in its"
            f" {last.replace('_', ' ')} section and may be cut off"
        )
    return (
        "not an IMR letter: none of its section headings were found (expected 'IMR ISSUES, DECISIONS AND RATIONALES')"
    )


def _last_line(text: NormalizedText) -> int | None:
    return text.numbers[-1] if text.numbers else None
