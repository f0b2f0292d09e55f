"""The command line: reports, JSON contract, exit statuses, the parse command."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from checker.cli.app import app
from checker.datafiles.resources import schema_path
from checker.version import __version__
from tests.support import EXAMPLES, ROOT, CliRunner

runner = CliRunner()


def run(*args: str, stdin: str | None = None) -> tuple[int, str]:
    result = runner.invoke(app, list(args), input=stdin)
    return result.exit_code, result.stdout


def report_schema() -> dict:
    return json.loads(schema_path("report.schema.json").read_text(encoding="utf-8"))


def test_json_report_follows_the_contract() -> None:
    code, out = run("--format", "json", str(EXAMPLES))
    report = json.loads(out)
    jsonschema.Draft7Validator(report_schema()).validate(report)
    assert report["tool"] == {"name": "imr-check", "version": __version__}
    assert [Path(letter["path"]).name for letter in report["letters"]] == sorted(p.name for p in EXAMPLES.glob("*.txt"))
    assert report["summary"]["letters"] == 5
    assert report["summary"]["items"] == 13
    assert report["summary"]["errors"] == 0
    assert code == (1 if report["summary"]["flags"] else 0)


def test_paths_in_the_report_are_as_given(tmp_path: Path) -> None:
    _, out = run("--format", "json", str(EXAMPLES / "002_c5f77487a4b823e6.txt"))
    assert json.loads(out)["letters"][0]["path"] == str(EXAMPLES / "002_c5f77487a4b823e6.txt")


def test_text_report_lists_items_and_a_summary_line() -> None:
    _, out = run(str(EXAMPLES / "004_5bb1afb40656a8b8.txt"), "--no-color")
    assert "Duragesic 12 mcg/hr patch #10: overturned" in out
    assert "\x1b[" not in out
    assert out.rstrip().splitlines()[-1].startswith("1 letter, 3 items,")


def test_color_only_when_asked_or_on_a_terminal() -> None:
    _, out = run(str(EXAMPLES / "004_5bb1afb40656a8b8.txt"), "--color")
    assert "\x1b[" in out


def test_a_bare_color_means_always_and_takes_a_value_as_typed() -> None:
    letter = str(EXAMPLES / "004_5bb1afb40656a8b8.txt")
    assert "\x1b[" in run("--color", "--format", "text", letter)[1]
    assert "\x1b[" in run("--color", "always", letter)[1]
    assert "\x1b[" not in run("--color=never", letter)[1]
    # as click reads an option whose value may be left out: a word after it is its value
    result = runner.invoke(app, ["--color", letter])
    assert result.exit_code == 2 and "is not one of 'auto', 'always', 'never'" in result.stderr


def test_glob_selects_files_in_directories(tmp_path: Path) -> None:
    shutil.copy(EXAMPLES / "000_4d584a2f79dd9d78.txt", tmp_path / "a.letter")
    shutil.copy(EXAMPLES / "001_d144e1222e08eb40.txt", tmp_path / "nested.txt")
    (tmp_path / "sub").mkdir()
    shutil.copy(EXAMPLES / "002_c5f77487a4b823e6.txt", tmp_path / "sub" / "b.letter")
    _, out = run("--format", "json", "--glob", "*.letter", str(tmp_path))
    paths = [letter["path"] for letter in json.loads(out)["letters"]]
    assert paths == [str(tmp_path / "a.letter"), str(tmp_path / "sub" / "b.letter")]


def test_stdin_is_read_for_dash() -> None:
    text = (EXAMPLES / "003_da630829cdb6960e.txt").read_text(encoding="utf-8")
    _, out = run("--format", "json", "-", stdin=text)
    letter = json.loads(out)["letters"][0]
    assert letter["path"] == "-"
    assert [i["treatment"] for i in letter["items"]] == ["Relafen 750mg #60", "Soma 350mg #60", "Norco 10/325mg #120"]


def test_missing_path_is_a_usage_error() -> None:
    result = runner.invoke(app, ["no/such/dir"])
    assert result.exit_code == 2
    assert "no such file or directory: no/such/dir" in result.stderr


def test_unknown_format_is_a_usage_error() -> None:
    assert runner.invoke(app, ["--format", "yaml", str(EXAMPLES)]).exit_code == 2


def test_version() -> None:
    code, out = run("--version")
    assert code == 0 and out.strip() == f"imr-check {__version__}"


def test_parse_prints_everything_extracted() -> None:
    code, out = run("parse", str(EXAMPLES / "002_c5f77487a4b823e6.txt"))
    assert code == 0
    detail = json.loads(out)
    flexeril = detail["items"][0]
    assert flexeril["treatment"]["strength"] == {"text": "5mg", "values": [5.0], "unit": "mg"}
    reviewer = next(c for c in flexeril["citations"] if c["role"] == "reviewer")
    assert reviewer["sources"][0]["pages"] == [[41, 41], [63, 63]]
    assert flexeril["conclusion"]["verdict"] == "not-necessary"
    assert detail["sections"]["case_summary"]["first_line"] < flexeril["line"]


def test_parse_of_a_broken_letter_reports_the_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.txt"
    broken.write_text("Just a shopping list\n", encoding="utf-8")
    code, out = run("parse", str(broken))
    assert code == 1
    assert "not an IMR letter" in json.loads(out)["errors"][0]["message"]


@pytest.mark.skipif(
    shutil.which("imr-check") is None and not (Path(sys.executable).parent / "imr-check").exists(),
    reason="console script not installed",
)
@pytest.mark.slow
def test_console_script_runs_on_the_examples() -> None:
    script = shutil.which("imr-check") or str(Path(sys.executable).parent / "imr-check")
    done = subprocess.run(
        [script, "--format", "json", str(EXAMPLES)], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert done.returncode in (0, 1), done.stderr
    assert json.loads(done.stdout)["summary"]["letters"] == 5
