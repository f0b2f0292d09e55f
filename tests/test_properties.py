"""Property tests: random edits of real letters never crash the checker or break the report.

Edits: deleted lines, duplicated blocks (sections), shuffled items, inserted noise, and
truncation at any byte, alone or combined, on the example letters, the other-layout test
letters and PDFs of the examples. For every edited letter the checker returns a result (no
exception, no internal error), every line number it reports lies inside the file, and the
report validates against the JSON Schema.

The budget is fixed and derandomized so CI stays fast and repeatable; for a deeper random
search set IMR_CHECK_PROPERTY_EXAMPLES (e.g. 5000).
"""

from __future__ import annotations

import json
import os
import re
from functools import cache

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.datafiles.resources import schema_path
from checker.model import LetterResult
from checker.pipeline import check_source
from checker.read.ingest import Source
from checker.read.pdf import NotAPdf, pdf_text
from checker.report.views import letter_dict
from checker.rulebook.book import Rulebook, default_rulebook
from tests.pdfs import letter_pdf
from tests.support import EXAMPLES

pytestmark = pytest.mark.slow  # hypothesis runs on a fixed budget of a few seconds

FIXTURES = EXAMPLES.parent.parent / "tests" / "fixtures" / "layouts"
LETTERS = {
    p.name: p.read_text(encoding="utf-8") for p in [*sorted(EXAMPLES.glob("*.txt")), *sorted(FIXTURES.glob("*.txt"))]
}
_DEEP = int(os.environ.get("IMR_CHECK_PROPERTY_EXAMPLES", "0"))
PROPERTY = settings(
    max_examples=_DEEP or 100,
    deadline=None,
    derandomize=not _DEEP,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
_ITEM_START = re.compile(
    r"^(?:.{1,300}?:\s*(?:Upheld|Overturned)|\d{1,2}[.)] ?Is the request)", re.IGNORECASE | re.MULTILINE
)


@cache
def rulebook() -> Rulebook:
    return default_rulebook()


@cache
def report_validator() -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator(json.loads(schema_path("report.schema.json").read_text(encoding="utf-8")))


def assert_sound(result: LetterResult, line_count: int) -> None:
    """No crash, no internal error, every line inside the file, and a valid report."""
    assert result.status in ("ok", "error")
    for problem in (*result.errors, *result.warnings):
        assert "internal error" not in problem.message, problem.message
        assert problem.line is None or 1 <= problem.line <= line_count, (problem, line_count)
    flags = [*result.flags, *(f for i in result.items for f in i.flags)]
    for item_result in result.items:
        item = item_result.item
        assert 1 <= item.line <= line_count
        for citation in item.citations:
            assert 1 <= citation.line <= line_count
        if item.conclusion is not None:
            assert 1 <= item.conclusion.line <= line_count
    for flag in flags:
        for evidence in flag.evidence:
            assert 1 <= evidence.line <= line_count, (flag.rule, evidence, line_count)
    report = {
        "tool": {"name": "imr-check", "version": "0"},
        "rulebook": {"name": "r", "version": "1", "rules": 0},
        "letters": [letter_dict(result)],
        "summary": {"letters": 1, "items": len(result.items), "flags": len(flags), "errors": len(result.errors)},
    }
    report_validator().validate(report)


def lines_of(text: str) -> int:
    return text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1


def check_text(text: str) -> None:
    result = check_source(Source("edited.txt", text.encode("utf-8")), rulebook())
    assert_sound(result, lines_of(text))


# --- edits -----------------------------------------------------------------------------------

noise = st.one_of(
    st.text(max_size=80),
    st.sampled_from(
        [
            "IMR ISSUES, DECISIONS AND RATIONALES",
            "CLINICAL CASE SUMMARY",
            "Decision rationale:",
            "MAXIMUS guideline: Decision based on MTUS Page(s): 999-1.",
            "Claims Administrator guideline:",
            "Norco 10/325mg #120: Upheld",
            ": Overturned",
            "Upheld",
            "1. Is the request for Soma 350mg #60 medically necessary and appropriate?",
            "Rationale for the Decision:",
            "ISSUE AT DISPUTE:",
            "RATIONALE FOR WHY THE REQUESTED TREATMENT/SERVICE IS/WAS NOT MEDICALLY NECESSARY:",
            "Page 2 of 3",
            "\f",
            "\r",
            "\x00",
            "\ufeff",
            "-",
            "short-",
            "The request is not medically necessary. The utilization review certified Norco.",
        ]
    ),
)


@st.composite
def edited_letter(draw: st.DrawFn) -> str:
    text = LETTERS[draw(st.sampled_from(sorted(LETTERS)))]
    lines = text.split("\n")
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["delete", "duplicate", "shuffle", "noise"]))
        if not lines:
            break
        at = draw(st.integers(0, len(lines) - 1))
        if kind == "delete":
            del lines[at : at + draw(st.integers(1, 40))]
        elif kind == "duplicate":
            block = lines[at : at + draw(st.integers(1, 80))]
            lines[at:at] = block
        elif kind == "noise":
            lines.insert(at, draw(noise))
        else:
            lines = _shuffle_items(lines, draw)
    return "\n".join(lines)


def _shuffle_items(lines: list[str], draw: st.DrawFn) -> list[str]:
    starts = [i for i, line in enumerate(lines) if _ITEM_START.match(line.strip())]
    if len(starts) < 2:
        return lines
    head = lines[: starts[0]]
    blocks = [lines[a:b] for a, b in zip(starts, [*starts[1:], len(lines)], strict=True)]
    order = draw(st.permutations(range(len(blocks))))
    return head + [line for i in order for line in blocks[i]]


# --- properties ------------------------------------------------------------------------------


@PROPERTY
@given(edited_letter())
def test_edited_letters_never_break_the_checker(text: str) -> None:
    check_text(text)


@PROPERTY
@given(st.sampled_from(sorted(LETTERS)), st.data())
def test_truncation_at_any_byte(name: str, data: st.DataObject) -> None:
    raw = LETTERS[name].encode("utf-8")
    cut = data.draw(st.integers(0, len(raw)))
    truncated = raw[:cut]
    result = check_source(Source(name, truncated), rulebook())
    assert_sound(result, truncated.count(b"\n") + 1)


@PROPERTY
@given(edited_letter(), st.sampled_from(["\r\n", "\r", "\n\n", "\n \n"]))
def test_edited_letters_with_other_line_breaks(text: str, newline: str) -> None:
    check_text(text.replace("\n", newline))


@cache
def example_pdf(name: str) -> bytes:
    return letter_pdf(LETTERS[name])


@settings(PROPERTY, max_examples=_DEEP or 25)
@given(st.sampled_from(sorted(p.name for p in EXAMPLES.glob("*.txt"))), st.data())
def test_truncated_and_corrupted_pdfs(name: str, data: st.DataObject) -> None:
    raw = example_pdf(name)
    cut = data.draw(st.integers(0, len(raw)))
    damaged = bytearray(raw[:cut])
    for _ in range(data.draw(st.integers(0, 3))):
        if damaged:
            damaged[data.draw(st.integers(0, len(damaged) - 1))] = data.draw(st.integers(0, 255))
    result = check_source(Source(f"{name}.pdf", bytes(damaged)), rulebook())
    try:
        line_count = lines_of(pdf_text(bytes(damaged)))
    except NotAPdf:
        line_count = 0  # unreadable: no error may name a line
    assert_sound(result, line_count)
