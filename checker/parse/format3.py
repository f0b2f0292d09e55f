"""The "MEDICAL PROFESSIONAL REVIEW" layout (`format3`): capitalised headings ending in a colon.

  ISSUE AT DISPUTE:            the disputed items, one per line or numbered, each optionally
                               followed by its decision (`1. Norco 10/325mg #120: Upheld`)
  CASE SUMMARY:                what was requested and what utilization review did
  DOCUMENTS REVIEWED FOR DETERMINATION:
  MEDICAL TREATMENT GUIDELINE(S) RELIED UPON BY PROFESSIONAL REVIEWER AND WHY:
  RATIONALE FOR WHY THE REQUESTED TREATMENT/SERVICE IS/WAS NOT MEDICALLY NECESSARY:
  MEDICAL REVIEWER QUALIFICATIONS:

With several issues, the guideline and rationale sections take them in turn, each part opening
with the issue's number or its treatment. An item's decision is the one its issue line states,
else its rationale's conclusion, else `upheld`, as the rationale heading itself says.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from lark import Tree

from checker.model import Citation, Item, Letter, Passage, Problem
from checker.parse.items import (
    NotALetter,
    conclusion_of,
    cut_front,
    make_item,
    no_conclusion,
    specialty,
    with_ur_accounts,
)
from checker.parse.lines import Span, parse_lines, span_of
from checker.parse.prose import prose_citation
from checker.parse.urstatus import read_statements
from checker.parse.vocabulary import Vocabulary
from checker.read.normalize import NormalizedText

NAMES = {
    "ISSUE": "'ISSUE AT DISPUTE:'",
    "CASE_SUMMARY": "'CASE SUMMARY:'",
    "DOCUMENTS": "'DOCUMENTS REVIEWED FOR DETERMINATION:'",
    "GUIDELINES": "'MEDICAL TREATMENT GUIDELINE(S) RELIED UPON BY PROFESSIONAL REVIEWER AND WHY:'",
    "RATIONALE": "'RATIONALE FOR WHY THE REQUESTED TREATMENT/SERVICE IS/WAS NOT MEDICALLY NECESSARY:'",
    "QUALIFICATIONS": "'MEDICAL REVIEWER QUALIFICATIONS:'",
    "LINE": "a line of text",
    "$END": "the end of the letter",
}
# A heading, possibly wrapped, up to its colon: capitals and the punctuation headings use.
_HEADING = re.compile(r"^[A-Z][A-Z()/,' -]*:\s*")
_NUMBER = re.compile(r"^\d{1,2}[.)]\s+")
_ISSUE = re.compile(
    r"(?i)^(?:(?:prospective|retrospective|concurrent)\s+)?(?:request\s+for\s+)?(?P<treatment>.+?)"
    r"(?:\s*[:\u2013-]?\s*\b(?P<decision>upheld|overturned)\b\.?)?$"
)
_PART_LABEL = re.compile(r"^\s*[:\u2013-]?\s*")


@dataclass(frozen=True, slots=True)
class BodyLine:
    """A normalized line of a section's body; `column` is where the body starts on it."""

    index: int
    column: int
    text: str


@dataclass(frozen=True, slots=True)
class Issue:
    index: int
    column: int
    treatment: str
    decision: str | None


def read(text: NormalizedText, vocabulary: Vocabulary) -> tuple[Letter, list[Problem]]:
    tree = parse_lines(text, "format3.lark", NAMES)
    bodies: dict[str, list[BodyLine]] = {}
    sections: dict[str, Passage] = {}
    for section in tree.children:
        span = span_of(section) if isinstance(section, Tree) else None
        if span is None or span.kind in sections:
            continue
        lines = _body(text, span)
        bodies[span.kind] = lines
        sections[span.kind] = _passage(text, lines) if lines else Passage("")
    issues = _issues(bodies.get("issue", []))
    if not issues:
        problem = "no 'ISSUE AT DISPUTE:' section" if "issue" not in bodies else "the ISSUE AT DISPUTE section is empty"
        raise NotALetter(f"{problem}: no disputed items (the letter may be cut off)", _last(text))
    problems: list[Problem] = []
    guideline_parts = _split(bodies.get("guidelines", []), issues, "guideline", problems)
    rationale_parts = _split(bodies.get("rationale", []), issues, "rationale", problems)
    summary = sections.get("case_summary", Passage(""))
    statements = read_statements(summary, vocabulary.ur, vocabulary.item_words, vocabulary.lexicon)
    items: list[Item] = []
    for number, issue in enumerate(issues, start=1):
        line = text.numbers[issue.index]
        citations: tuple[Citation, ...] = ()
        guideline = guideline_parts[number - 1]
        if guideline is not None:
            passage = _part(text, guideline, number, issue)
            citations = (prose_citation("reviewer", passage.text, passage.first_line, vocabulary.section_names),)
        rationale_lines = rationale_parts[number - 1]
        rationale = _part(text, rationale_lines, number, issue) if rationale_lines else Passage("")
        conclusion = conclusion_of(rationale, vocabulary, issue.treatment)
        decision = issue.decision
        if decision is not None and conclusion is None and rationale.text:
            problems.append(no_conclusion(issue.treatment, line))
        if decision is None and conclusion is not None:
            decision = "upheld" if conclusion.verdict == "not-necessary" else "overturned"
        if decision is None:
            decision = vocabulary.denials.decision(rationale.text)
        if decision is None:
            decision = "upheld"
            problems.append(
                Problem(
                    f"item {number} states no decision or conclusion; read as upheld, as the rationale heading says",
                    line,
                    "warning",
                )
            )
        header = text.lines[issue.index][issue.column :]
        items.append(
            make_item(
                number,
                header,
                line,
                issue.treatment,
                decision,
                citations,
                rationale,
                conclusion,
                vocabulary,
            )
        )
    reviewer = specialty(sections.get("qualifications"))
    return Letter("format3", sections, with_ur_accounts(items, statements), reviewer), problems


