"""Every rulebook's own YAML test cases, each collected as its own test (like `imr-check rules test`)."""

from __future__ import annotations

import pytest

from checker.rulebook.book import Book, default_rulebook
from checker.run.ruletests import Case, coverage, load_cases, rulebook_test_files, run_case


def _plan() -> list[tuple[Book, list[Case]]]:
    book = default_rulebook()
    return [(b, load_cases(files)) for b, files in rulebook_test_files(book) if b is not None]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "case" in metafunc.fixturenames:
        pairs = [(book, case) for book, cases in _plan() for case in cases]
        metafunc.parametrize(("book", "case"), pairs, ids=[f"{b.id}: {c.rule}: {c.name}" for b, c in pairs])


def test_case(book: Book, case: Case) -> None:
    outcome = run_case(default_rulebook(), case, book)
    assert outcome.passed, f"{case.where}: " + "; ".join(outcome.problems)


def test_every_rule_of_every_rulebook_has_two_flagging_and_two_clean_cases() -> None:
    assert [problem for book, cases in _plan() for problem in coverage(default_rulebook(), cases, book)] == []


def test_every_rulebook_with_rules_has_cases() -> None:
    tested = {book.id for book, cases in _plan() if cases}
    assert {b.id for b in default_rulebook().books.values() if b.rules} <= tested


def test_cases_include_negation_and_quoted_guideline_traps() -> None:
    traps = {c.trap for _, cases in _plan() for c in cases}
    assert {"negation", "quoted-guideline"} <= traps
