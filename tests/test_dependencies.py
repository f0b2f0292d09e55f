"""The declared dependencies are the ones the code uses, with lower bounds CI installs and tests."""

from __future__ import annotations

import importlib.metadata
import re
import tomllib

from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

from tests.support import ROOT

PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
REQUIREMENT = re.compile(r"^(?P<name>[A-Za-z0-9_.-]+)(?:\[[^\]]*\])?\s*(?P<spec>.*)$")


def _requirements(lines: list[str]) -> dict[str, str]:
    out = {}
    for line in lines:
        match = REQUIREMENT.match(line.strip())
        assert match, line
        out[match["name"].lower().replace("_", "-")] = match["spec"]
    return out


def _lowest() -> dict[str, str]:
    pins = {}
    for line in (ROOT / ".ci" / "lowest.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, version = line.partition("==")
            pins[name.strip().lower()] = version.strip()
    return pins


def test_every_runtime_dependency_is_pinned_at_its_lower_bound_for_ci() -> None:
    declared = _requirements(PROJECT["dependencies"])
    lowest = _lowest()
    assert set(lowest) == set(declared)
    for name, spec in declared.items():
        bound = re.search(r">=\s*([0-9][0-9.]*)", spec)
        assert bound, f"{name} has no lower bound"
        # the pin may be the first release of the bounded series that installs (6.0 -> 6.0.1)
        assert lowest[name] == bound[1] or lowest[name].startswith(bound[1] + "."), (name, spec, lowest[name])


def test_typer_is_declared_below_the_release_that_pulls_in_pydantic() -> None:
    declared = _requirements(PROJECT["dependencies"])
    assert "pydantic" not in declared
    allowed = SpecifierSet(declared["typer"])
    assert "0.28.0" in allowed and "0.29.0" not in allowed  # typer 0.29 requires pydantic
    assert importlib.metadata.version("typer") in allowed
    needs = [Requirement(line).name.lower() for line in importlib.metadata.requires("typer") or []]
    assert "pydantic" not in needs


def test_click_is_declared_exactly_when_the_code_imports_it() -> None:
    imports_click = re.compile(r"^\s*(import click\b|from click\b)", re.MULTILINE)
    importers = [p for p in (ROOT / "checker").rglob("*.py") if imports_click.search(p.read_text(encoding="utf-8"))]
    assert bool(importers) == ("click" in _requirements(PROJECT["dependencies"])), importers


def test_dask_stays_in_its_own_extra() -> None:
    extras = {name: _requirements(lines) for name, lines in PROJECT["optional-dependencies"].items()}
    assert "distributed" in extras["dask"]
    assert "distributed" not in extras["test"] and "dask" not in extras["test"]
