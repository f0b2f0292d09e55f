"""The standard layout: `IMR ISSUES, DECISIONS AND RATIONALES` with `<treatment>: Upheld` items.

Three steps: rejoin item headers that text extraction split across lines; parse the lines with
the Lark letter grammar into blocks of line ranges (the case summary, each item's header,
guideline lines and rationale); build the model from those ranges.

Two header splits are common: the decision word alone on the line after its treatment
(`Norco 10/325mg #120:` / `Upheld`), and a long treatment wrapped before `: Upheld`
(`Norco 10/325mg` / `#120: Upheld`). Joined lines keep the original number of each part.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lark import Token, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from checker.model import Item, Letter, Passage, Problem
from checker.parse.citation import parse_citation
from checker.parse.grammars import line_parser
from checker.parse.items import (
    NotALetter,
    conclusion_of,
    make_item,
    no_conclusion,
    specialty,
    with_ur_accounts,
    without_label,
)
from checker.parse.lines import Span, StructureError, line_index, span_of, structure_failure
from checker.parse.urstatus import read_statements
from checker.parse.vocabulary import Vocabulary
from checker.read.normalize import NormalizedText


def read(text: NormalizedText, vocabulary: Vocabulary) -> tuple[Letter, list[Problem]]:
    text = rejoin_headers(text)
    try:
        blocks = parse_blocks(text)
    except StructureError as error:
        raise structure_failure(error, text) from None
    return build_letter(text, blocks, vocabulary)


# Rejoining split headers

_ISSUES = re.compile(r"(?i)^IMR ISSUES,? DECISIONS,? AND RATIONALES")
_BARE_DECISION = re.compile(r"^:?\s*(?:Upheld|UPHELD|Overturned|OVERTURNED)[ .]*$")
# Where a wrapped treatment's second line cannot begin a new treatment name.
_CONTINUATION = re.compile(r"^(?:[#(\[%,/&0-9a-z-]|(?i:qty|quantity|x\s?\d)\b)")
# A first line that is unfinished: ends in a comma, an open bracket or a joining word.
_UNFINISHED = re.compile(r"(?:[,(/&+-]|\b(?:and|with|of|in|for))$", re.IGNORECASE)
_ITEM_LABEL = re.compile(r"(?i)^(?:Claims Administrator guideline|MAXIMUS guideline|Decision rationale)\s*:")
# A header's last line: `<...>: Upheld`, or the decision alone after a line that ends in `:`.
_DECISION_END = re.compile(r"(?i)(?::\s*|^\s*:?\s*)(?:upheld|overturned)[ .]*$")
# A line that ends a sentence or a heading, allowing a closing quote or bracket after the stop.
_SENTENCE_END = re.compile(r"[.:;?!][\"')\]]*$")
# A partial authorisation's header names the original request; its first sentence says so.
_ORIGINAL_REQUEST = re.compile(r"(?i)\boriginal\s+request\b")
_FULL_STOP = re.compile(r"\.(?:\s|$)")
_OPENS_PARTIAL = re.compile(r"(?i)\bwas\s+the\s+original\s+request\b")
# The longest header seen is five lines; a bound keeps a stray "original request" from eating a page.
_MAX_HEADER_LINES = 8


def rejoin_headers(text: NormalizedText) -> NormalizedText:
    """`text` with split item headers joined; unchanged (the same object) when none are split."""
    start = next(
        (i + 1 for i, line in enumerate(text.lines) if line[:3].upper() == "IMR" and _ISSUES.match(line)), None
    )
    if start is None:
        return text
    lines = text.lines
    merges: list[int] = []
    for index in range(start + 1, len(lines)):
        if _names_a_decision(lines[index]) and _DECISION_END.search(lines[index]):
            first = _header_start(lines, index, start)
            merges.extend(range(first + 1, index + 1))
    return _merge(text, merges) if merges else text


def _names_a_decision(line: str) -> bool:
    """Only a line naming a decision can complete a split header: a cheap test before the rest."""
    low = line.lower()
    return "upheld" in low or "overturned" in low


def _header_start(lines: tuple[str, ...], last: int, floor: int) -> int:
    """The first line of the header that ends on line `last`: walk back over wrapped lines.

    A plain header wraps where its second line cannot begin a treatment name or its first line
    is unfinished. A partial authorisation ("X was the original request. Y was authorized by the
    Claims Administrator. The remaining IMR eligible portion of the original request, Z is:
    Upheld") spans several sentences, so it is followed back to the sentence that names the
    original request, whatever ends the lines in between.
    """
    first = last
    if _BARE_DECISION.match(lines[last]):
        previous = lines[last - 1] if last - 1 > floor else ""
        # Only after something that reads as a treatment: a dose, a quantity or a colon.
        if not (previous.endswith(":") or any(c.isdigit() or c == "#" for c in previous)):
            return last
        first = last - 1
    while first - 1 > floor and last - first < _MAX_HEADER_LINES:
        previous, block = lines[first - 1], " ".join(lines[first : last + 1])
        if _ITEM_LABEL.match(previous) or _DECISION_END.search(previous):
            break
        if _ends_a_partial(previous + " " + block) and not _OPENS_PARTIAL.search(block):
            first -= 1  # the sentence naming the original request is still above
            continue
        if _SENTENCE_END.search(previous):
            break
        if not (_CONTINUATION.match(block) or _UNFINISHED.search(previous)):
            break
        first -= 1
    return first


def _ends_a_partial(text: str) -> bool:
    """Whether the sentence that ends in the decision names the original request ("... of the
    original request, Z is: Upheld"); a rationale that mentions it in an earlier sentence does not."""
    mentions = list(_ORIGINAL_REQUEST.finditer(text))
    if not mentions:
        return False
    rest = _DECISION_END.sub("", text[mentions[-1].end() :])
    return _FULL_STOP.search(rest) is None


def _merge(text: NormalizedText, merges: list[int]) -> NormalizedText:
    """Join each line index in `merges` onto the line before it."""
    targets = set(merges)
    lines: list[str] = []
    numbers: list[int] = []
    joins: dict[int, tuple[tuple[int, int], ...]] = {}
    for index, line in enumerate(text.lines):
        fragments = text.joins.get(index, ())
        if index in targets and lines:
            previous = lines[-1]
            bare = _BARE_DECISION.match(line) is not None
            glue = " " if not bare or previous.endswith(":") else ": "
            column = len(previous) + len(glue)
            tail = line.lstrip(": ") if bare else line
            target = len(lines) - 1
            moved = ((column, text.numbers[index]), *((column + c, n) for c, n in fragments))
            joins[target] = (*joins.get(target, ()), *moved)
            lines[-1] = previous + glue + tail
            continue
        if fragments:
            joins[len(lines)] = fragments
        lines.append(line)
        numbers.append(text.numbers[index])
    return NormalizedText(tuple(lines), tuple(numbers), joins)


# The letter grammar: lines into blocks of line ranges

# Readable names for the grammar's terminals, used in parse-error messages.
TERMINAL_NAMES = {
    "HOW_MADE": "'HOW THE IMR FINAL DETERMINATION WAS MADE'",
    "CREDENTIALS": "the reviewer's credentials",
    "CASE_SUMMARY": "'CLINICAL CASE SUMMARY'",
    "ISSUES": "'IMR ISSUES, DECISIONS AND RATIONALES'",
    "ITEM_HEADER": "an item header '<treatment>: Upheld|Overturned'",
    "CA_GUIDELINE": "'Claims Administrator guideline:'",
    "REVIEWER_GUIDELINE": "'MAXIMUS guideline:'",
    "RATIONALE": "'Decision rationale:'",
    "LINE": "a line of text",
    "$END": "the end of the letter",
}


@dataclass(slots=True)
class RawItem:
    header: Span
    guidelines: list[Span] = field(default_factory=list)
    rationale: Span | None = None


@dataclass(slots=True)
class Blocks:
    """The sections and item blocks of a standard-layout letter, as ranges of normalized lines."""

    sections: dict[str, Span] = field(default_factory=dict)
    items: list[RawItem] = field(default_factory=list)
    last_section: str | None = None
    preamble: Span | None = None  # the lines before the first heading (the case number and dates)


def parse_blocks(text: NormalizedText) -> Blocks:
    """Parse the lines into sections and item blocks; raise StructureError when the lines cannot be ordered."""
    try:
        tree = line_parser("letter.lark").parse(text.lines)
    except UnexpectedInput as error:
        raise _explain(error) from None
    blocks = Blocks()
    total = len(text.lines)
    for section in tree.children:
        if not isinstance(section, Tree):
            continue
        span = span_of(section, total)
        if span is None:
            continue
        blocks.last_section = span.kind
        if span.kind != "preamble":
            blocks.sections.setdefault(span.kind, span)
        elif blocks.preamble is None:
            blocks.preamble = span
        if section.data == "issues":
            blocks.items.extend(_item(child, total) for child in section.children if isinstance(child, Tree))
    return blocks


def _item(tree: Tree[Token], total: int) -> RawItem:
    header_token = tree.children[0]
    assert isinstance(header_token, Token)
    header_index = line_index(header_token)
    item = RawItem(Span("header", header_index, header_index + 1))
    for child in tree.children[1:]:
        if isinstance(child, Token):
            # Lines between the header and the first guideline (a wrapped header).
            continue
        span = span_of(child, total)
        if span is None:
            continue
        if child.data == "guideline":
            first = child.children[0]
            kind = "claims_administrator" if getattr(first, "type", "") == "CA_GUIDELINE" else "reviewer"
            item.guidelines.append(Span(kind, span.start, span.stop))
        elif child.data == "rationale":
            item.rationale = span
    return item


def _explain(error: UnexpectedInput) -> StructureError:
    index = max(int(getattr(error, "line", 1) or 1) - 1, 0)
    if isinstance(error, UnexpectedToken):
        found = TERMINAL_NAMES.get(error.token.type, repr(str(error.token).strip()))
        expected = sorted(TERMINAL_NAMES.get(t, t) for t in error.expected if t in TERMINAL_NAMES)
        hint = f"; expected {' or '.join(expected)}" if expected else ""
        return StructureError(f"unexpected {found}{hint}", index)
    if isinstance(error, UnexpectedCharacters):
        return StructureError("unreadable text where a line was expected", index)
    return StructureError(str(error).splitlines()[0], index)


# The model from the blocks

# The treatment runs to the last colon: a treatment may hold one ("Associated surgical service: Sling").
_ITEM_HEADER = re.compile(r"^(?P<treatment>.*)\s*:\s*(?P<decision>upheld|overturned)\b", re.IGNORECASE)
_RATIONALE_LABEL = re.compile(r"^(?:Decision rationale|CLINICAL CASE SUMMARY)\s*:?\s*", re.IGNORECASE)


def build_letter(text: NormalizedText, blocks: Blocks, vocabulary: Vocabulary) -> tuple[Letter, list[Problem]]:
    sections = {name: text.passage(span.start + 1, span.stop) for name, span in blocks.sections.items()}
    if blocks.preamble is not None:
        sections["preamble"] = text.passage(blocks.preamble.start, blocks.preamble.stop)
    if "issues" not in blocks.sections:
        raise NotALetter(_missing_issues(text, blocks), _last_line(text))
    if not blocks.items:
        issues = blocks.sections["issues"]
        raise NotALetter(
            "the IMR ISSUES, DECISIONS AND RATIONALES section lists no disputed items"
            " ('<treatment>: Upheld|Overturned'); the letter may be cut off",
            text.numbers[issues.start],
        )
    summary = sections.get("case_summary", Passage(""))
    statements = read_statements(summary, vocabulary.ur, vocabulary.item_words, vocabulary.lexicon)
    problems: list[Problem] = []
    items = []
    for index, raw in enumerate(blocks.items, start=1):
        item, item_problems = _build_item(index, raw, text, vocabulary)
        items.append(item)
        problems.extend(item_problems)
    reviewer = specialty(sections.get("credentials"), sections.get("how_made"))
    return Letter("standard", sections, with_ur_accounts(items, statements), reviewer), problems


def _build_item(index: int, raw: RawItem, text: NormalizedText, vocabulary: Vocabulary) -> tuple[Item, list[Problem]]:
    header_line = text.numbers[raw.header.start]
    header = text.lines[raw.header.start]
    match = _ITEM_HEADER.match(header)
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
        rationale = without_label(text.passage(raw.rationale.start, raw.rationale.stop), _RATIONALE_LABEL)
    conclusion = conclusion_of(rationale, vocabulary, match.group("treatment"))
    if conclusion is None and rationale.text:
        problems.append(no_conclusion(match.group("treatment"), header_line))
    item = make_item(
        index,
        header,
        header_line,
        match.group("treatment"),
        match.group("decision").lower(),
        citations,
        rationale,
        conclusion,
        vocabulary,
    )
    return item, problems


def _missing_issues(text: NormalizedText, blocks: Blocks) -> str:
    if not text.lines:
        return "the file has no text: not an IMR letter"
    if blocks.sections:
        last = blocks.last_section or "preamble"
        return (
            "no 'IMR ISSUES, DECISIONS AND RATIONALES' section: the letter ends in its"
            f" {last.replace('_', ' ')} section and may be cut off"
        )
    return (
        "not an IMR letter: none of its section headings were found (expected 'IMR ISSUES, DECISIONS AND RATIONALES')"
    )


def _last_line(text: NormalizedText) -> int | None:
    return text.numbers[-1] if text.numbers else None
