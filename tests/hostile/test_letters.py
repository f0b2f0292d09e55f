"""A folder of hostile letters among good ones, checked by every engine: each good letter is
checked, each hostile one is reported, every report stays valid, and nothing else is touched."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.hostile.attacks import ESCAPES, hostile_folder


def _snapshot(folder: Path) -> dict[str, str]:
    return {
        os.fsdecode(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in folder.rglob("*")
        if p.is_file()
    }


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    environment = {**os.environ, "IMR_CHECK_NO_CACHE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "checker", *args],
        cwd=cwd,
        check=False,
        capture_output=True,
        env=environment,
        timeout=300,
    )


@pytest.fixture(scope="module")
def attacks(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    work = tmp_path_factory.mktemp("hostile")
    kinds = hostile_folder(work / "letters")
    return work, kinds


@pytest.mark.slow
@pytest.mark.parametrize(
    "engine", [["-j", "1"], ["-j", "2"], ["--engine", "dask", "-j", "2"]], ids=["one", "pool", "dask"]
)
def test_every_good_letter_is_checked_and_every_hostile_one_reported(
    attacks: tuple[Path, dict[str, str]], engine: list[str]
) -> None:
    if "dask" in engine:
        pytest.importorskip("dask.distributed")
    work, kinds = attacks
    before = _snapshot(work)
    before.pop("report.json", None)
    done = _run(
        *engine, "--memory-limit", "512", "--time-limit", "60", "-f", "json", "-o", "report.json", "letters", cwd=work
    )
    assert done.returncode == 1, done.stderr.decode(errors="replace")
    assert b"Traceback" not in done.stderr
    raw = (work / "report.json").read_bytes()
    report = json.loads(raw.decode("utf-8"))  # valid UTF-8 and valid JSON
    letters = {entry["path"].removeprefix("letters/"): entry for entry in report["letters"]}
    shown = {
        name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace"): kind
        for name, kind in kinds.items()
    }
    assert set(letters) == set(shown)
    for name, kind in shown.items():
        entry = letters[name]
        if kind == "good":
            assert entry["status"] == "ok" and entry["items"], name
        else:
            assert entry["status"] == "error" and entry["errors"][0]["message"], name
    assert "limit" in letters["text-bomb.pdf"]["errors"][0]["message"]
    assert "810,000 pages" in letters["page-bomb.pdf"]["errors"][0]["message"]
    after = _snapshot(work)
    assert after.pop("report.json")
    assert after == before  # nothing else written, nothing left behind


@pytest.fixture(scope="module")
def safe_attacks(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("injection")
    hostile_folder(work / "letters", bombs=False)
    return work


@pytest.mark.parametrize("output_format", ["text", "json", "jsonl", "sarif", "junit", "csv", "markdown", "html"])
def test_a_file_name_that_is_not_utf8_is_reported_in_every_format(safe_attacks: Path, output_format: str) -> None:
    done = _run("-j", "1", "-f", output_format, "letters", cwd=safe_attacks)
    assert done.returncode == 1 and b"Traceback" not in done.stderr
    text = done.stdout.decode("utf-8")  # valid UTF-8
    # The byte shows as \xff (\\xff inside JSON strings, %5Cxff inside SARIF's URIs).
    assert any(f"not-utf8-{byte}xff.txt" in text for byte in ("\\", "\\\\", "%5C"))
    if output_format == "json":
        assert "letters/not-utf8-\\xff.txt" in [entry["path"] for entry in json.loads(text)["letters"]]


def test_csv_cells_never_start_a_formula(safe_attacks: Path) -> None:
    done = _run("-j", "1", "-f", "csv", "=cmd.txt", "injection.txt", cwd=safe_attacks / "letters")
    rows = list(csv.reader(io.StringIO(done.stdout.decode("utf-8"))))
    cells = [cell for row in rows[1:] for cell in row]
    assert any(cell.startswith("'=HYPERLINK") for cell in cells)
    assert "'=cmd.txt" in cells
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]


@pytest.mark.parametrize("output_format", ["text", "concise"])
def test_terminal_reports_send_no_escape_sequence(safe_attacks: Path, output_format: str) -> None:
    done = _run("-j", "1", "--color", "never", "-f", output_format, "letters", cwd=safe_attacks)
    out = done.stdout.decode("utf-8")
    assert "escape]0;owned" in out  # the name is shown, its control characters are not
    for control in ("\x1b", "\x07", "\x9b"):
        assert control not in out
    assert ESCAPES not in out


def test_markdown_keeps_letter_text_as_text(safe_attacks: Path) -> None:
    done = _run("-j", "1", "-f", "markdown", "letters/injection.txt", cwd=safe_attacks)
    out = done.stdout.decode("utf-8")
    assert "Duragesic" in out
    assert "![x](" not in out and "\\!\\[x\\]\\(" in out  # no image
    assert "@admin" not in out and "@\u2060admin" in out  # no mention
    assert "#1 " not in out and "#\u20601" in out  # no issue reference


def test_the_quadratic_letter_is_checked(safe_attacks: Path) -> None:
    done = _run("-j", "1", "-f", "json", "letters/quadratic.txt", cwd=safe_attacks)
    (letter,) = json.loads(done.stdout)["letters"]
    assert letter["status"] == "ok" and letter["items"]


def test_a_letter_past_its_time_limit_is_an_error_and_the_run_goes_on(safe_attacks: Path) -> None:
    done = _run(
        "-j", "1", "--time-limit", "0.001", "-f", "json", "letters/quadratic.txt", "letters/LOUD.TXT", cwd=safe_attacks
    )
    letters = json.loads(done.stdout)["letters"]
    assert [entry["status"] for entry in letters] == ["error", "error"]
    assert "0.001-second limit" in letters[0]["errors"][0]["message"]
