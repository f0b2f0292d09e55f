"""The 65 real published letters (tests/fixtures/real) read as their labels say a QA reviewer reads them.

Each item's treatment, decision, drug class and UR status must equal its label, and no flag may
fall outside the label's `required` + `allowed` categories. A metamorphic test flips every item
header (Upheld <-> Overturned) and requires a decision-rationale conflict on every flipped item
and on none of the originals.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from checker.model import LetterResult
from checker.pipeline import check, decode_source
from checker.read.ingest import read_source
from checker.rulebook.book import default_rulebook
from tests.support import SCORER, TESTS, load_script

REAL = TESTS / "fixtures" / "real"
LABELS = sorted((REAL / "labels").glob("*.yaml"))

# Items the checker reads wrong, each for a reason in the letter itself; each must keep failing
# (strict), so that a fix shows here and its entry goes.
KNOWN_MISSES = {
    ("CM16-0248471", "Wedge pillow", "ur_status"): "the UR sentence is garbled dictation: 'which below, spaces'",
    ("CM16-0248471", "Wrist braces #2", "ur_status"): "the UR sentence is garbled dictation: 'spaces'",
    ("CM16-0248471", "Elbow braces #2", "ur_status"): "the UR sentence is garbled dictation: 'elbow creases'",
    ("CM17-0006634", "Six sessions of acupuncture one time a week for six weeks", "ur_status"): (
        "the UR sentence is garbled dictation: 'echo puncture'"
    ),
}
# Labelled flags that another rulebook raises: they are checked as soon as it is in place.
NOT_YET_RAISED: dict[tuple[str, str, str], str] = {}


def _scorer() -> Any:
    return load_script(SCORER, "imr_score")


@cache
def _text(case: str) -> str:
    text, _ = decode_source(read_source(str(REAL / f"{case}.pdf")))
    return text


@cache
def _result(case: str) -> LetterResult:
    return check(_text(case), default_rulebook(), f"{case}.pdf")


def _labelled_items() -> list[tuple[str, dict[str, Any]]]:
    out = []
    for path in LABELS:
        label = yaml.safe_load(path.read_text(encoding="utf-8"))
        out.extend((path.stem, item) for item in label["items"])
    return out


@cache
def _pairs(case: str) -> list[tuple[dict[str, Any], dict[str, Any] | None]]:
    from checker.report.views import letter_dict

    label = yaml.safe_load((REAL / "labels" / f"{case}.yaml").read_text(encoding="utf-8"))
    report_items = letter_dict(_result(case))["items"]
    return list(_scorer().match_items(label["items"], report_items))


def _params() -> list[Any]:
    params = []
    for case, item in _labelled_items():
        for field in ("treatment", "decision", "drug_class", "ur_status"):
            reason = KNOWN_MISSES.get((case, item["treatment"], field))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            params.append(
                pytest.param(case, item["treatment"], field, marks=marks, id=f"{case}-{field}-{item['treatment'][:40]}")
            )
    return params


@pytest.mark.parametrize(("case", "treatment", "field"), _params())
def test_each_item_reads_as_labelled(case: str, treatment: str, field: str) -> None:
    scorer = _scorer()
    expected, got = next((e, g) for e, g in _pairs(case) if e["treatment"] == treatment)
    assert got is not None, f"{case}: no item for {treatment!r}"
    if field == "treatment":
        assert scorer.norm(got["treatment"]) == scorer.norm(expected["treatment"])
    else:
        assert got[field] == expected[field]


@pytest.mark.parametrize("case", [p.stem for p in LABELS])
def test_no_flag_outside_the_labels_and_every_required_flag(case: str) -> None:
    for expected, got in _pairs(case):
        assert got is not None
        raised = {flag["category"] for flag in got["flags"]}
        allowed = set(expected.get("required") or []) | set(expected.get("allowed") or [])
        assert raised <= allowed, f"{expected['treatment']}: {sorted(raised - allowed)}"
        for category in expected.get("required") or []:
            if (case, expected["treatment"], category) in NOT_YET_RAISED:
                continue
            assert category in raised, f"{expected['treatment']}: {category} not raised"


def test_the_labelled_flags_not_yet_raised_are_still_not_raised() -> None:
    """When another rulebook raises one of them, it leaves NOT_YET_RAISED."""
    for (case, treatment, category), _ in NOT_YET_RAISED.items():
        got = next(g for e, g in _pairs(case) if e["treatment"] == treatment)
        assert got is not None and category not in {f["category"] for f in got["flags"]}


_DECISION = re.compile(r"(?m)((?::\s*|^\s*)(?:is:\s*)?)(Upheld|Overturned|UPHELD|OVERTURNED)(\s*\.?\s*)$")
_SWAP = {"Upheld": "Overturned", "Overturned": "Upheld", "UPHELD": "OVERTURNED", "OVERTURNED": "UPHELD"}


@pytest.mark.slow
@pytest.mark.parametrize("case", [p.stem for p in LABELS])
def test_a_flipped_header_is_always_flagged_and_an_original_never(case: str) -> None:
    text = _text(case)
    flipped_text = _DECISION.sub(lambda m: m.group(1) + _SWAP[m.group(2)] + m.group(3), text)
    original = _result(case)
    flipped = check(flipped_text, default_rulebook(), f"{case}.pdf")
    assert [i.item.treatment.text for i in flipped.items] == [i.item.treatment.text for i in original.items]
    for before, after in zip(original.items, flipped.items, strict=True):
        assert after.item.decision != before.item.decision
        assert "decision-rationale-conflict" in {f.category for f in after.flags}, after.item.treatment.text
        assert "decision-rationale-conflict" not in {f.category for f in before.flags}, before.item.treatment.text


def test_the_letters_are_all_here() -> None:
    assert len(LABELS) == 65 == len(list(REAL.glob("*.pdf")))
    assert sum(1 for _ in _labelled_items()) == 158


def test_the_fixture_pdfs_are_the_published_ones() -> None:
    # The letters are data from outside the project: nothing here edits them.
    assert all(Path(p).read_bytes().startswith(b"%PDF") for p in REAL.glob("*.pdf"))