def _body(text: NormalizedText, span: Span) -> list[BodyLine]:
    """The section's lines after its heading (which may wrap or carry text after its colon)."""
    first = text.lines[span.start]
    heading = _HEADING.match(first)
    cut_line, column = span.start, (heading.end() if heading else len(first))
    if heading is None and span.start + 1 < span.stop:
        # A wrapped heading: `... IS/WAS NOT MEDICALLY` / `NECESSARY:`.
        rest = _HEADING.match(text.lines[span.start + 1])
        if rest is not None:
            cut_line, column = span.start + 1, rest.end()
    lines = []
    remainder = text.lines[cut_line][column:]
    if remainder.strip():
        lines.append(BodyLine(cut_line, column, remainder))
    lines.extend(BodyLine(i, 0, text.lines[i]) for i in range(cut_line + 1, span.stop))
    return lines


def _passage(text: NormalizedText, lines: list[BodyLine]) -> Passage:
    return cut_front(text.passage(lines[0].index, lines[-1].index + 1), lines[0].column)


def _issues(lines: list[BodyLine]) -> list[Issue]:
    """One issue per numbered entry (continuation lines joined), or per line when none is numbered."""
    numbered = any(_NUMBER.match(line.text) for line in lines)
    entries: list[tuple[int, int, str]] = []
    for line in lines:
        number = _NUMBER.match(line.text)
        if number or not numbered or not entries:
            skip = number.end() if number else 0
            entries.append((line.index, line.column + skip, line.text[skip:]))
        else:
            index, column, text = entries[-1]
            entries[-1] = (index, column, f"{text} {line.text}")
    issues = []
    for index, column, entry in entries:
        match = _ISSUE.match(entry.strip())
        if match is None:
            continue
        decision = match.group("decision")
        treatment = match.group("treatment").strip(" :-")
        issues.append(Issue(index, column, treatment, decision.lower() if decision else None))
    return issues


def _split(
    lines: list[BodyLine], issues: list[Issue], what: str, problems: list[Problem]
) -> list[list[BodyLine] | None]:
    """Each issue's part of a section: by the numbers that open each part, else by treatments."""
    if not lines:
        return [None] * len(issues)
    if len(issues) == 1:
        return [lines]
    starts = _part_starts(lines, issues, _opens_with_number) or _part_starts(lines, issues, _opens_with_treatment)
    if starts is None:
        note = f"cannot tell which part of the {what} section is about which issue; each item gets all of it"
        problems.append(Problem(note, None, "warning"))
        return [lines] * len(issues)
    bounds = [*starts, len(lines)]
    return [lines[bounds[i] : bounds[i + 1]] for i in range(len(issues))]


def _part_starts(
    lines: list[BodyLine], issues: list[Issue], opens: Callable[[str, int, Issue], bool]
) -> list[int] | None:
    """Where each issue's part begins, in order; None when one cannot be found."""
    starts: list[int] = []
    position = 0
    for number, issue in enumerate(issues, start=1):
        found = next((i for i in range(position, len(lines)) if opens(lines[i].text, number, issue)), None)
        if found is None:
            return None
        starts.append(found)
        position = found + 1
    return starts


def _opens_with_number(line: str, number: int, issue: Issue) -> bool:
    return re.match(rf"{number}[.)]\s", line) is not None


def _opens_with_treatment(line: str, number: int, issue: Issue) -> bool:
    first_word = issue.treatment.split()[0] if issue.treatment.split() else ""
    return len(first_word) >= 3 and line.lower().startswith(first_word.lower())


def _part(text: NormalizedText, lines: list[BodyLine], number: int, issue: Issue) -> Passage:
    """The passage of one issue's part, without its opening number and treatment label."""
    passage = _passage(text, lines)
    body = passage.text
    cut = 0
    label = re.match(rf"{number}[.)]\s+", body)
    if label:
        cut = label.end()
    if body[cut:].lower().startswith(issue.treatment.lower()):
        cut += len(issue.treatment)
        cut += _PART_LABEL.match(body[cut:]).end()  # type: ignore[union-attr]
    return cut_front(passage, cut)


def _last(text: NormalizedText) -> int | None:
    return text.numbers[-1] if text.numbers else None
