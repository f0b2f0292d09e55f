"""The rulebook's own YAML test cases, each collected as its own test (like `imr-check rules test`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.rulebook.book import default_rulebook
from checker.run.ruletests import Case, coverage, find_test_files, load_cases, run_case


def _cases() -> list[Case]:
    book = default_rulebook()
    return load_cases(find_test_files(Path(p) for p in book.tests))


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "case" in metafunc.fixturenames:
        cases = _cases()
        metafunc.parametrize("case", cases, ids=[f"{c.rule}: {c.name}" for c in cases])


def test_case(case: Case) -> None:
    outcome = run_case(default_rulebook(), case)
    assert outcome.passed, f"{case.where}: " + "; ".join(outcome.problems)


def test_every_rule_has_two_flagging_and_two_clean_cases() -> None:
    assert coverage(default_rulebook(), _cases()) == []


def test_cases_include_negation_and_quoted_guideline_traps() -> None:
    traps = {c.trap for c in _cases()}
    assert {"negation", "quoted-guideline"} <= traps
