"""Parse a normalized letter into its sections and items with the Lark letter grammar.

The result is a layout of line ranges: what is the case summary, where each item's header,
guideline lines and rationale are. `extract` turns those ranges into the model.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lark import Token, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from checker.parse.grammars import line_parser
from checker.read.normalize import NormalizedText

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


class StructureError(ValueError):
    """The letter's lines do not follow the layout; `index` is the normalized line."""

    def __init__(self, message: str, index: int | None) -> None:
        super().__init__(message)
        self.index = index


@dataclass(frozen=True, slots=True)
class Span:
    """Normalized lines `start` to `stop - 1`; `start` is the heading or header line."""

    kind: str
    start: int
    stop: int


@dataclass(slots=True)
class RawItem:
    header: Span
    guidelines: list[Span] = field(default_factory=list)
    rationale: Span | None = None


@dataclass(slots=True)
class Layout:
    sections: dict[str, Span] = field(default_factory=dict)
    items: list[RawItem] = field(default_factory=list)
    last_section: str | None = None


def parse_layout(text: NormalizedText) -> Layout:
    """Parse the standard layout; raise StructureError when the lines cannot be ordered."""
    try:
        tree = line_parser("letter.lark").parse(text.lines)
    except UnexpectedInput as error:
        raise _explain(error) from None
    layout = Layout()
    total = len(text.lines)
    for section in tree.children:
        if not isinstance(section, Tree):
            continue
        span = span_of(section, total)
        if span is None:
            continue
        layout.last_section = span.kind
        if span.kind != "preamble":
            layout.sections.setdefault(span.kind, span)
        if section.data == "issues":
            layout.items.extend(_item(child, total) for child in section.children if isinstance(child, Tree))
    return layout


def span_of(tree: Tree, total: int | None = None) -> Span | None:
    """The normalized lines a subtree covers, from its tokens; None when it holds none.

    A token ends where the next line starts, and one token may cover a run of lines.
    """
    start = end = -1
    for token in tree.scan_values(lambda v: isinstance(v, Token)):
        if start < 0:
            start = int(token.line) - 1
        end = max(end, int(token.end_line) - 1)
    if start < 0:
        return None
    return Span(str(tree.data), start, end if total is None else min(end, total))


def _item(tree: Tree, total: int) -> RawItem:
    header_token = tree.children[0]
    assert isinstance(header_token, Token)
    header_index = int(header_token.line) - 1
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
