"""What users of ruff, yamllint or Semgrep expect of a linter's command line: help with every
default, -V, comma lists, concise/github/gitlab output, --stdin-filename, clean, a pre-commit hook
that runs on letters only, and a start-up that loads nothing it does not need."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
import yaml
from typer.core import TyperGroup, TyperOption
from typer.main import get_command

from checker.cli import options as opt
from checker.cli.app import app
from checker.datafiles.resources import schema_path
from checker.model import FAIL_LEVELS
from checker.report.formats import FORMATS
from checker.run import settings
from checker.triage.baseline import letter_key
from checker.version import __version__
from tests.support import EXAMPLES, ROOT, invoke

LETTER = str(EXAMPLES / "004_5bb1afb40656a8b8.txt")


def _commands(group: TyperGroup, prefix: str = "imr-check") -> list[tuple[str, Any]]:
    """Every command and group of the command line (click's, or the copy typer 0.26+ carries)."""
    out: list[tuple[str, Any]] = [(prefix, group)]
    for name, command in group.commands.items():
        if isinstance(command, TyperGroup):
            out += _commands(command, f"{prefix} {name}")
        else:
            out.append((f"{prefix} {name}", command))
    return out


COMMAND_LINE = get_command(app)
assert isinstance(COMMAND_LINE, TyperGroup)


@pytest.mark.parametrize(("name", "command"), _commands(COMMAND_LINE), ids=lambda v: v if isinstance(v, str) else "")
def test_help_shows_every_default_and_no_type_names(name: str, command: Any) -> None:
    args = name.split()[1:]
    result = invoke(*args, "--help")
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    for leak in ("<bool>", "<list", "{paths}", "<str>", "<int>"):
        assert leak not in text
    assert "{" not in text.splitlines()[0] and "<" not in text.splitlines()[0]  # the usage line
    assert "Arguments:" not in text  # the command's text says what they are, on every typer and click
    ctx = typer.Context(command, info_name=name, show_default=True)
    for param in command.params:
        if not isinstance(param, TyperOption) or param.hidden or (param.is_flag and not param.secondary_opts):
            continue
        record = param.get_help_record(ctx)
        assert record is not None
        default = param.get_default(ctx, call=False)
        has_default = isinstance(default, str | int | bool) and not param.multiple
        assert ("[default: " in record[1]) == has_default, (name, param.name, record)


def test_bare_imr_check_prints_the_help_and_exits_2() -> None:
    result = invoke()
    assert result.exit_code == 2
    assert "Usage: imr-check" in result.stdout and "Commands:" in result.stdout
    assert "Missing command" not in result.stdout + result.stderr


def test_help_lists_commands_in_alphabetical_order() -> None:
    for args in ([], ["rules"]):
        text = invoke(*args, "--help").stdout
        listed = re.findall(r"^  ([a-z]+)  ", text.split("Commands:")[1], re.MULTILINE)
        assert listed == sorted(listed) and len(listed) >= 4, listed


def test_dash_v_prints_the_version() -> None:
    for flag in ("-V", "--version"):
        result = invoke(flag)
        assert result.exit_code == 0 and result.stdout.strip() == f"imr-check {__version__}"


def test_the_command_lines_names_are_the_settings_names() -> None:
    config_formats = json.loads(schema_path("config.schema.json").read_text())["properties"]["format"]["enum"]
    assert opt.FORMAT_NAMES == settings.FORMAT_NAMES == tuple(FORMATS) == tuple(config_formats)
    assert opt.FAIL_LEVELS == FAIL_LEVELS
    assert opt.ENGINES == settings.ENGINES and opt.COLOR_CHOICES == settings.COLOR_CHOICES


def test_disable_takes_a_comma_separated_list_in_any_case() -> None:
    result = invoke("--format", "json", "--disable", "MTUS-DEC-001,mtus-nr-002", "--disable", "MTUS-OPI-001", LETTER)
    rules = {f["rule"] for item in json.loads(result.stdout)["letters"][0]["items"] for f in item["flags"]}
    assert rules and not rules & {"MTUS-DEC-001", "MTUS-NR-002", "MTUS-OPI-001"}
    assert invoke("--disable", "MTUS-DEC-001,NO-SUCH", LETTER).exit_code == 2


def _json_flags(relative: bool = False) -> list[tuple[str, int, str]]:
    report = json.loads(invoke("--format", "json", str(EXAMPLES)).stdout)
    return sorted(
        (
            letter_key(letter["path"]) if relative else letter["path"],
            flag["evidence"][0]["line"] if flag["evidence"] else item["line"],
            flag["rule"],
        )
        for letter in report["letters"]
        for item in letter["items"]
        for flag in item["flags"]
    )


def test_concise_is_one_line_per_flag_like_ruff() -> None:
    result = invoke("--format", "concise", str(EXAMPLES))
    assert result.exit_code == 1
    *lines, summary = result.stdout.splitlines()
    pattern = re.compile(r"^(?P<path>\S+):(?P<line>\d+):1: (?P<rule>(?:[a-z0-9-]+/)?[A-Z0-9-]+) \S")
    found = sorted((m["path"], int(m["line"]), m["rule"]) for m in map(pattern.match, lines) if m)
    assert len(found) == len(lines)
    assert found == _json_flags()
    assert summary == f"Found {len(lines)} flags in 5 letters."


def test_github_format_writes_workflow_annotations() -> None:
    result = invoke("--format", "github", str(EXAMPLES))
    lines = result.stdout.splitlines()
    pattern = re.compile(
        r"^::(error|warning|notice) file=(?P<path>[^,]+),line=(?P<line>\d+),"
        r"title=(?P<rule>(?:[a-z0-9-]+/)?[A-Z0-9-]+)::"
    )
    found = sorted((m["path"], int(m["line"]), m["rule"]) for m in map(pattern.match, lines) if m)
    assert len(found) == len(lines) == len(_json_flags())
    assert found == _json_flags(relative=True)


def test_github_annotations_escape_what_the_runner_reads(tmp_path: Path) -> None:
    from checker.report.github import annotation

    line = annotation("error", "a,b:c.txt", 3, "R-1", "50% done\nnext")
    assert line == "::error file=a%2Cb%3Ac.txt,line=3,title=R-1::50%25 done%0Anext\n"


def test_gitlab_format_is_code_quality_json(tmp_path: Path) -> None:
    (tmp_path / "broken.txt").write_text("a shopping list\n", encoding="utf-8")
    result = invoke("--format", "gitlab", str(EXAMPLES), str(tmp_path / "broken.txt"))
    issues = json.loads(result.stdout)
    flags = [i for i in issues if i["check_name"] != "imr-check/unreadable"]
    assert sorted((i["location"]["path"], i["location"]["lines"]["begin"], i["check_name"]) for i in flags) == (
        _json_flags(relative=True)
    )
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    assert {i["severity"] for i in issues} <= {"info", "minor", "major", "critical", "blocker"}
    assert [i["severity"] for i in issues if i["check_name"] == "imr-check/unreadable"] == ["blocker"]
    assert all(i["description"] and i["type"] == "issue" for i in issues)


def test_stdin_filename_names_the_letter_read_from_standard_input() -> None:
    text = Path(LETTER).read_text(encoding="utf-8")
    result = invoke("--format", "sarif", "--stdin-filename", "letters/004.txt", "-", stdin=text)
    sarif = json.loads(result.stdout)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]}
    assert uris == {"letters/004.txt"}
    concise = invoke("--format", "concise", "--stdin-filename", "letters/004.txt", "-", stdin=text).stdout
    assert concise.startswith("letters/004.txt:")


