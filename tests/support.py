"""Paths and helpers the tests share."""

from __future__ import annotations

import importlib.util
import os
import sys
from functools import cache
from pathlib import Path
from types import ModuleType

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
EXAMPLES = ROOT / "examples" / "letters"
# The 65 published letters (2016-2017) with their labels, and what each item is.
REAL = TESTS / "fixtures" / "real"
# What a correct checker reports on the five example letters (required and allowed categories).
EXPECTED = TESTS / "fixtures" / "examples-expected.yaml"
# Scores a JSON report against such labels (also used by hand on the real letters).
SCORER = ROOT / "tools" / "score.py"


def needs_dask() -> None:
    """Skip a test without the dask extra, unless IMR_CHECK_REQUIRE_DASK=1 (as CI sets, with the
    extra installed): then a missing extra fails the test instead of hiding it."""
    import pytest

    if os.environ.get("IMR_CHECK_REQUIRE_DASK") == "1":
        import dask.distributed  # noqa: F401
    else:
        pytest.importorskip("dask.distributed")


@cache
def load_script(path: Path, name: str) -> ModuleType:
    """A script that is not part of the package (tools/score.py, benchmarks/make_corpus.py),
    imported once as the module `name`."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # its dataclasses look their module up while it runs
    spec.loader.exec_module(module)
    return module


def example_text(name: str) -> str:
    return (EXAMPLES / name).read_text(encoding="utf-8")


def CliRunner():  # type: ignore[no-untyped-def]  # noqa: N802 - stands in for the class
    """typer's test runner with standard error kept apart from standard output, on every
    supported typer and click (click 8.1 needs `mix_stderr=False`; later clicks, and the copy of
    click that typer 0.26 and later carry, have no such argument and always keep it apart)."""
    from typer.testing import CliRunner as Runner

    try:
        return Runner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:
        return Runner()


def invoke(*args: str, stdin: str | None = None):  # type: ignore[no-untyped-def]
    """Run the command line in-process; the result has exit_code, stdout and stderr."""
    from checker.cli.app import app

    return CliRunner().invoke(app, list(args), input=stdin)
