"""Broken and hostile rulebooks: each exits 2 naming file, line and field; nothing is executed."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import pytest

from checker.cli.app import app
from checker.pipeline import check
from checker.rulebook.book import default_rulebook, load_rulebook
from tests.rulebook_copies import copy_rules, edit
from tests.support import EXAMPLES, CliRunner

runner = CliRunner()

GOOD_RULE = """\
# yaml-language-server: $schema=../schema/rules.schema.json
rules:
  - id: LOCAL-001
    title: A local rule
    category: opioid-monitoring
    severity: info
    applies_to: {drug_classes: [opioid], decisions: [overturned]}
    when: not return_to_work
    message: "{treatment} is approved without a return to work"
    guideline: {section: opioids, topic: when to continue}
"""


def _run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, output


def _extra(tmp_path: Path, text: str) -> tuple[int, str, Path]:
    path = tmp_path / "local.yaml"
    path.write_text(text, encoding="utf-8")
    code, out = _run("--extra-rules", str(path), str(EXAMPLES))
    return code, out, path


def test_extra_rules_add_to_the_default_rulebook(tmp_path: Path) -> None:
    path = tmp_path / "local.yaml"
    path.write_text(GOOD_RULE, encoding="utf-8")
    book = load_rulebook(None, extra=[path])
    assert len(book.rules) == len(default_rulebook().rules) + 1
    text = (EXAMPLES / "004_5bb1afb40656a8b8.txt").read_text(encoding="utf-8")
    rules = {f.rule for item in check(text, book).items for f in item.flags}
    assert "LOCAL-001" in rules


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("    severity: info\n", "    severity: info\n  bad: [\n", r"\d+: YAML error"),
        ("severity: info", "severity: fatal", r"6: rules\[0\]\.severity: 'fatal' is not one of"),
        (
            "category: opioid-monitoring",
            "category: opioid-dosing",
            r"5: rules\[0\]\.category: 'opioid-dosing'",
        ),
        ("[opioid]", "[opiod]", r"7: rules\[0\]\.applies_to\.drug_classes\[0\]: 'opiod'"),
        (
            "not return_to_work",
            "not back_to_work",
            r"8: rules\[0\]\.when: unknown fact or concept 'back_to_work'",
        ),
        ("not return_to_work", "not (return_to_work", r"8: rules\[0\]\.when: condition"),
        (
            '    message: "{treatment} is approved without a return to work"\n',
            "",
            r"3: rules\[0\]: 'message' is a required",
        ),
        (
            "{treatment}",
            "{treatmnt}",
            r"9: rules\[0\]\.message: unknown fact or concept 'treatmnt' \(did you mean 'treatment'\?\)",
        ),
        (
            "section: opioids,",
            "section: opiates,",
            r"10: rules\[0\]\.guideline\.section: unknown section 'opiates'",
        ),
        ("LOCAL-001", "MTUS-OPI-001", r"3: id: rule id 'MTUS-OPI-001' is the old id of mtus-2009/OPI-001"),
        (
            "    title: A local rule\n",
            '    title: !!python/object/apply:os.system ["touch {marker}"]\n',
            r"4: YAML error",
        ),
        (
            "    guideline: {section: opioids",
            "    makes_redundant: [NOPE-001]\n    guideline: {section: opioids",
            r"3: makes_redundant: makes_redundant names 'NOPE-001', which is no rule",
        ),
        (
            "    guideline: {section: opioids",
            "    missing: [return_to_wrk]\n    guideline: {section: opioids",
            r"10: rules\[0\]\.missing\[0\]: unknown concept 'return_to_wrk'",
        ),
        (
            "    guideline: {section: opioids",
            '    check: "Check {treatmnt}."\n    guideline: {section: opioids',
            r"10: rules\[0\]\.check: unknown fact or concept 'treatmnt'",
        ),
    ],
    ids=[
        "yaml-syntax",
        "severity",
        "category",
        "drug-class",
        "unknown-name",
        "condition-syntax",
        "no-message",
        "template-name",
        "section",
        "duplicate-id",
        "python-tag",
        "redundant-unknown",
        "missing-unknown",
        "check-template",
    ],
)
def test_a_broken_rule_file_exits_2_naming_file_line_and_field(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    marker = tmp_path / "executed"
    text = GOOD_RULE.replace(old, new.replace("{marker}", str(marker)))
    assert text != GOOD_RULE
    code, out, _ = _extra(tmp_path, text)
    assert code == 2, out
    assert re.search(r"local\.yaml:" + expected, out), out
    assert not marker.exists()


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (
            "'urine (drug screen'",
            r"regular expression does not compile",
        ),
        ("'(a+)+$'", r"backtrack catastrophically"),
        ("'(x|xx)*y'", r"alternation"),
        ("'(a)\\1'", r"backreferences are not allowed"),
    ],
    ids=["does-not-compile", "nested-repeat", "repeated-alternation", "backreference"],
)
def test_a_bad_concept_pattern_is_refused_on_load(tmp_path: Path, pattern: str, expected: str) -> None:
    book_dir = copy_rules(tmp_path)
    concepts = book_dir / "concepts.yaml"  # shared by every rulebook
    text = concepts.read_text(encoding="utf-8")
    old = re.search(r"    patterns:\n      - '.*'\n", text)
    assert old is not None
    concepts.write_text(text.replace(old.group(), f"    patterns:\n      - {pattern}\n"), encoding="utf-8")
    code, out = _run("--rules", str(book_dir), str(EXAMPLES))
    assert code == 2, out
    assert re.search(r"concepts\.yaml:\d+: concepts\.aberrant_behaviour\.patterns\[0\]: .*" + expected, out), out


def test_an_unknown_concept_in_a_group_names_the_group(tmp_path: Path) -> None:
    book_dir = copy_rules(tmp_path)
    edit(book_dir / "concepts.yaml", "four_as: [analgesia,", "four_as: [analgesic,")
    code, out = _run("rules", "validate", str(book_dir))
    assert code == 2
    assert re.search(r"concepts\.yaml:\d+: groups\.four_as\[0\]: unknown concept 'analgesic'", out), out


def test_several_problems_are_reported_together(tmp_path: Path) -> None:
    text = GOOD_RULE.replace("severity: info", "severity: fatal") + GOOD_RULE.split("rules:\n")[1].replace(
        "LOCAL-001", "LOCAL-002"
    ).replace("not return_to_work", "nonsense(")
    code, out, _ = _extra(tmp_path, text)
    assert code == 2
    assert "rules[0].severity" in out and "rules[1].when" in out


def test_unknown_rule_ids_in_options_are_usage_errors() -> None:
    code, out = _run("--disable", "MTUS-NOPE-001", str(EXAMPLES))
    assert code == 2 and "no rule with id 'MTUS-NOPE-001'" in out
    code, out = _run("--severity", "MTUS-OPI-001=fatal", str(EXAMPLES))
    assert code == 2 and "'fatal' is not one of" in out
    code, out = _run("--severity", "MTUS-OPI-001", str(EXAMPLES))
    assert code == 2 and "RULE_ID=LEVEL" in out


def test_a_missing_rulebook_is_a_usage_error(tmp_path: Path) -> None:
    code, out = _run("--rules", str(tmp_path / "nowhere"), str(EXAMPLES))
    assert code == 2 and "no such rulebook" in out


def test_a_rulebook_travels_to_worker_processes_by_its_paths(tmp_path: Path) -> None:
    book_dir = copy_rules(tmp_path)
    book = load_rulebook(book_dir, disabled=["MTUS-OPI-001"], severities={"MTUS-DEC-001": "info"})
    copy = pickle.loads(pickle.dumps(book))
    assert [r.id for r in copy.rules] == [r.id for r in book.rules]
    assert copy.rule("MTUS-DEC-001").severity == "info"  # type: ignore[union-attr]
    assert copy.rule("core/DEC-001").severity == "info"  # type: ignore[union-attr]
    assert copy.rule("mtus-2009/OPI-001") is None
    assert copy.spec == book.spec


def test_validate_reads_rulebooks_their_files_rule_files_and_test_files(tmp_path: Path) -> None:
    from tests.support import ROOT

    book = ROOT / "rules" / "mtus-2009"
    for target in (
        ROOT / "rules",
        book,
        ROOT / "rules" / "families" / "opioid-drugs.yaml",
        ROOT / "rules" / "concepts.yaml",
        book / "tests" / "muscle-relaxants.yaml",
        ROOT / "rules" / "morphine-equivalents.yaml",
        ROOT / "rules" / "families" / "tests" / "opioid-monitoring.yaml",
        ROOT / "rules" / "families" / "muscle-relaxants.yaml",
    ):
        code, out = _run("rules", "validate", str(target))
        assert code == 0 and ": OK (" in out, out
    path = tmp_path / "local.yaml"
    path.write_text(GOOD_RULE, encoding="utf-8")
    code, out = _run("rules", "validate", str(path))
    assert code == 0 and "OK (1 rule," in out
    path.write_text(GOOD_RULE.replace("severity: info", "severity: fatal"), encoding="utf-8")
    code, out = _run("rules", "validate", str(path))
    assert code == 2 and "local.yaml:6: rules[0].severity" in out


def test_rules_list_and_explain() -> None:
    code, out = _run("rules", "list")
    assert code == 0
    assert re.search(r"mtus-2009/OPI-001\s+opioid-monitoring\s+warning\s+Opioid approved", out)
    assert "mtus-2016-opioids: MTUS Opioids Treatment Guidelines (2016)" in out
    code, out = _run("explain", "MTUS-OPI-001")
    assert code == 0
    assert (
        "mtus-2009/OPI-001" in out
        and "rulebook  mtus-2009: MTUS Chronic Pain Medical Treatment Guidelines (2009)" in out
    )
    assert "MTUS 2009, Opioids, on-going management, p. 78" in out
    # its criterion and check, a letter it flags with the flag's parts, and a letter it passes
    assert "criterion Ongoing review and documentation of pain relief" in out
    assert "check     Look in the progress notes" in out
    assert "A letter it flags (" in out and "    flag       " in out and "    missing    " in out
    assert "A letter it passes (" in out
    assert "also      MTUS-OPI-001" in out
    code, out = _run("explain", "MTUS-NOPE-001")
    assert code == 2 and "no rule 'MTUS-NOPE-001'" in out


def test_rules_test_fails_on_a_case_that_does_not_hold(tmp_path: Path) -> None:
    cases = tmp_path / "cases.yaml"
    cases.write_text(
        "tests:\n  - rule: MTUS-NR-001\n    name: wrong on purpose\n    item: 'Soma 350mg #60: Overturned'\n"
        "    rationale: Soma 350mg #60 is medically necessary.\n    no_flags: [MTUS-NR-001]\n",
        encoding="utf-8",
    )
    code, out = _run("rules", "test", str(cases))
    assert code == 1 and "FAIL MTUS-NR-001: wrong on purpose  (mtus-2009, " in out and "expected no MTUS-NR-001" in out
    code, out = _run("rules", "test")
    assert code == 0 and " 0 failed" in out


def test_rules_test_fails_when_a_flag_does_not_say_what_the_case_expects(tmp_path: Path) -> None:
    cases = tmp_path / "cases.yaml"
    cases.write_text(
        "tests:\n  - rule: MTUS-NR-001\n    name: says the wrong thing\n    item: 'Soma 350mg #60: Overturned'\n"
        "    rationale: 'Soma 350mg #60 is medically necessary.'\n    flags: [MTUS-NR-001]\n"
        "    expect:\n      message: is approved, but the guideline recommends it\n"
        "      roles: [header, found]\n      missing: ['a flare: not mentioned']\n",
        encoding="utf-8",
    )
    code, out = _run("rules", "test", str(cases))
    assert code == 1
    assert "expected the message to say 'is approved, but the guideline recommends it'" in out
    assert "expected evidence roles ['found', 'header']; the flag's are ['conclusion', 'header']" in out
    assert "expected missing 'a flare: not mentioned'; the flag reports nothing missing" in out


def test_nested_yaml_aliases_are_refused_before_they_expand(tmp_path: Path) -> None:
    levels = ["    title: &a0 [x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 9):
        refs = ", ".join([f"*a{level - 1}"] * 9)
        levels.append(f"    x{level}: &a{level} [{refs}]")
    text = "rules:\n  - id: LOCAL-001\n" + "\n".join(levels) + "\n"
    code, out, _ = _extra(tmp_path, text)
    assert code == 2
    assert re.search(r"local\.yaml:3: YAML aliases \(\*name\) are not allowed", out), out


def test_a_concept_may_not_shadow_a_fact(tmp_path: Path) -> None:
    book_dir = copy_rules(tmp_path)
    edit(book_dir / "concepts.yaml", "  return_to_work:\n", "  drug:\n")
    code, out = _run("rules", "validate", str(book_dir))
    assert code == 2
    assert re.search(r"concepts\.yaml:\d+: concepts\.drug: 'drug' is the name of a fact", out), out
