"""The question layout (`format2`): `DOCUMENTS REVIEWED`, then `IMR DECISION(S) AND RATIONALE(S)`.

  1. Is the request for Norco 10/325mg #120 medically necessary and appropriate?
  Section of the Medical Treatment Utilization Schedule (MTUS) cited by the Claims Administrator:
  The Claims Administrator based its decision on the Chronic Pain Medical Treatment Guidelines ...
  Section of the MTUS used by the Expert Reviewer for the decision:
  The Expert Reviewer based his/her decision on ...
  Rationale for the Decision:
  ... The request for Norco 10/325mg #120 is not medically necessary and appropriate.

An item states no decision word: its decision is its rationale's conclusion ("not medically
necessary" upholds the denial), or else the letter's own `Final Determination: UPHOLD|OVERTURN`.
"""

from __future__ import annotations

import re

from lark import Token, Tree

from checker.model import Citation, Item, Letter, Passage, Problem
from checker.parse.items import NotALetter, conclusion_of, make_item, specialty, with_ur_accounts, without_label
from checker.parse.lines import Span, line_index, parse_lines, span_of
from checker.parse.prose import prose_citation
from checker.parse.urstatus import read_statements
from checker.parse.vocabulary import Vocabulary
from checker.read.normalize import NormalizedText

NAMES = {
    "HOW_MADE": "'HOW THE IMR FINAL DETERMINATION WAS MADE'",
    "CASE_SUMMARY": "'CLINICAL CASE SUMMARY'",
    "DOCUMENTS": "'DOCUMENTS REVIEWED'",
    "DECISIONS": "'IMR DECISION(S) AND RATIONALE(S)'",
    "QUESTION": "an item question '1. Is the request for ... medically necessary?'",
    "CA_SECTION": "the section cited by the Claims Administrator",
    "REVIEWER_SECTION": "the section used by the Expert Reviewer",
    "RATIONALE": "'Rationale for the Decision:'",
    "LINE": "a line of text",
    "$END": "the end of the letter",
}
# The treatment inside a question, never the question: "Is the request for X ...", "Is the
# requested X ...", "Are X ...", "Was the retrospective request for X ...".
_QUESTION = re.compile(
    r"(?i)^\d{1,2}[.)]\s*(?:is|are|was|were)\s+(?:(?:the|this|a)\s+)?"
    r"(?:(?:(?:[a-z]+\s+)?request\s+for|requested)\s+)?(?P<treatment>.+?)"
    r"(?:\s+(?:to\s+be\s+)?(?:medically\s+(?:necessary|reasonable|appropriate|indicated)|reasonable\s+and\s+necessary"
    r"|necessary|appropriate|indicated|reasonable)\b.*|\s*\?)?$"
)
_HEADING = re.compile(r"^[^:.]{0,160}:\s*")
_QUESTION_END = re.compile(r"(?i)\?\s*$|\b(?:necessary|appropriate)\b")
_RATIONALE_LABEL = re.compile(r"(?i)^Rationale for the Decision\s*:?\s*")
_LETTER_DETERMINATION = re.compile(r"(?i)Final Determination\s*:\s*(?P<d>UPHOLD|OVERTURN)\b(?!\s+IN\s+PART)")
_SECTION_NAMES = {"how_made", "case_summary", "documents", "decisions"}


def read(text: NormalizedText, vocabulary: Vocabulary) -> tuple[Letter, list[Problem]]:
    tree = parse_lines(text, "format2.lark", NAMES)
    sections: dict[str, Passage] = {}
    item_trees: list[Tree[Token]] = []
    for section in tree.children:
        if not isinstance(section, Tree) or (span := span_of(section)) is None:
            continue
        if span.kind == "preamble" or span.kind in _SECTION_NAMES:
            sections.setdefault(span.kind, text.passage(span.start + (span.kind != "preamble"), span.stop))
        if span.kind == "decisions":
            item_trees.extend(c for c in section.children if isinstance(c, Tree) and c.data == "item")
    if "decisions" not in sections:
        raise NotALetter("no 'IMR DECISION(S) AND RATIONALE(S)' section: the letter may be cut off", _last(text))
    if not item_trees:
        raise NotALetter(
            "the IMR DECISION(S) AND RATIONALE(S) section lists no questions ('1. Is the request for ...');"
            " the letter may be cut off",
            _last(text),
        )
    summary = sections.get("case_summary", Passage(""))
    statements = read_statements(summary, vocabulary.ur, vocabulary.item_words, vocabulary.lexicon)
    stated = _LETTER_DETERMINATION.search(sections.get("preamble", Passage("")).text)
    letter_decision = None if stated is None else ("upheld" if stated.group("d").upper() == "UPHOLD" else "overturned")
    problems: list[Problem] = []
    items: list[Item] = []
    for index, item_tree in enumerate(item_trees, start=1):
        items.append(_item(index, item_tree, text, vocabulary, letter_decision, problems))
    how_made = sections.get("how_made")
    return Letter("format2", sections, with_ur_accounts(items, statements), specialty(how_made)), problems


def _item(
    index: int,
    tree: Tree[Token],
    text: NormalizedText,
    vocabulary: Vocabulary,
    letter_decision: str | None,
    problems: list[Problem],
) -> Item:
    question_token = tree.children[0]
    assert isinstance(question_token, Token)
    first = line_index(question_token)
    question_lines = [first]
    # A long question wraps: take following lines up to the one that ends it with `?`.
    for child in tree.children[1:4]:
        if not isinstance(child, Token) or _QUESTION_END.search(text.lines[question_lines[-1]]):
            break
        question_lines.append(line_index(child))
    header = " ".join(text.lines[i] for i in question_lines)
    line = text.numbers[first]
    match = _QUESTION.match(header)
    treatment_text = match.group("treatment") if match else header
    citations: list[Citation] = []
    rationale = Passage("")
    for part in tree.children:
        span = span_of(part) if isinstance(part, Tree) else None
        if span is None:
            continue
        if span.kind == "rationale":
            rationale = without_label(text.passage(span.start, span.stop), _RATIONALE_LABEL)
        else:
            citations.append(_citation(span, text, vocabulary))
    conclusion = conclusion_of(rationale, vocabulary, treatment_text)
    on_denial = vocabulary.denials.decision(rationale.text)
    if conclusion is not None:
        decision = "upheld" if conclusion.verdict == "not-necessary" else "overturned"
    elif on_denial is not None:
        decision = on_denial
    elif letter_decision is not None:
        decision = letter_decision
        note = f"item {index} states no conclusion; its decision is the letter's final determination"
        problems.append(Problem(note, line, "warning"))
    else:
        raise NotALetter(
            f"item {index} ('{treatment_text}') states no conclusion ('... is / is not medically necessary'),"
            " so its decision cannot be told",
            line,
        )
    return make_item(index, header, line, treatment_text, decision, tuple(citations), rationale, conclusion, vocabulary)


def _citation(span: Span, text: NormalizedText, vocabulary: Vocabulary) -> Citation:
    role = "claims_administrator" if span.kind == "ca_guideline" else "reviewer"
    body = without_label(text.passage(span.start, span.stop), _HEADING)
    line = body.line_at(0) or text.numbers[span.start]
    return prose_citation(role, body.text, line, vocabulary.section_names)


def _last(text: NormalizedText) -> int | None:
    return text.numbers[-1] if text.numbers else None
