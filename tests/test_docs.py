"""Every command of the README and of docs/ runs, so the documentation cannot drift from the tool.

The shell blocks of README.md and docs/*.md and the commands of the CI examples in docs/ci/ run,
in document order, in a folder laid out as the documents assume: `letters/` (the example letters,
a PDF of one, `004.txt`), `archive/`, `letter.txt`, `local.yaml` with its test cases, a waivers
file, and the repository's `rules/` and `examples/`. A command must not end in a usage or
configuration error (exit 2) nor print a traceback. Dask commands use a local cluster in place of
the example scheduler's address. Installing commands are the ones `.ci/run` performs (each is
listed below with the line of .ci/run that does it); a git URL is checked as a requirement.
The README's Python example, its configuration and waivers examples, and docs/rules.md's test
case example run or load as written.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement

from tests.pdfs import letter_pdf
from tests.rulebook.test_rule_authors import CASES, LOCAL_RULE
from tests.support import EXAMPLES, ROOT, example_text, needs_dask

pytestmark = pytest.mark.slow  # some forty runs of imr-check

DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
CI_EXAMPLES = sorted((ROOT / "docs" / "ci").glob("*.yml"))
CI_RUN = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
EXAMPLE_SCHEDULER = "tcp://10.0.0.5:8786"

# Commands that install or run the test suite: .ci/run does each on a fresh machine.
DONE_BY_CI = {
    "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/imr-check examples/letters": '"$work/venv/bin/pip" install -q .',  # noqa: E501
    "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/python -m pytest": "$PYTHON -m venv .venv && .venv/bin/pip install -q -e '.[test,dask]'",  # noqa: E501
    "python3 -m pip wheel --no-deps -w dist .": '"$work/venv/bin/pip" wheel -q --no-deps -w "$work/dist" .',
    "pip install dist/imr_check-*.whl": '"$work/wheel/bin/pip" install -q "$(ls "$work"/dist/imr_check-*.whl)[dask]"',
    'pip install "$(ls dist/imr_check-*.whl)[dask]"': '"$work/wheel/bin/pip" install -q "$(ls "$work"/dist/imr_check-*.whl)[dask]"',  # noqa: E501
    "IMR_CHECK_PROPERTY_EXAMPLES=5000 .venv/bin/python -m pytest tests/test_properties.py": "IMR_CHECK_REQUIRE_DASK=1 .venv/bin/python -m pytest",  # noqa: E501
    "apt-get update -qq && apt-get install -y -qq git >/dev/null": "apt-get update -qq",
}
GIT_REQUIREMENT = re.compile(r'pip install "(?P<requirement>imr-check(\[dask\])? @ git\+https://[^"]+)"')


def _shell_blocks(path: Path) -> Iterator[str]:
    """The command lines of a document's ```sh blocks, without their trailing comments."""
    for block in re.findall(r"^```sh\n(.*?)^```", path.read_text(encoding="utf-8"), re.MULTILINE | re.DOTALL):
        for line in block.splitlines():
            command = re.sub(r"\s{2,}#.*$", "", line).strip()
            if command and not command.startswith("#"):
                yield command


def _ci_commands(path: Path) -> Iterator[str]:
    """The commands of a CI example, with its own variables filled in."""
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    jobs = document.get("jobs", {})
    steps = [step["run"] for job in jobs.values() for step in job.get("steps", []) if "run" in step]
    variables = dict(document.get("env", {}))
    for job in (value for value in document.values() if isinstance(value, dict) and "script" in value):
        variables.update(job.get("variables", {}))
        steps += [line for key in ("before_script", "script", "after_script") for line in job.get(key, [])]
    for step in steps:
        command = step
        for name, value in variables.items():
            command = command.replace(f'"${name}"', f'"{value}"')
        yield command.strip()


def _step_blocks(path: Path) -> Iterator[str]:
    """The `run:` commands of workflow steps quoted in a document's ```yaml blocks."""
    for block in re.findall(r"^```yaml\n(.*?)^```", path.read_text(encoding="utf-8"), re.MULTILINE | re.DOTALL):
        steps = yaml.safe_load(block)
        if isinstance(steps, list):
            yield from (step["run"].strip() for step in steps if isinstance(step, dict) and "run" in step)


