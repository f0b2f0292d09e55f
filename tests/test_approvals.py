"""Approval letters in the published 2016-2017 style (tests/fixtures/approvals): the clinical rules
are precise on approvals as real reviewers word them.

The approval-* and inconsistent-* letters approve (Overturned) a drug. An approval the guideline
supports, its criteria documented in the many ways case summaries word them, must get no flag;
an approval it does not support must get the flag of its category. The denial-* letters uphold
one: the rationale-contradicts-record rule must be raised only where the summary documents what
the rationale finds undocumented. Each item's treatment, decision, drug class and UR status must
read as expected.yaml says.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest
import yaml

from checker.pipeline import check
from checker.report.views import letter_dict
from checker.rulebook.book import default_rulebook
from tests.support import SCORER, TESTS, load_script

APPROVALS = TESTS / "fixtures" / "approvals"
EXPECTED: dict[str, list[dict[str, Any]]] = yaml.safe_load((APPROVALS / "expected.yaml").read_text(encoding="utf-8"))


def _scorer() -> Any:
    return load_script(SCORER, "imr_score")


@cache
def _pairs(name: str) -> list[tuple[dict[str, Any], dict[str, Any] | None]]:
    text = (APPROVALS / name).read_text(encoding="utf-8")
    items = letter_dict(check(text, default_rulebook(), name))["items"]
    assert len(items) == len(EXPECTED[name]), name
    return list(_scorer().match_items(EXPECTED[name], items))


def test_every_letter_has_its_expectations_and_the_mix_is_kept() -> None:
    letters = sorted(p.name for p in APPROVALS.glob("*.txt"))
    assert letters == sorted(EXPECTED)
    items = [item for found in EXPECTED.values() for item in found]
    consistent = [i for i in items if i["decision"] == "overturned" and not i["required"]]
    inconsistent = [i for i in items if i["decision"] == "overturned" and i["required"]]
    denials = [i for name, found in EXPECTED.items() if name.startswith("denial-") for i in found]
    contradicted = [i for i in denials if "rationale-contradicts-record" in i["required"]]
    assert len(consistent) >= 23 and len(inconsistent) >= 7
    assert len(denials) >= 4 and 1 <= len(contradicted) < len(denials)


@pytest.mark.parametrize("name", sorted(EXPECTED))
@pytest.mark.parametrize("field", ["treatment", "decision", "drug_class", "ur_status"])
def test_each_item_reads_as_expected(name: str, field: str) -> None:
    for expected, got in _pairs(name):
        assert got is not None, f"{name}: no item for {expected['treatment']!r}"
        if field == "treatment":
            assert _scorer().norm(got["treatment"]) == _scorer().norm(expected["treatment"])
        else:
            assert got[field] == expected[field], (name, expected["treatment"])


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_flags_are_exactly_the_expected_categories(name: str) -> None:
    for expected, got in _pairs(name):
        assert got is not None
        raised = {flag["category"] for flag in got["flags"]}
        required = set(expected["required"])
        allowed = required | set(expected.get("allowed") or [])
        assert raised <= allowed, f"{name}: {expected['treatment']}: false flags {sorted(raised - allowed)}"
        assert required <= raised, f"{name}: {expected['treatment']}: missed {sorted(required - raised)}"


def test_the_scorer_counts_every_expected_flag_and_no_false_one() -> None:
    letters = []
    for name in EXPECTED:
        text = (APPROVALS / name).read_text(encoding="utf-8")
        letters.append({"path": name, **letter_dict(check(text, default_rulebook(), name))})
    result = _scorer().score({"letters": letters}, EXPECTED)
    items = sum(len(found) for found in EXPECTED.values())
    assert result["fields_total"] == items and all(
        result["fields"][key] == items for key in ("treatment", "decision", "drug_class", "ur_status")
    )
    required = sum(len(item["required"]) for found in EXPECTED.values() for item in found)
    assert sum(result["tp"].values()) == required == 8 and not result["fp"] and not result["fn"], result["lines"]
