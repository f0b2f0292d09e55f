"""Turn a parsed layout into the model: items with treatment, drug, citations, conclusion, UR."""

from __future__ import annotations

import re

from checker.model import Item, Letter, Passage, Problem
from checker.parse.citation import parse_citation
from checker.parse.items import NotALetter, conclusion_of, make_item, specialty, without_label
from checker.parse.structure import Layout, RawItem
from checker.parse.urstatus import URMention, ur_mentions
from checker.parse.vocabulary import Vocabulary
from checker.read.normalize import NormalizedText

_HEADER = re.compile(r"^(?P<treatment>.*?)\s*:\s*(?P<decision>upheld|overturned)\b", re.IGNORECASE)
_LABEL = re.compile(r"^(?:Decision rationale|CLINICAL CASE SUMMARY)\s*:?\s*", re.IGNORECASE)


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
    reviewer = specialty(sections.get("credentials"), sections.get("how_made"))
    return Letter("standard", sections, tuple(items), reviewer), problems


def _build_item(
    index: int, raw: RawItem, text: NormalizedText, vocabulary: Vocabulary, mentions: list[URMention]
) -> tuple[Item, list[Problem]]:
    header_line = text.numbers[raw.header.start]
    header = text.lines[raw.header.start]
    match = _HEADER.match(header)
    assert match is not None, "the grammar only accepts headers that end in a decision"
    citations = tuple(
        parse_citation(
            span.kind, text.passage(span.start, span.stop).text, text.numbers[span.start], vocabulary.section_names
        )
        for span in raw.guidelines
    )
    problems: list[Problem] = []
    if raw.rationale is None:
        rationale = Passage("")
        problems.append(
            Problem(f"item '{match.group('treatment')}' has no 'Decision rationale:'", header_line, "warning")
        )
    else:
        rationale = without_label(text.passage(raw.rationale.start, raw.rationale.stop), _LABEL)
    item = make_item(
        index,
        header,
        header_line,
        match.group("treatment"),
        match.group("decision").lower(),
        citations,
        rationale,
        conclusion_of(rationale, vocabulary),
        vocabulary,
        mentions,
    )
    return item, problems


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
