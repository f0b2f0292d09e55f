"""Waivers: a waiver with a reason silences exactly its flag; one past its expiry does not."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from checker.datafiles.yamlio import DataError, DataErrors
from checker.triage.waivers import load_waivers
from tests.support import EXAMPLES, invoke

SCHEMA_COMMENT = "# yaml-language-server: $schema=../checker/schemas/waivers.schema.json\n"


@pytest.fixture
def letters(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(EXAMPLES, tmp_path / "letters")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "letters"


def flags(report: dict) -> dict[tuple[str, str], str | None]:
    return {
        (item["treatment"], f["rule"]): f.get("waived")
        for letter in report["letters"]
        for item in letter["items"]
        for f in item["flags"]
    }


def write_waivers(text: str) -> str:
    Path("waivers.yaml").write_text(text, encoding="utf-8")
    return "waivers.yaml"


def test_a_waiver_silences_exactly_its_flag(letters: Path) -> None:
    waivers = write_waivers(
        "waivers:\n"
        "  - letter: letters/004_*.txt\n"
        "    item: 'norco 325MG  #90'  # quoted: a # after a space starts a YAML comment\n"
        "    rule: MTUS-DEC-001\n"
        "    reason: Addendum corrects the conclusion\n"
        "    expires: 2999-12-31\n"
    )
    result = invoke("--format", "json", "--waivers", waivers, "--disable", "MTUS-UR-001", "letters")
    report = json.loads(result.stdout)
    found = flags(report)
    # An old rule id (MTUS-DEC-001) waives the rule it became.
    assert found[("Norco 325mg #90", "core/DEC-001")] == "Addendum corrects the conclusion"
    assert [k for k, reason in found.items() if reason] == [("Norco 325mg #90", "core/DEC-001")]
    assert report["summary"]["waived"] == 1 and report["summary"]["flags"] == 3
    assert result.exit_code == 0  # the only error flag left is waived


def test_an_expired_waiver_no_longer_waives_and_says_so(letters: Path) -> None:
    waivers = write_waivers(
        "waivers:\n"
        "  - letter: letters/004_5bb1afb40656a8b8.txt\n"
        "    rule: MTUS-DEC-001\n"
        "    reason: Accepted for the 2020 audit\n"
        "    expires: 2020-06-30\n"
    )
    result = invoke("--format", "json", "--waivers", waivers, "--disable", "MTUS-UR-001", "letters")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert flags(report)[("Norco 325mg #90", "core/DEC-001")] is None
    warnings = [w["message"] for letter in report["letters"] for w in letter["warnings"] if "waiver" in w["message"]]
    assert warnings == [
        "waiver waivers.yaml:2 for core/DEC-001 expired on 2020-06-30; the flag counts again "
        "(reason was: Accepted for the 2020 audit)"
    ]
    assert "waiver waivers.yaml:2 expired on 2020-06-30" in result.stderr


def test_a_waiver_expiring_today_still_waives(letters: Path) -> None:
    path = write_waivers("waivers:\n  - {letter: 'x.txt', rule: R, reason: ok, expires: 2026-03-01}\n")
    assert not load_waivers(path, today=dt.date(2026, 3, 1)).waivers[0].expired(dt.date(2026, 3, 1))
    assert load_waivers(path).waivers[0].expired(dt.date(2026, 3, 2))


def test_waivers_are_validated_with_file_and_line(letters: Path) -> None:
    path = write_waivers(
        SCHEMA_COMMENT + "waivers:\n"
        "  - letter: letters/004_*.txt\n"
        "    rule: MTUS-DEC-001\n"
        "  - letter: letters/000_*.txt\n"
        "    rule: MTUS-UR-001\n"
        "    reason: fine\n"
        "    expires: 2026-02-28\n"
        "    owner: qa\n"
    )
    with pytest.raises(DataErrors) as caught:
        load_waivers(path)
    messages = [str(e) for e in caught.value.errors]
    assert "waivers.yaml:3: waivers[0]: 'reason' is a required property" in messages
    assert "waivers.yaml:9: waivers[1].owner: unknown field" in messages
    result = invoke("--waivers", path, "letters")
    assert result.exit_code == 2 and "waivers.yaml:3" in result.stderr


def test_a_waiver_must_give_a_real_date(letters: Path) -> None:
    path = write_waivers("waivers:\n  - {letter: a.txt, rule: R, reason: ok, expires: '2026-02-30'}\n")
    with pytest.raises(DataErrors, match=r"waivers.yaml:2: waivers\[0\].expires: not a real date"):
        load_waivers(path)
    path = write_waivers("waivers:\n  - letter: a.txt\n    rule: R\n    reason: ok\n    expires: 2026-02-30\n")
    with pytest.raises(DataError, match=r"waivers.yaml:5: YAML error: day is out of range"):
        load_waivers(path)
    result = invoke("--waivers", path, "letters")
    assert result.exit_code == 2 and "waivers.yaml:5" in result.stderr


def test_a_blank_reason_is_refused(letters: Path) -> None:
    path = write_waivers("waivers:\n  - {letter: a.txt, rule: R, reason: '   '}\n")
    with pytest.raises(DataErrors, match="reason"):
        load_waivers(path)


def test_the_text_report_shows_the_waiver(letters: Path) -> None:
    waivers = write_waivers(
        "waivers:\n  - {letter: 'letters/004_*', item: 'Norco 325mg #90', rule: MTUS-DEC-001, reason: addendum}\n"
    )
    out = invoke("--waivers", waivers, "letters").stdout
    assert "waived: addendum" in out
    assert out.rstrip().splitlines()[-1].endswith(", 1 waived")


@pytest.mark.parametrize(
    ("item", "rule"),
    [
        ("Norco 325 mg #90", "MTUS-DEC-001"),  # the header writes 325mg
        ("NORCO 325MG   #90", "mtus-dec-001"),  # any case, any spacing
        ("norco*", "Mtus-Dec-001"),  # a glob
        ("Norco 325mg #90", "Core/dec-001"),  # the namespaced id, in any case
    ],
)
def test_a_waiver_matches_whatever_the_spacing_and_case(letters: Path, item: str, rule: str) -> None:
    waivers = write_waivers(
        "waivers:\n  - letter: letters/004_5bb1afb40656a8b8.txt\n"
        f"    item: '{item}'\n    rule: {rule}\n    reason: ok\n"
    )
    found = flags(json.loads(invoke("--format", "json", "--waivers", waivers, "letters").stdout))
    assert found[("Norco 325mg #90", "core/DEC-001")] == "ok"


def test_letter_paths_may_be_relative_to_the_waivers_file_or_the_working_directory(
    letters: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    qa = letters.parent / "qa"
    qa.mkdir()
    (qa / "waivers.yaml").write_text(
        "waivers:\n"
        "  - letter: ../letters/004_*.txt\n"  # relative to the waivers file
        "    rule: MTUS-DEC-001\n"
        "    reason: relative to the file\n"
        "  - letter: ./letters/000_4d584a2f79dd9d78.txt\n"  # relative to the working directory
        "    rule: MTUS-UR-001\n"
        "    reason: relative to the run\n",
        encoding="utf-8",
    )
    for where, target in ((letters.parent, "letters"), (letters, ".")):
        monkeypatch.chdir(where)
        waivers = str(qa / "waivers.yaml")
        found = flags(json.loads(invoke("--format", "json", "--waivers", waivers, target).stdout))
        assert found[("Norco 325mg #90", "core/DEC-001")] == "relative to the file", where
        if where == letters.parent:
            assert found[("Lyrica 100 mg #60", "core/UR-001")] == "relative to the run"


def test_an_unused_waiver_is_reported_for_the_letters_checked(letters: Path) -> None:
    waivers = write_waivers(
        "waivers:\n"
        "  - letter: letters/004_*.txt\n    rule: MTUS-DEC-001\n    reason: used\n"
        "  - letter: letters/002_*.txt\n    rule: MTUS-DEC-001\n    reason: nothing to waive\n"
        "  - letter: letters/001_*.txt\n    rule: MTUS-OPI-001\n    reason: letter not in this run\n"
    )
    result = invoke("--waivers", waivers, "letters/004_5bb1afb40656a8b8.txt", "letters/002_c5f77487a4b823e6.txt")
    unused = [line for line in result.stderr.splitlines() if "waived no flag" in line]
    assert unused == [
        "imr-check: warning: waiver waivers.yaml:5 for MTUS-DEC-001 waived no flag (remove it if the flag is gone)"
    ]
    assert "waived no flag" not in invoke("--quiet", "--waivers", waivers, "letters").stderr


def test_a_missing_waivers_file_is_empty_with_a_note(letters: Path) -> None:
    result = invoke("--format", "json", "--waivers", "waivers.yaml", "letters")
    assert result.exit_code == 1
    assert "no waivers file waivers.yaml yet" in result.stderr
