"""Editing YAML alone changes what is checked: no code change, no restart of anything but the run."""

from __future__ import annotations

from pathlib import Path

from checker.pipeline import check
from checker.rulebook.book import default_rulebook, load_rulebook
from tests.rulebook_copies import copy_rules, edit, letter
from tests.support import EXAMPLES


def _rules_raised(text: str, book) -> set[str]:  # type: ignore[no-untyped-def]
    result = check(text, book)
    assert result.status == "ok", result.errors
    return {flag.rule for flag in result.items[0].flags}


FOUR_WEEKS_FOR_A_FLARE = letter(
    summary="The injured worker reports a flare-up of low back pain after lifting a box.",
    item="Flexeril 5mg #30: Overturned",
    rationale="He has used Flexeril for 4 weeks since the flare. Flexeril 5mg #30 is medically necessary.",
)


def test_raising_the_muscle_relaxant_limit_to_four_weeks_stops_the_flag(tmp_path: Path) -> None:
    assert "mtus-2009/MR-001" in _rules_raised(FOUR_WEEKS_FOR_A_FLARE, default_rulebook())
    rules = copy_rules(tmp_path)
    edit(rules / "mtus-2009" / "rulebook.yaml", "muscle_relaxant_max_weeks: 3", "muscle_relaxant_max_weeks: 4")
    book = load_rulebook(rules)
    assert "mtus-2009/MR-001" not in _rules_raised(FOUR_WEEKS_FOR_A_FLARE, book)
    # the flag's criterion says the rulebook's limit
    assert "This rulebook's short term is 4 weeks." in book.rule("mtus-2009/MR-001").criterion  # type: ignore[union-attr]


def test_a_new_misspelling_in_the_lexicon_lets_the_drug_be_recognised(tmp_path: Path) -> None:
    text = letter(item="Flexerill 10mg #90: Overturned", rationale="Flexerill 10mg #90 is medically necessary.")
    assert check(text, default_rulebook()).items[0].item.drug_class == "other"
    rules = copy_rules(tmp_path)
    edit(rules / "drugs.yaml", "misspellings: [Flexiril,", "misspellings: [Flexerill, Flexiril,")
    result = check(text, load_rulebook(rules))
    assert result.items[0].item.drug == "cyclobenzaprine"
    assert {"mtus-2009/MR-002"} <= {flag.rule for flag in result.items[0].flags}


def test_a_new_negation_cue_changes_a_finding(tmp_path: Path) -> None:
    text = letter(
        summary="The examination rules out any new injury.",
        item="Flexeril 5mg #20: Overturned",
        rationale="Flexeril 5mg #20 is medically necessary.",
    )
    assert "mtus-2009/MR-002" not in _rules_raised(text, default_rulebook())
    rules = copy_rules(tmp_path)
    edit(rules / "concepts.yaml", "    - negative for\n", "    - negative for\n    - rules out\n")
    assert "mtus-2009/MR-002" in _rules_raised(text, load_rulebook(rules))


def test_disabling_a_rule_removes_its_flags(tmp_path: Path) -> None:
    text = (EXAMPLES / "004_5bb1afb40656a8b8.txt").read_text(encoding="utf-8")

    def raised(book) -> set[str]:  # type: ignore[no-untyped-def]
        return {flag.rule for item in check(text, book).items for flag in item.flags}

    assert "mtus-2009/OPI-001" in raised(default_rulebook())
    assert "mtus-2009/OPI-001" not in raised(load_rulebook(None, disabled=["MTUS-OPI-001"]))
    assert "mtus-2009/OPI-001" not in raised(load_rulebook(None, disabled=["mtus-2009/OPI-001"]))
    rules = copy_rules(tmp_path)
    edit(
        rules / "families" / "opioid-monitoring.yaml",
        "    severity: warning\n",
        "    severity: warning\n    enabled: false\n",
    )
    assert "mtus-2009/OPI-001" not in raised(load_rulebook(rules))


def test_overriding_a_severity_keeps_the_rule(tmp_path: Path) -> None:
    text = (EXAMPLES / "004_5bb1afb40656a8b8.txt").read_text(encoding="utf-8")
    book = load_rulebook(None, severities={"MTUS-OPI-001": "error"})
    flags = [f for item in check(text, book).items for f in item.flags if f.rule == "mtus-2009/OPI-001"]
    assert flags
    assert {f.severity for f in flags} == {"error"}


def test_another_rulebook_by_path_names_itself_in_the_report(tmp_path: Path) -> None:
    import json

    from checker.cli.app import app
    from tests.support import CliRunner

    rules_dir = copy_rules(tmp_path)
    edit(rules_dir / "guidelines.yaml", "name: imr-check guidelines", "name: Local MTUS variant")
    edit(rules_dir / "mtus-2009" / "rulebook.yaml", "  - ../families/opioid-drugs.yaml\n", "")
    edit(rules_dir / "mtus-2009" / "rulebook.yaml", "  MTUS-NR-002: NR-002\n", "")
    result = CliRunner().invoke(app, ["--rules", str(rules_dir), "--format", "json", str(EXAMPLES)])
    report = json.loads(result.stdout)
    assert report["rulebook"]["name"] == "Local MTUS variant"
    opioid_drugs = ("NR-002", "NR-004", "TRA-001", "MET-001", "BUP-001")
    assert report["rulebook"]["rules"] == len(default_rulebook().rules) - len(opioid_drugs)
    rules = {f["rule"] for letter in report["letters"] for item in letter["items"] for f in item["flags"]}
    assert "mtus-2009/NR-002" not in rules and "mtus-2009/OPI-001" in rules


def test_a_lone_rulebook_folder_judges_every_item(tmp_path: Path) -> None:
    rules_dir = copy_rules(tmp_path)
    book = load_rulebook(rules_dir / "mtus-2009")
    assert {b.id for b in book.books.values() if b.role == "guideline"} == {"mtus-2009"}
    text = letter(
        item="Soma 350mg #60: Overturned",
        guideline="Decision based on MTUS Opioid Treatment 2016.",
        rationale="Soma 350mg #60 is medically necessary.",
    )
    result = check(text, book).items[0]
    assert result.guideline is not None and result.guideline.id == "mtus-2009"
    assert "mtus-2009/NR-001" in {f.rule for f in result.flags}