def test_clean_removes_the_result_cache_and_the_data_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("IMR_CHECK_NO_CACHE", raising=False)
    monkeypatch.setenv("IMR_CHECK_DATA_CACHE", str(tmp_path / "data-cache"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    invoke("--format", "json", "-j", "1", LETTER)
    results = tmp_path / "user-cache" / "imr-check" / "results"
    (tmp_path / "data-cache").mkdir(exist_ok=True)  # the rulebook may be loaded already in this process
    (tmp_path / "data-cache" / "entry.json").write_text("{}", encoding="utf-8")
    assert (results / "results.sqlite3").is_file()
    result = invoke("clean")
    assert result.exit_code == 0, result.stderr
    assert not results.exists() and not (tmp_path / "data-cache").exists()
    assert "removed" in result.stderr
    assert invoke("clean").stderr.strip() == "imr-check: no cache to remove"


def test_clean_removes_only_the_caches_own_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A configuration may name any folder as the cache: clean must not empty it.
    monkeypatch.chdir(tmp_path)
    (tmp_path / "precious.txt").write_text("keep\n", encoding="utf-8")
    (tmp_path / ".imr-check.yaml").write_text("cache-dir: .\n", encoding="utf-8")
    assert invoke("clean").exit_code == 0
    assert (tmp_path / "precious.txt").read_text(encoding="utf-8") == "keep\n"


def test_the_pre_commit_hook_runs_once_on_letters_only() -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    files = re.compile(hook["files"])
    assert hook["require_serial"] is True and hook["entry"] == "imr-check"
    for path in ("letters/004.txt", "letters/2026-03/004.pdf", "qa/letters/a.txt"):
        assert files.search(path), path
    for path in ("README.txt", "docs/notes.txt", "requirements.txt", "letters.txt", "letters/notes.md"):
        assert not files.search(path), path


def _modules_after(*args: str) -> set[str]:
    """Top-level packages imported by one `imr-check` run in a fresh interpreter."""
    code = (
        "import atexit, sys\n"
        f"sys.argv = ['imr-check', *{list(args)!r}]\n"
        "atexit.register(lambda: print(sorted({m.split('.')[0] for m in sys.modules}), file=sys.stderr))\n"
        "from checker.cli.app import main\n"
        "main()\n"
    )
    env = {**os.environ, "IMR_CHECK_NO_CACHE": "1"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, check=False)
    return set(json.loads(done.stderr.strip().splitlines()[-1].replace("'", '"')))


HEAVY = {"pydantic", "rich", "distributed", "dask", "jsonschema", "pypdfium2", "multiprocessing"}


@pytest.mark.slow
def test_start_up_loads_nothing_heavy() -> None:
    for args in (["--version"], ["--help"], ["check", "--help"], ["rules", "--help"]):
        assert not _modules_after(*args) & (HEAVY | {"lark", "yaml"}), args
    _modules_after("--format", "json", LETTER)  # fills this session's data cache, as any first run does
    assert not _modules_after("--format", "json", LETTER) & HEAVY


def test_console_entry_point_is_the_typer_app() -> None:
    assert shutil.which("imr-check") is None or Path(shutil.which("imr-check") or "").exists()
    assert isinstance(app, typer.Typer) and "check" in COMMAND_LINE.commands
