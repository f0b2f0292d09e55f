"""What a rule author does: add a rule file with its test cases, see why a case fails, validate
the rulebook in use, copy the shipped rulebook, and see the facts a letter gives the rules."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.support import EXAMPLES, ROOT, invoke

LOCAL_RULE = """\
rules:
  - id: LOCAL-001
    title: Opioid approved after more than eight weeks of use
    category: opioid-monitoring
    severity: warning
    applies_to: {drug_classes: [opioid], decisions: [overturned]}
    when: weeks_of_use > 8
    message: "{treatment} is approved after about {weeks_of_use} weeks of use"
    guideline: {section: opioids, topic: when to continue}
"""


def _case(name: str, summary: str, verdict: str) -> str:
    return (
        f'  - rule: LOCAL-001\n    name: {name}\n    summary: "{summary}"\n'
        '    item: "Norco 10/325mg #120: Overturned"\n'
        '    rationale: "Norco 10/325mg #120 is medically necessary."\n'
        f"    {verdict}: [LOCAL-001]\n"
    )


CASES = "tests:\n" + "".join(
    [
        _case("used for a year", "He has taken Norco for the past 12 months.", "flags"),
        _case("used for six months", "He has used Norco for the past 6 months.", "flags"),
        _case("used for two weeks", "He has taken Norco for the past 2 weeks.", "no_flags"),
        _case("no duration", "He has low back pain.", "no_flags"),
    ]
)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "tests").mkdir()
    (tmp_path / "local.yaml").write_text(LOCAL_RULE, encoding="utf-8")
    (tmp_path / "tests" / "local.yaml").write_text(CASES, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_rules_test_runs_the_cases_of_an_extra_rules_file(project: Path) -> None:
    shipped = invoke("rules", "test").stdout.splitlines()[-1]
    result = invoke("rules", "test", "--extra-rules", "local.yaml", "-v")
    assert result.exit_code == 0, result.stdout
    assert "ok   LOCAL-001: used for a year" in result.stdout
    shipped_cases = int(shipped.split()[0])
    assert result.stdout.splitlines()[-1] == f"{shipped_cases + 4} cases, {shipped_cases + 4} passed, 0 failed"


def test_a_failing_case_shows_what_the_rules_read(project: Path) -> None:
    with (project / "tests" / "local.yaml").open("a", encoding="utf-8") as handle:
        handle.write(_case("a wrong expectation", "He has taken Norco for the past 3 weeks.", "flags"))
    result = invoke("rules", "test", "--extra-rules", "local.yaml")
    assert result.exit_code == 1
    out = result.stdout
    assert "FAIL LOCAL-001: a wrong expectation" in out
    assert "expected LOCAL-001 to flag; it did not" in out
    assert "what the rules read on the item:" in out
    assert 'fact decision = "overturned"' in out
    assert "fact weeks_of_use = 3.0" in out or "fact weeks_of_use = 3" in out
    assert out.splitlines()[-1].startswith("FAILED: ")


def test_a_coverage_failure_does_not_end_on_a_green_looking_line(project: Path) -> None:
    (project / "tests" / "local.yaml").unlink()
    result = invoke("rules", "test", "--extra-rules", "local.yaml")
    assert result.exit_code == 1
    last = result.stdout.splitlines()[-1]
    assert last.startswith("FAILED: ") and "coverage problem" in last
    assert "LOCAL-001 has 0 must-flag and 0 must-not-flag cases" in result.stdout
    assert f"local.yaml: no test cases (put them in {Path('tests') / 'local.yaml'})" in result.stdout


def test_rule_commands_use_the_rulebook_the_configuration_names(project: Path) -> None:
    (project / ".imr-check.yaml").write_text("extra-rules: [local.yaml]\n", encoding="utf-8")
    assert "LOCAL-001" in invoke("rules", "list").stdout
    assert invoke("explain", "local-001").stdout.startswith("LOCAL-001: Opioid approved after")
    tested = invoke("rules", "test", "-v")
    assert tested.exit_code == 0 and "ok   LOCAL-001: no duration" in tested.stdout
    validated = invoke("rules", "validate")
    assert validated.exit_code == 0
    assert validated.stdout.startswith("the shipped rulebooks and 1 extra rule file: OK (imr-check guidelines")


def test_rules_validate_without_a_path_checks_the_rulebook_in_use(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("rules", "validate")
    assert result.exit_code == 0 and result.stdout.startswith("the shipped rulebooks: OK (")
    (tmp_path / ".imr-check.yaml").write_text("disable: [MTUS-NOPE-1]\n", encoding="utf-8")
    bad = invoke("rules", "validate")
    assert bad.exit_code == 2 and ".imr-check.yaml:1: disable: no rule with id 'MTUS-NOPE-1'" in bad.stderr


def test_a_copy_of_the_shipped_rulebook_works_anywhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(ROOT / "rules" / "mtus-2009", tmp_path / "mybook")
    monkeypatch.chdir(tmp_path)
    assert invoke("rules", "validate", "mybook").exit_code == 0
    assert invoke("rules", "test", "mybook").exit_code == 0
    shipped = json.loads(invoke("--format", "json", str(EXAMPLES)).stdout)
    copied = json.loads(invoke("--format", "json", "--rules", "mybook", str(EXAMPLES)).stdout)
    assert copied["letters"] == shipped["letters"]


def test_parse_facts_shows_every_fact_and_concept_with_its_lines() -> None:
    result = invoke("parse", "--facts", str(EXAMPLES / "004_5bb1afb40656a8b8.txt"))
    assert result.exit_code == 0, result.stderr
    items = json.loads(result.stdout)["items"]
    duragesic = next(i for i in items if i["treatment"]["text"].startswith("Duragesic"))
    assert duragesic["facts"]["drug_class"] == {"value": "opioid", "lines": []}
    assert duragesic["facts"]["decision"]["value"] == "overturned"
    assert {"analgesia", "return_to_work", "adverse_effects"} <= set(duragesic["concepts"])
    states = {c["state"] for c in duragesic["concepts"].values()}
    assert states <= {"documented", "absent", "unknown"} and "documented" in states
    documented = [c for c in duragesic["concepts"].values() if c["state"] == "documented"]
    assert all(c["lines"] for c in documented)
    plain = json.loads(invoke("parse", str(EXAMPLES / "004_5bb1afb40656a8b8.txt")).stdout)
    assert "facts" not in plain["items"][0]