def _commands() -> list[tuple[str, list[str]]]:
    found = [(path.relative_to(ROOT).as_posix(), [*_shell_blocks(path), *_step_blocks(path)]) for path in DOCUMENTS]
    found += [(path.relative_to(ROOT).as_posix(), list(_ci_commands(path))) for path in CI_EXAMPLES]
    return [(name, commands) for name, commands in found if commands]


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A folder laid out as the documents assume."""
    shutil.copytree(EXAMPLES, tmp_path / "letters")
    shutil.copy(EXAMPLES / "004_5bb1afb40656a8b8.txt", tmp_path / "letters" / "004.txt")
    shutil.copy(EXAMPLES / "002_c5f77487a4b823e6.txt", tmp_path / "letters" / "002.letter")
    (tmp_path / "letters" / "004.pdf").write_bytes(letter_pdf(example_text("004_5bb1afb40656a8b8.txt")))
    shutil.copytree(EXAMPLES, tmp_path / "archive")
    shutil.copy(EXAMPLES / "003_da630829cdb6960e.txt", tmp_path / "letter.txt")
    (tmp_path / "local.yaml").write_text(LOCAL_RULE, encoding="utf-8")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "local.yaml").write_text(CASES, encoding="utf-8")
    (tmp_path / "waivers.yaml").write_text(
        "waivers:\n  - letter: letters/004_*.txt\n    item: 'Norco 325 mg #90'\n    rule: MTUS-DEC-001\n"
        "    reason: Addendum corrects the conclusion\n",
        encoding="utf-8",
    )
    for name in ("rules", "examples"):
        (tmp_path / name).symlink_to(ROOT / name)
    (tmp_path / "path" / "to").mkdir(parents=True)
    (tmp_path / "path" / "to" / "rulebook").symlink_to(ROOT / "rules" / "mtus-2009")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "imr-check"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m checker "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    return tmp_path


def _environment(workspace: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    path = f"{workspace / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    # A cache folder of its own, so that `imr-check clean` neither removes nor races other runs' caches.
    cache = workspace / "cache"
    return {**env, "PATH": path, "PYTHONPATH": str(ROOT), "IMR_CHECK_NO_CACHE": "1", "XDG_CACHE_HOME": str(cache)}


def _run(command: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-o", "pipefail", "-c", command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _check_done_by_ci(command: str) -> str | None:
    requirement = GIT_REQUIREMENT.fullmatch(command)
    if requirement:
        Requirement(requirement["requirement"])  # a valid PEP 508 direct reference
        return None
    if command not in DONE_BY_CI:
        return f"{command!r}: installs or tests, but no line of .ci/run is known to do it"
    if DONE_BY_CI[command] not in CI_RUN:
        return f"{command!r}: .ci/run no longer has {DONE_BY_CI[command]!r}"
    return None


def _installs(command: str) -> bool:
    words = shlex.split(command.replace("&&", " "))
    return "pip" in " ".join(words) or "apt-get" in words or "venv" in words or "pytest" in " ".join(words)


@pytest.mark.parametrize(("document", "commands"), _commands(), ids=[name for name, _ in _commands()])
def test_every_documented_command_runs(document: str, commands: list[str], workspace: Path) -> None:
    env = _environment(workspace)
    problems: list[str] = []
    cluster = None
    try:
        for command in commands:
            if _installs(command):
                problem = _check_done_by_ci(command)
                problems += [problem] if problem else []
                continue
            run = command
            if "--engine dask" in command:
                needs_dask()
                if EXAMPLE_SCHEDULER in command:
                    if cluster is None:
                        from dask.distributed import LocalCluster

                        cluster = LocalCluster(
                            n_workers=1, threads_per_worker=1, host="127.0.0.1", dashboard_address=None
                        )
                    run = command.replace(EXAMPLE_SCHEDULER, cluster.scheduler_address)
            cwd = workspace
            if command.startswith("python bench/"):  # a benchmark of the repository's own letters
                cwd, run = ROOT, f"{sys.executable} {command.removeprefix('python ').replace('3000', '30')}"
            done = _run(run, cwd, env)
            if done.returncode not in (0, 1) or "Traceback" in done.stderr:
                problems.append(f"{command!r} exited {done.returncode}:\n{done.stderr[-2000:]}")
    finally:
        if cluster is not None:
            cluster.close()
    assert not problems, "\n\n".join(problems)


def _blocks(path: Path, language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", path.read_text(encoding="utf-8"), re.MULTILINE | re.DOTALL)


def test_the_readme_python_example_runs(workspace: Path) -> None:
    (code,) = _blocks(ROOT / "README.md", "python")
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=workspace,
        env=_environment(workspace),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Duragesic 12 mcg/hr patch #10 overturned" in done.stdout


def test_the_readme_configuration_runs_before_its_baseline_and_waivers_exist(workspace: Path) -> None:
    (toml,) = _blocks(ROOT / "README.md", "toml")
    project = workspace / "project"
    project.mkdir()
    shutil.copytree(EXAMPLES, project / "letters")
    (project / "pyproject.toml").write_text(toml, encoding="utf-8")
    done = _run("imr-check letters/", project, _environment(workspace))
    assert done.returncode in (0, 1), done.stderr
    assert "no baseline file imr-check-baseline.json yet" in done.stderr
    assert "no waivers file waivers.yaml yet" in done.stderr
    assert (project / "imr-check.sarif").stat().st_size > 0
    recorded = _run("imr-check baseline letters/", project, _environment(workspace))
    assert recorded.returncode == 0, recorded.stderr
    assert (project / "imr-check-baseline.json").is_file()
    assert _run("imr-check letters/", project, _environment(workspace)).returncode == 0


def test_the_waivers_and_rule_test_examples_load(workspace: Path) -> None:
    from checker.run.ruletests import load_cases
    from checker.triage.waivers import load_waivers

    waivers_examples = [b for b in _blocks(ROOT / "README.md", "yaml") if "\nwaivers:" in b or b.startswith("waivers:")]
    assert waivers_examples
    for index, text in enumerate(waivers_examples):
        path = workspace / f"waivers-{index}.yaml"
        path.write_text(text, encoding="utf-8")
        assert load_waivers(path).waivers
    case_examples = [b for b in _blocks(ROOT / "docs" / "rules.md", "yaml") if b.startswith("tests:")]
    assert case_examples
    for index, text in enumerate(case_examples):
        path = workspace / f"cases-{index}.yaml"
        path.write_text(text, encoding="utf-8")
        assert load_cases([path])


def test_the_readme_shows_the_text_report_the_examples_get(monkeypatch: pytest.MonkeyPatch) -> None:
    """The text report in the README is what `imr-check examples/letters` prints today."""
    from tests.support import invoke

    (shown,) = [b for b in _blocks(ROOT / "README.md", "text") if b.startswith("examples/letters/")]
    monkeypatch.chdir(ROOT)
    result = invoke("--no-cache", "--color", "never", "examples/letters")
    assert result.exit_code == 1
    assert result.stdout.rstrip() == shown.rstrip()
