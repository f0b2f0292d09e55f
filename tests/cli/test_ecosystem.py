"""The files that fit imr-check into other tools: pre-commit hook, CI examples, schema comments."""

from __future__ import annotations

import json
import re
import shlex
import tomllib
from pathlib import Path

import yaml

from checker.run.config import load_config
from checker.triage.waivers import load_waivers
from tests.support import ROOT

SCHEMA_COMMENT = re.compile(r"^# yaml-language-server: \$schema=(\S+)$", re.MULTILINE)


def load(path: Path) -> object:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def option(command: str, name: str) -> str:
    words = shlex.split(command)
    return words[words.index(name) + 1]


def test_pre_commit_hook_runs_the_console_script() -> None:
    (hook,) = load(ROOT / ".pre-commit-hooks.yaml")  # type: ignore[misc]
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert hook["id"] == "imr-check" and hook["entry"] in scripts
    assert hook["language"] == "python" and re.search(hook["files"], "letters/004.txt")


def test_github_actions_example_uploads_the_sarif_it_writes() -> None:
    workflow = load(ROOT / "docs/ci/github-actions.yml")
    steps = workflow["jobs"]["letters"]["steps"]  # type: ignore[index]
    check = next(s for s in steps if "run" in s and "--format sarif" in s["run"])
    upload = next(s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif"))
    assert upload["with"]["sarif_file"] == option(check["run"], "--output")
    assert upload["if"] == "always()"
    assert workflow["permissions"]["security-events"] == "write"  # type: ignore[index]


def test_gitlab_example_publishes_the_junit_it_writes() -> None:
    job = load(ROOT / "docs/ci/gitlab-ci.yml")["imr-check"]  # type: ignore[index]
    command = next(line for line in job["script"] if line.startswith("imr-check"))
    assert option(command, "--format") == "junit"
    assert job["artifacts"]["reports"]["junit"] == option(command, "--output")
    assert job["artifacts"]["when"] == "always"


def test_example_waivers_and_configuration_are_valid_and_point_at_their_schemas() -> None:
    for name, schema in (("waivers.yaml", "waivers.schema.json"), ("imr-check.yaml", "config.schema.json")):
        path = ROOT / "examples" / name
        (target,) = SCHEMA_COMMENT.findall(path.read_text(encoding="utf-8"))
        assert (path.parent / target).resolve() == ROOT / "checker" / "schemas" / schema
    assert load_waivers(ROOT / "examples" / "waivers.yaml").waivers[0].reason
    assert load_config(ROOT / "examples" / "imr-check.yaml").values["fail-on"] == "error"


def test_every_data_file_names_a_schema_that_exists() -> None:
    files = sorted((ROOT / "rules").rglob("*.yaml"))
    assert len(files) > 5
    for path in files:
        targets = SCHEMA_COMMENT.findall(path.read_text(encoding="utf-8"))
        assert len(targets) == 1, f"{path}: no '# yaml-language-server: $schema=' line"
        schema = (path.parent / targets[0]).resolve()
        assert schema.is_file(), f"{path}: {targets[0]} does not exist"
        assert json.loads(schema.read_text(encoding="utf-8"))["$schema"].endswith("draft-07/schema#")
