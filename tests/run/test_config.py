"""Configuration: found from the working directory upward, overridden by the command line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from checker.run.config import find_config, load_config
from checker.run.settings import Settings, merge
from tests.rulebook_copies import copy_rules, edit
from tests.support import EXAMPLES, invoke


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(EXAMPLES, tmp_path / "letters")
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_pyproject_table_is_found_from_a_subdirectory(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (project / "pyproject.toml").write_text(
        '[project]\nname = "letters"\n\n[tool.imr-check]\nformat = "json"\nfail-on = "never"\n'
        'disable = ["MTUS-NR-002"]\n\n[tool.imr-check.severity]\nMTUS-OPI-001 = "error"\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(project / "sub" / "deeper")
    assert find_config() == project / "pyproject.toml"
    result = invoke("../../letters")
    assert result.exit_code == 0  # fail-on never
    report = json.loads(result.stdout)  # format json
    rules = {(f["rule"], f["severity"]) for letter in report["letters"] for i in letter["items"] for f in i["flags"]}
    assert ("mtus-2009/OPI-001", "error") in rules and not any(rule == "mtus-2009/NR-002" for rule, _ in rules)


def test_the_command_line_overrides_the_file(project: Path) -> None:
    (project / ".imr-check.yaml").write_text("format: json\nfail-on: never\nseverity: {MTUS-OPI-001: info}\n", "utf-8")
    assert invoke("letters").exit_code == 0
    result = invoke("--fail-on", "error", "--format", "csv", "--severity", "MTUS-OPI-001=warning", "letters")
    assert result.exit_code == 1
    assert result.stdout.startswith("letter,line,treatment")
    assert "mtus-2009/OPI-001,opioid-monitoring,warning" in result.stdout


def test_yaml_file_comes_before_pyproject_in_the_same_directory(project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool.imr-check]\nformat = "json"\n', encoding="utf-8")
    (project / ".imr-check.yaml").write_text("format: csv\n", encoding="utf-8")
    assert find_config() == project / ".imr-check.yaml"


def test_a_pyproject_without_the_table_is_passed_over(project: Path) -> None:
    (project / "sub" / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    (project / ".imr-check.yaml").write_text("format: csv\n", encoding="utf-8")
    assert find_config(project / "sub") == project / ".imr-check.yaml"


def test_paths_in_the_file_are_relative_to_the_file(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (project / ".imr-check.yaml").write_text("output: reports/r.json\nwaivers: waivers.yaml\n", "utf-8")
    monkeypatch.chdir(project / "sub")
    config = load_config()
    assert config.values == {"output": "../reports/r.json", "waivers": "../waivers.yaml"}


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            ".imr-check.yaml",
            "format: json\nfail-on: sometimes\n",
            ".imr-check.yaml:2: fail-on: 'sometimes' is not one of",
        ),
        (".imr-check.yaml", "jobs: 2\ncolour: true\n", ".imr-check.yaml:2: colour: unknown field"),
        (".imr-check.yaml", "jobs: many\n", ".imr-check.yaml:1: jobs: 'many' is not of type 'integer'"),
        ("pyproject.toml", '[tool.imr-check]\nformat = "json"\nfail-on = "sometimes"\n', "pyproject.toml:3: fail-on:"),
        (
            "pyproject.toml",
            "[tool.imr-check.severity]\nMTUS-OPI-001 = 'fatal'\n",
            "pyproject.toml:2: severity.MTUS-OPI-001:",
        ),
        ("pyproject.toml", "[tool.imr-check]\nformat = \n", "pyproject.toml:2: TOML error"),
    ],
)
def test_bad_configuration_exits_2_naming_file_line_and_key(project: Path, name: str, text: str, expected: str) -> None:
    (project / name).write_text(text, encoding="utf-8")
    result = invoke("letters")
    assert result.exit_code == 2
    assert "bad configuration" in result.stderr and expected in result.stderr, result.stderr


def test_an_explicit_config_file_is_used(project: Path) -> None:
    (project / "ci.yaml").write_text("format: markdown\n", encoding="utf-8")
    assert invoke("--config", "ci.yaml", "letters").stdout.startswith("## imr-check")


def test_merge_keeps_defaults_and_unions_disabled_rules() -> None:
    settings = merge({"disable": ["A"], "jobs": 2}, {"disable": ["B"], "jobs": None, "format": None})
    assert settings.disable == ("A", "B") and settings.jobs == 2 and settings.format == Settings().format


def test_rulebook_settings_in_the_file_choose_the_rulebook(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    book = copy_rules(project)
    edit(book / "families" / "opioid-monitoring.yaml", "severity: warning", "severity: info")
    (project / ".imr-check.yaml").write_text(
        f"rules: {book.relative_to(project)}\ndisable: [MTUS-DEC-001, MTUS-UR-001]\nformat: json\n", "utf-8"
    )
    monkeypatch.chdir(project / "sub")
    result = invoke("--fail-on", "info", "../letters")
    assert result.exit_code == 1, result.stderr
    flags = [f for letter in json.loads(result.stdout)["letters"] for i in letter["items"] for f in i["flags"]]
    assert {f["rule"]: f["severity"] for f in flags}["mtus-2009/OPI-001"] == "info"
    assert not {"core/DEC-001", "core/UR-001"} & {f["rule"] for f in flags}
    (project / ".imr-check.yaml").write_text("rules: nowhere\n", "utf-8")
    missing = invoke("../letters")
    assert missing.exit_code == 2 and "nowhere" in missing.stderr


def test_rules_list_and_explain_use_the_rulebook_check_uses(project: Path) -> None:
    (project / ".imr-check.yaml").write_text("disable: [MTUS-NR-002]\nseverity: {MTUS-OPI-001: info}\n", "utf-8")
    listed = invoke("rules", "list").stdout
    assert "mtus-2009/NR-002" not in listed
    assert (
        next(line for line in listed.splitlines() if line.strip().startswith("mtus-2009/OPI-001")).split()[2] == "info"
    )
    assert "severity  info" in invoke("explain", "MTUS-OPI-001").stdout
    flagged = invoke("--format", "csv", "letters").stdout
    assert "mtus-2009/NR-002" not in flagged and "mtus-2009/OPI-001,opioid-monitoring,info" in flagged
    # The rule test cases still run against every rule, the disabled one included.
    assert invoke("rules", "test").exit_code == 0


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (".imr-check.yaml", "jobs: 2\ndisable:\n  - MTUS-NR-002\n  - MTUS-NOPE-1\n", ".imr-check.yaml:4: disable:"),
        (
            "pyproject.toml",
            '[tool.imr-check]\njobs = 2\n\n[tool.imr-check.severity]\nMTUS-OPI-001 = "error"\nMTUS-NOPE-1 = "info"\n',
            "pyproject.toml:6: severity:",
        ),
    ],
)
def test_an_unknown_rule_id_in_the_file_is_reported_at_its_line(
    project: Path, name: str, text: str, expected: str
) -> None:
    (project / name).write_text(text, encoding="utf-8")
    result = invoke("letters")
    assert result.exit_code == 2
    assert expected in result.stderr and "no rule with id 'MTUS-NOPE-1'" in result.stderr
    assert "--disable" not in result.stderr and "--severity" not in result.stderr
    cli = invoke("--disable", "MTUS-NOPE-2", "letters")
    assert cli.exit_code == 2 and "--disable: no rule with id 'MTUS-NOPE-2'" in cli.stderr


def test_an_unknown_key_is_reported_on_its_own_line(project: Path) -> None:
    (project / ".imr-check.yaml").write_text("format: json\njobs: 2\n\nfail_on: never\n", encoding="utf-8")
    result = invoke("letters")
    assert result.exit_code == 2
    assert ".imr-check.yaml:4: fail_on: unknown field (did you mean 'fail-on'?)" in result.stderr


def test_a_scheduler_without_the_dask_engine_is_an_error(project: Path) -> None:
    result = invoke("--scheduler", "tcp://127.0.0.1:8786", "letters")
    assert result.exit_code == 2 and "scheduler: needs --engine dask" in result.stderr
    (project / ".imr-check.yaml").write_text("jobs: 1\nscheduler: tcp://127.0.0.1:8786\n", encoding="utf-8")
    from_file = invoke("letters")
    assert from_file.exit_code == 2 and ".imr-check.yaml:2: scheduler: needs engine = dask" in from_file.stderr
    # the command line may choose the local engine over a file that names a cluster
    (project / ".imr-check.yaml").write_text("engine: dask\nscheduler: tcp://127.0.0.1:8786\n", encoding="utf-8")
    assert invoke("--engine", "local", "-j", "1", "letters").exit_code == 1
