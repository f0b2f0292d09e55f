"""Baselines: a baseline made today makes the next run clean; a new inconsistency still fails."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.support import EXAMPLES, invoke


@pytest.fixture
def letters(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the examples under the working directory, as a repository would hold them."""
    shutil.copytree(EXAMPLES, tmp_path / "letters")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "letters"


def test_a_baseline_makes_the_next_run_clean(letters: Path) -> None:
    assert invoke("letters").exit_code == 1
    made = invoke("baseline", "letters", "-o", "imr-check-baseline.json")
    assert made.exit_code == 0, made.stderr
    baseline = json.loads(Path("imr-check-baseline.json").read_text(encoding="utf-8"))
    assert len(baseline["flags"]) == 5
    assert {f["letter"] for f in baseline["flags"]} == {
        "letters/000_4d584a2f79dd9d78.txt",
        "letters/004_5bb1afb40656a8b8.txt",
    }
    rerun = invoke("--format", "json", "--baseline", "imr-check-baseline.json", "letters")
    assert rerun.exit_code == 0
    summary = json.loads(rerun.stdout)["summary"]
    assert (summary["flags"], summary["baselined"]) == (0, 5)


def test_a_new_inconsistency_fails_despite_the_baseline(letters: Path) -> None:
    invoke("baseline", "letters", "-o", "base.json")
    letter = letters / "002_c5f77487a4b823e6.txt"
    text = letter.read_text(encoding="utf-8")
    # Plant a contradiction: Norco is upheld, but the header now says overturned.
    letter.write_text(text.replace("Norco 10/325mg #360:  Upheld", "Norco 10/325mg #360:  Overturned"), "utf-8")
    assert letter.read_text(encoding="utf-8") != text
    rerun = invoke("--format", "json", "--baseline", "base.json", "letters")
    assert rerun.exit_code == 1
    new = [
        (Path(letter["path"]).name, f["rule"])
        for letter in json.loads(rerun.stdout)["letters"]
        for item in letter["items"]
        for f in item["flags"]
    ]
    assert ("002_c5f77487a4b823e6.txt", "core/DEC-001") in new
    assert all(name.startswith("002") for name, _ in new)


def test_unrelated_edits_keep_the_baseline(letters: Path) -> None:
    invoke("baseline", "letters", "-o", "base.json")
    letter = letters / "004_5bb1afb40656a8b8.txt"
    text = letter.read_text(encoding="utf-8")
    edited = text.replace("CLINICAL CASE SUMMARY", "An unrelated note.\n\nAnother one.\n\nCLINICAL CASE SUMMARY")
    letter.write_text(edited, encoding="utf-8")
    assert invoke("--baseline", "base.json", "letters").exit_code == 0


def test_the_same_letters_by_another_path_match_the_baseline(letters: Path) -> None:
    invoke("baseline", "letters", "-o", "base.json")
    assert invoke("--baseline", "base.json", "./letters/").exit_code == 0


def test_a_bad_baseline_file_is_a_usage_error(letters: Path) -> None:
    Path("base.json").write_text("{not json", encoding="utf-8")
    result = invoke("--baseline", "base.json", "letters")
    assert result.exit_code == 2 and "base.json" in result.stderr


def test_a_baseline_recorded_under_the_old_rule_ids_still_holds_the_flags(letters: Path) -> None:
    """A baseline written before rule ids were namespaced names MTUS-DEC-001 and the like."""
    from checker.model import Evidence, Flag
    from checker.triage.baseline import fingerprint

    invoke("baseline", "letters", "-o", "new.json")
    document = json.loads(Path("new.json").read_text(encoding="utf-8"))
    old_ids = {"core/DEC-001": "MTUS-DEC-001", "core/UR-001": "MTUS-UR-001", "core/ITEM-001": "MTUS-ITEM-001",
               "mtus-2009/OPI-001": "MTUS-OPI-001", "mtus-2009/NR-002": "MTUS-NR-002"}  # fmt: skip
    for entry in document["flags"]:
        entry["rule"] = old_ids[entry["rule"]]
        evidence = tuple(Evidence(1, text) for text in entry["evidence"].split(" | "))
        flag = Flag(entry["rule"], "x", "error", "", evidence)
        entry["fingerprint"] = fingerprint(entry["letter"], entry["item"], flag)
    Path("old.json").write_text(json.dumps(document), encoding="utf-8")
    rerun = invoke("--format", "json", "--baseline", "old.json", "letters")
    assert rerun.exit_code == 0, rerun.stdout
    summary = json.loads(rerun.stdout)["summary"]
    assert (summary["flags"], summary["baselined"]) == (0, 5)


def test_a_missing_baseline_counts_every_flag_with_a_note(letters: Path) -> None:
    result = invoke("--baseline", "missing.json", "--format", "json", "letters")
    assert result.exit_code == 1
    assert "no baseline file missing.json yet" in result.stderr
    assert "imr-check baseline LETTERS -o missing.json" in result.stderr
    assert json.loads(result.stdout)["summary"]["flags"] > 0


def test_baseline_writes_where_the_configuration_reads_it(letters: Path) -> None:
    Path(".imr-check.yaml").write_text("baseline: qa/baseline.json\n", encoding="utf-8")
    Path("qa").mkdir()
    made = invoke("baseline", "letters")
    assert made.exit_code == 0, made.stderr
    assert "in qa/baseline.json" in made.stderr
    rerun = invoke("--format", "json", "letters")
    assert rerun.exit_code == 0, rerun.stderr
    assert json.loads(rerun.stdout)["summary"]["baselined"] == 5
