"""The fast line parser gives the layout Lark's own contextual lexer gives, line for line."""

from __future__ import annotations

import pytest
from lark import Token, Tree

from checker.parse.grammars import line_parser, load
from checker.read.normalize import normalize
from tests.support import EXAMPLES


def _shape(tree: Tree) -> list[object]:
    """Each subtree's rule and the lines its tokens cover, in order (runs of LINE merged)."""
    out: list[object] = []
    for child in tree.children:
        if isinstance(child, Tree):
            tokens = list(child.scan_values(lambda v: isinstance(v, Token)))
            first = tokens[0].line if tokens else None
            last = max((t.end_line - 1 for t in tokens), default=None)
            types = [t.type for t in tokens if t.type != "LINE"]
            out.append((str(child.data), first, last, types, _shape(child)))
    return out


def _outcome(parse, *args) -> object:  # type: ignore[no-untyped-def]
    try:
        return _shape(parse(*args))
    except Exception as error:
        return (type(error).__name__, str(error))


def _both(lines: list[str]) -> tuple[object, object]:
    parser = line_parser("letter.lark")
    assert parser.enabled
    fast = _outcome(parser.parse, lines)
    slow = _outcome(load("letter.lark").parse, "\n".join(lines) + "\n")
    return fast, slow


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.txt")), ids=lambda p: p.name[:3])
def test_same_tree_as_lark_on_the_examples(path) -> None:
    fast, slow = _both(list(normalize(path.read_text(encoding="utf-8")).lines))
    assert isinstance(slow, list) and len(slow) >= 4
    assert fast == slow


def test_a_letter_of_ordinary_lines_only() -> None:
    fast, slow = _both(["just", "some", "text", "here"])
    assert fast == slow


def test_an_item_label_quoted_in_a_summary_stays_an_ordinary_line() -> None:
    lines = ["CLINICAL CASE SUMMARY", "a line", "MAXIMUS guideline: not in an item", "more"]
    fast, slow = _both(lines)
    assert slow == [("preamble", None, None, [], []), ("case_summary", 1, 4, ["CASE_SUMMARY"], [])]
    assert fast == slow


def test_a_guideline_label_after_the_rationale_stays_in_the_rationale() -> None:
    lines = [
        "IMR ISSUES, DECISIONS AND RATIONALES",
        "Norco 10mg #60: Upheld",
        "Decision rationale: the reason",
        "Claims Administrator guideline: quoted after the rationale",
    ]
    fast, slow = _both(lines)
    assert isinstance(slow, list)
    rationale = slow[1][4][0][4][0]
    assert rationale == ("rationale", 3, 4, ["RATIONALE"], [])
    assert fast == slow


def test_headings_out_of_context_stay_ordinary_lines() -> None:
    lines = [
        "Some preamble: Upheld",
        "CLINICAL CASE SUMMARY",
        "Norco 10mg #60: Upheld",
        "IMR ISSUES, DECISIONS AND RATIONALES",
        "Decision rationale: before any item",
        "Norco 10mg #60: Upheld",
        "text",
        "more text",
        "Claims Administrator guideline: Decision based on MTUS Page(s): 1.",
        "Decision rationale: first",
        "Decision rationale: a second label inside the rationale",
        "line",
        "line",
        "line",
        "Flexeril 5mg #60: Overturned",
    ]
    fast, slow = _both(lines)
    assert isinstance(slow, list)
    assert fast == slow
