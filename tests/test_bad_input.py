"""Bad input gives a clear per-letter error; the run goes on and the report stays valid."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import jsonschema
import pytest

from checker.cli.app import app
from checker.datafiles.resources import schema_path
from checker.pipeline import check, check_source
from checker.read.ingest import Source, find_letters, read_source
from checker.rulebook.book import Rulebook
from tests.pdfs import letter_pdf
from tests.support import EXAMPLES, TESTS, CliRunner, example_text

GOOD = "000_4d584a2f79dd9d78.txt"
GOOD_IN_FOLDER = ("a_good.txt", "f_good.txt", "m_good.txt", "o_good.pdf", "r_format2.txt", "s_format3.txt")


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


def test_letter_with_an_issues_section_but_no_items(parser_rulebook: Rulebook) -> None:
    text = example_text(GOOD)
    head = text[: text.index("Norflex 100mg #60: Upheld")]
    result = check(head + "The reviewer found no disputed items.\n\nSincerely,\n", parser_rulebook)
    assert "lists no disputed items" in only_error(result)


def test_file_larger_than_the_limit(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 2048)
    source = read_source(str(big), max_bytes=1024)
    assert source.data is None
    assert source.error is not None and "1,024-byte limit" in source.error and "--max-bytes" in source.error
    assert read_source(str(big), max_bytes=4096).data == b"x" * 2048


def test_max_bytes_option_refuses_a_letter_over_the_limit(tmp_path: Path) -> None:
    shutil.copy(EXAMPLES / GOOD, tmp_path / "a.txt")
    result = CliRunner().invoke(app, ["--format", "json", "--max-bytes", "1000", str(tmp_path)])
    letter = json.loads(result.stdout)["letters"][0]
    assert letter["status"] == "error" and "1,000-byte limit" in letter["errors"][0]["message"]
    assert result.exit_code == 1
    assert CliRunner().invoke(app, ["--max-bytes", "0", str(tmp_path)]).exit_code == 2


def test_broken_symlink(tmp_path: Path) -> None:
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "missing.txt")
    error = read_source(str(tmp_path / "dangling.txt")).error
    assert error is not None and "broken symbolic link" in error and "missing.txt" in error


def test_symlink_loop(tmp_path: Path) -> None:
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    error = read_source(str(tmp_path / "a.txt")).error
    assert error is not None and "symbolic link loop" in error


def test_directory_symlink_loop_is_not_followed(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    shutil.copy(EXAMPLES / GOOD, tmp_path / "sub" / "a.txt")
    (tmp_path / "sub" / "up").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "self").symlink_to(tmp_path / "self")
    assert list(find_letters([str(tmp_path)])) == [str(tmp_path / "sub" / "a.txt")]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_named_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    error = read_source(str(tmp_path / "pipe.txt")).error
    assert error is not None and "named pipe" in error


def test_a_directory_is_not_a_letter(tmp_path: Path) -> None:
    error = read_source(str(tmp_path)).error
    assert error is not None and "a directory" in error


def test_unreadable_file(tmp_path: Path) -> None:
    locked = tmp_path / "locked.txt"
    shutil.copy(EXAMPLES / GOOD, locked)
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):
            pytest.skip("running with privileges that ignore file permissions (root)")
        error = read_source(str(locked)).error
        assert error is not None and "permission denied" in error
    finally:
        locked.chmod(0o644)


@pytest.mark.slow
def test_a_run_with_broken_files_goes_on_and_stays_valid(tmp_path: Path) -> None:
    text = example_text(GOOD)
    shutil.copy(EXAMPLES / GOOD, tmp_path / "a_good.txt")
    (tmp_path / "b_empty.txt").write_bytes(b"")
    (tmp_path / "c_binary.txt").write_bytes(bytes(range(256)))
    (tmp_path / "d_not_a_letter.txt").write_text("hello\n", encoding="utf-8")
    (tmp_path / "e_dangling.txt").symlink_to(tmp_path / "missing.txt")
    shutil.copy(EXAMPLES / "004_5bb1afb40656a8b8.txt", tmp_path / "f_good.txt")
    (tmp_path / "g_huge.txt").write_bytes(text.encode() * 40)
    (tmp_path / "h_cut_off.txt").write_text(text[: text.index("IMR ISSUES")], encoding="utf-8")
    (tmp_path / "i_no_items.txt").write_text(text[: text.index("Norflex 100mg #60: Upheld")], encoding="utf-8")
    (tmp_path / "j_bad_bytes.txt").write_bytes(b"caf\xe9 \x81\x8d\x8f")
    (tmp_path / "k_loop.txt").symlink_to(tmp_path / "l_loop.txt")
    (tmp_path / "l_loop.txt").symlink_to(tmp_path / "k_loop.txt")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "up").symlink_to(tmp_path, target_is_directory=True)
    shutil.copy(EXAMPLES / "002_c5f77487a4b823e6.txt", tmp_path / "sub" / "m_good.txt")
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "n_pipe.txt")
    (tmp_path / "o_good.pdf").write_bytes(letter_pdf(example_text("003_da630829cdb6960e.txt")))
    (tmp_path / "p_broken.pdf").write_bytes(letter_pdf(text)[:1500])
    (tmp_path / "q_renamed.pdf").write_bytes(text.encode())
    layouts = TESTS / "fixtures" / "layouts"
    shutil.copy(layouts / "format2_norflex_lyrica.txt", tmp_path / "r_format2.txt")
    shutil.copy(layouts / "format3_lorzone_duragesic_norco.txt", tmp_path / "s_format3.txt")
    result = CliRunner().invoke(app, ["--format", "json", "--max-bytes", "200000", str(tmp_path)])
    report = json.loads(result.stdout)
    jsonschema.Draft7Validator(json.loads(schema_path("report.schema.json").read_text())).validate(report)
    letters = {Path(letter["path"]).name: letter for letter in report["letters"]}
    reasons = {
        "b_empty.txt": "no text",
        "c_binary.txt": "binary",
        "d_not_a_letter.txt": "not an IMR letter",
        "e_dangling.txt": "broken symbolic link",
        "g_huge.txt": "200,000-byte limit",
        "h_cut_off.txt": "may be cut off",
        "i_no_items.txt": "lists no disputed items",
        "j_bad_bytes.txt": "not valid UTF-8",
        "k_loop.txt": "symbolic link loop",
        "l_loop.txt": "symbolic link loop",
        "p_broken.pdf": "cannot open the PDF",
        "q_renamed.pdf": "not a PDF",
    }
    if hasattr(os, "mkfifo"):
        reasons["n_pipe.txt"] = "named pipe"
    assert sorted(letters) == sorted([*reasons, *GOOD_IN_FOLDER])
    for name, reason in reasons.items():
        assert letters[name]["status"] == "error", name
        assert reason in letters[name]["errors"][0]["message"], (name, letters[name]["errors"])
    for name in GOOD_IN_FOLDER:
        assert letters[name]["status"] == "ok" and letters[name]["items"], name
    assert report["summary"]["errors"] == len(reasons)
    assert result.exit_code == 1
    assert "Traceback" not in result.stdout + result.stderr
    text_run = CliRunner().invoke(app, ["--no-color", "--max-bytes", "200000", str(tmp_path)])
    assert text_run.exit_code == 1 and "Traceback" not in text_run.stdout + text_run.stderr
    assert f"{tmp_path / 'g_huge.txt'}: file is larger" in text_run.stdout


@pytest.mark.parametrize(
    ("cut_at", "warning"),
    [
        ("Decision rationale:", "has no 'Decision rationale:'"),  # the last item lost its rationale
        ("necessary", "no conclusion found in its rationale"),  # cut inside it, before its verdict
    ],
)
def test_a_letter_cut_off_inside_its_items_warns_about_the_item(
    parser_rulebook: Rulebook, cut_at: str, warning: str
) -> None:
    text = example_text(GOOD)
    last_item = text.rindex("Lyrica 100 mg #60: Overturned")
    cut = text[: text.index(cut_at, last_item)]
    result = check(cut, parser_rulebook)
    assert result.status == "ok" and len(result.items) == 2
    messages = [w.message for w in result.warnings]
    assert any(warning in m and "Lyrica 100 mg #60" in m for m in messages), messages
    assert result.items[-1].item.conclusion is None
