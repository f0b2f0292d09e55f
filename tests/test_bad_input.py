"""Bad input gives a clear per-letter error; the run goes on and the report stays valid."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
from typer.testing import CliRunner

from checker.cli import app
from checker.ingest import Source
from checker.pipeline import check, check_source
from checker.resources import schema_path
from checker.rulebook import Rulebook

from .support import EXAMPLES, example_text

GOOD = "000_4d584a2f79dd9d78.txt"


def only_error(result) -> str:  # type: ignore[no-untyped-def]
    assert result.status == "error"
    assert len(result.errors) == 1
    return result.errors[0].message


def test_empty_file(parser_rulebook: Rulebook) -> None:
    assert "no text" in only_error(check_source(Source("e.txt", b""), parser_rulebook))


def test_binary_file(parser_rulebook: Rulebook) -> None:
    message = only_error(check_source(Source("b.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), parser_rulebook))
    assert "binary" in message


def test_bytes_valid_in_no_expected_encoding(parser_rulebook: Rulebook) -> None:
    message = only_error(check_source(Source("x.txt", b"caf\xe9 \x81\x8d"), parser_rulebook))
    assert "not valid UTF-8" in message and "Windows-1252" in message


def test_cp1252_letter_is_read_with_a_warning(parser_rulebook: Rulebook) -> None:
    data = example_text(GOOD).replace("He/she", "He\u2019she").encode("cp1252")
    result = check_source(Source("w.txt", data), parser_rulebook)
    assert result.status == "ok"
    assert any("Windows-1252" in w.message for w in result.warnings)


def test_utf8_bom_is_accepted(parser_rulebook: Rulebook) -> None:
    result = check_source(Source("bom.txt", b"\xef\xbb\xbf" + example_text(GOOD).encode()), parser_rulebook)
    assert result.status == "ok" and not result.warnings
    assert len(result.items) == 2


def test_letter_cut_off_before_its_items(parser_rulebook: Rulebook) -> None:
    text = example_text(GOOD)
    cut = text[: text.index("Norflex 100mg #60: Upheld")]
    result = check(cut, parser_rulebook)
    assert "lists no disputed items" in only_error(result)
    assert result.errors[0].line == 71  # the IMR ISSUES heading


def test_letter_cut_off_in_the_case_summary(parser_rulebook: Rulebook) -> None:
    text = example_text(GOOD)
    message = only_error(check(text[: text.index("IMR ISSUES")], parser_rulebook))
    assert "ends in its case summary section" in message


def test_a_file_that_is_not_a_letter(parser_rulebook: Rulebook) -> None:
    message = only_error(check("Dear diary,\n\nToday I parsed a letter.\n", parser_rulebook))
    assert message.startswith("not an IMR letter")


def test_a_run_with_broken_files_goes_on_and_stays_valid(tmp_path: Path) -> None:
    shutil.copy(EXAMPLES / GOOD, tmp_path / "a_good.txt")
    (tmp_path / "b_empty.txt").write_bytes(b"")
    (tmp_path / "c_binary.txt").write_bytes(bytes(range(256)))
    (tmp_path / "d_not_a_letter.txt").write_text("hello\n", encoding="utf-8")
    (tmp_path / "e_dangling.txt").symlink_to(tmp_path / "missing.txt")
    shutil.copy(EXAMPLES / "004_5bb1afb40656a8b8.txt", tmp_path / "f_good.txt")
    result = CliRunner().invoke(app, ["--format", "json", str(tmp_path)])
    report = json.loads(result.stdout)
    jsonschema.Draft7Validator(json.loads(schema_path("report.schema.json").read_text())).validate(report)
    status = {Path(letter["path"]).name: letter["status"] for letter in report["letters"]}
    assert status == {
        "a_good.txt": "ok",
        "b_empty.txt": "error",
        "c_binary.txt": "error",
        "d_not_a_letter.txt": "error",
        "e_dangling.txt": "error",
        "f_good.txt": "ok",
    }
    dangling = next(letter for letter in report["letters"] if letter["path"].endswith("e_dangling.txt"))
    assert "cannot read" in dangling["errors"][0]["message"]
    assert report["summary"]["errors"] == 4
    assert result.exit_code == 1
    assert "Traceback" not in result.stdout + result.stderr
