"""The default rulebook on the five real letters: exactly the flags EXPECTED.yaml allows."""

from __future__ import annotations

import pytest
import yaml

from checker.model import EVIDENCE_ROLES
from checker.pipeline import check
from checker.rulebook.book import Rulebook, default_rulebook
from tests.support import EXAMPLES, EXPECTED


@pytest.fixture(scope="module")
def rulebook() -> Rulebook:
    return default_rulebook()


def _expected() -> list[tuple[str, dict]]:
    data = yaml.safe_load(EXPECTED.read_text(encoding="utf-8"))
    return [(name, item) for name, items in data.items() for item in items]


@pytest.mark.parametrize(("name", "expected"), _expected(), ids=lambda v: v if isinstance(v, str) else v["treatment"])
def test_flags_are_required_and_allowed_only(rulebook: Rulebook, name: str, expected: dict) -> None:
    result = check((EXAMPLES / name).read_text(encoding="utf-8"), rulebook, name)
    items = {i.item.treatment.text: i for i in result.items}
    item = items[expected["treatment"]]
    categories = {flag.category for flag in item.flags}
    assert set(expected["required"]) <= categories
    assert categories <= set(expected["required"]) | set(expected["allowed"])


def test_every_flag_names_its_guideline_and_evidence_lines(rulebook: Rulebook) -> None:
    text = (EXAMPLES / "004_5bb1afb40656a8b8.txt").read_text(encoding="utf-8")
    lines = text.splitlines()
    result = check(text, rulebook)
    flagged = [(item, flag) for item in result.items for flag in item.flags]
    assert flagged
    for item, flag in flagged:
        if flag.rule.startswith("core/"):
            # a procedural flag (the header against the conclusion, the item across the letter)
            # cites no drug section: its criterion is the letter's own consistency
            assert "[" not in flag.message and "MTUS" not in flag.criterion
        else:
            assert "[MTUS 2009, " in flag.message and flag.criterion.startswith("MTUS 2009, ")
        assert flag.criterion and flag.check
        # the flag points at its item's header; the evidence after it says what each line is
        assert (flag.evidence[0].line, flag.evidence[0].role) == (item.item.line, "header")
        assert all(e.role in EVIDENCE_ROLES for e in flag.evidence)
        for evidence in flag.evidence:
            # Evidence lines point into the original file: that line's words are in the evidence.
            original = " ".join(lines[evidence.line - 1].split())
            found = " ".join(evidence.text.split())
            assert original
            assert " ".join(found.split()[:3]) in original or " ".join(original.split()[:3]) in found


def test_opioid_monitoring_names_the_missing_four_as(rulebook: Rulebook) -> None:
    result = check((EXAMPLES / "004_5bb1afb40656a8b8.txt").read_text(encoding="utf-8"), rulebook)
    duragesic = result.items[1]
    (flag,) = [f for f in duragesic.flags if f.category == "opioid-monitoring"]
    assert "activities of daily living, adverse effects and aberrant drug-taking behaviour" in flag.message
    assert "analgesia" not in flag.message.split("does not document")[1].split("[")[0]
    # what is missing is not mentioned anywhere: the letter does not say it is absent
    assert [(m.what, m.state) for m in flag.missing] == [
        ("activities of daily living", "not mentioned"),
        ("adverse effects", "not mentioned"),
        ("aberrant drug-taking behaviour", "not mentioned"),
    ]


def test_the_header_conflict_is_one_flag_not_a_conflict_and_its_consequences(rulebook: Rulebook) -> None:
    result = check((EXAMPLES / "004_5bb1afb40656a8b8.txt").read_text(encoding="utf-8"), rulebook)
    norco = result.items[2]
    # approved in the header, denied in the conclusion: the opioid monitoring rule, which presumes
    # the approval, adds nothing; the strength mismatch is another problem and stays
    assert [f.rule for f in norco.flags] == ["core/DEC-001", "core/ITEM-001"]
