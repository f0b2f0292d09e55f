"""A gate that checks nothing fails; odd inputs become clear errors, never tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from checker.read.ingest import find_letters
from tests.hostile.attacks import GOOD_LETTER
from tests.support import invoke


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "letters").mkdir()
    return tmp_path


def test_a_run_that_finds_no_letter_exits_2(work: Path) -> None:
    (work / "letters" / "notes.md").write_text("nothing\n", encoding="utf-8")
    result = invoke("letters")
    assert result.exit_code == 2
    assert "no letters found under letters" in result.stderr
    assert invoke("--glob", "*.letter", "letters").exit_code == 2


def test_patterns_match_names_in_any_case(work: Path) -> None:
    (work / "letters" / "A.TXT").write_bytes(GOOD_LETTER.read_bytes())
    (work / "letters" / "b.Pdf").write_bytes(b"%PDF-1.4 not really")
    result = invoke("-f", "json", "letters")
    assert [entry["path"] for entry in json.loads(result.stdout)["letters"]] == ["letters/A.TXT", "letters/b.Pdf"]


def test_a_folder_that_cannot_be_listed_is_an_error_of_its_own(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (work / "letters" / "a.txt").write_bytes(GOOD_LETTER.read_bytes())
    locked = work / "letters" / "locked"
    locked.mkdir()
    real_scandir = os.scandir

    def scandir(path):  # type: ignore[no-untyped-def]  # as for a user without permission (tests may run as root)
        if os.path.abspath(os.fspath(path)) == str(locked):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    assert list(find_letters(["letters"])) == ["letters/a.txt", "letters/locked"]
    monkeypatch.setattr(os, "listdir", scandir)
    result = invoke("-f", "json", "letters")
    entries = json.loads(result.stdout)["letters"]
    assert entries[1]["path"] == "letters/locked" and entries[1]["status"] == "error"
    assert "permission denied" in entries[1]["errors"][0]["message"]
    assert result.exit_code == 1


def test_a_closed_standard_input_is_a_letter_error() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "checker", "--no-cache", "-f", "json", "-"],
        stdin=subprocess.DEVNULL,
        check=False,
        capture_output=True,
    )
    closed = subprocess.run(
        [
            sys.executable,
            "-c",
            "import os, sys; os.close(0); from checker.cli.app import main; sys.argv[1:] = ['-f', 'json', '-']; main()",
        ],
        check=False,
        capture_output=True,
        env={**os.environ, "IMR_CHECK_NO_CACHE": "1"},
    )
    for run in (done, closed):
        assert b"Traceback" not in run.stderr
        (letter,) = json.loads(run.stdout)["letters"]
        assert letter["status"] == "error"
    assert "standard input is closed" in json.loads(closed.stdout)["letters"][0]["errors"][0]["message"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--max-bytes", "99999999999999999999"], "max-bytes"),
        (["--scheduler", "not a url", "--engine", "dask"], "not a scheduler address"),
        (["--time-limit", "0"], "time-limit"),
        (["--memory-limit", "1"], "memory-limit"),
    ],
)
def test_impossible_settings_are_usage_errors(work: Path, args: list[str], message: str) -> None:
    (work / "letters" / "a.txt").write_bytes(GOOD_LETTER.read_bytes())
    result = invoke(*args, "letters")
    assert result.exit_code == 2 and message in result.stderr and "Traceback" not in result.output


def test_a_baseline_nested_deeply_is_a_clear_error(work: Path) -> None:
    (work / "letters" / "a.txt").write_bytes(GOOD_LETTER.read_bytes())
    (work / "deep.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    result = invoke("--baseline", "deep.json", "letters")
    assert result.exit_code == 2 and "nested too deeply" in result.stderr


def test_waivers_for_unknown_rules_and_a_baseline_of_another_rulebook_warn_or_fail_strictly(work: Path) -> None:
    (work / "letters" / "a.txt").write_bytes(GOOD_LETTER.read_bytes())
    (work / "waivers.yaml").write_text(
        "waivers:\n  - {letter: letters/a.txt, rule: MTUS-NOPE-999, reason: typo}\n", encoding="utf-8"
    )
    assert invoke("baseline", "letters", "-o", "baseline.json").exit_code == 0
    recorded = json.loads((work / "baseline.json").read_text(encoding="utf-8"))
    assert recorded["rulebook"]["version"]
    recorded["rulebook"]["version"] = "0.0-old"
    (work / "baseline.json").write_text(json.dumps(recorded), encoding="utf-8")
    lenient = invoke("--waivers", "waivers.yaml", "--baseline", "baseline.json", "letters")
    assert lenient.exit_code == 0
    assert "MTUS-NOPE-999" in lenient.stderr and "0.0-old" in lenient.stderr
    strict = invoke("--strict", "--waivers", "waivers.yaml", "--baseline", "baseline.json", "letters")
    assert strict.exit_code == 2 and "--strict" in strict.stderr
