"""The declared dependencies are the ones the code uses, with lower bounds CI installs and tests."""

from __future__ import annotations

import re
import tomllib

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


def test_click_is_declared_and_nothing_pulls_in_typer_or_pydantic() -> None:
    declared = _requirements(PROJECT["dependencies"])
    assert "click" in declared and "typer" not in declared and "pydantic" not in declared


def test_dask_stays_in_its_own_extra() -> None:
    extras = {name: _requirements(lines) for name, lines in PROJECT["optional-dependencies"].items()}
    assert "distributed" in extras["dask"]
    assert "distributed" not in extras["test"] and "dask" not in extras["test"]
