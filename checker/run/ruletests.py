"""Rule test cases kept as YAML beside the rules: a letter snippet and the flags it must (not) raise.

A case gives a whole letter, or the pieces of one (case summary, item header, guideline lines,
rationale) that are put into a standard letter. Each case is run through the same `check` as real
letters, and its first item's flags are compared with `flags` and `no_flags`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checker.datafiles.resources import rules_path
from checker.datafiles.yamlio import DataError, DataErrors, validated
from checker.pipeline import LetterError, check, read_letter
from checker.rulebook.book import Rulebook

TESTS_SCHEMA = "ruletests.schema.json"
MIN_CASES = 2  # each rule needs at least this many must-flag and must-not-flag cases
TRAPS_FOR_CONCEPTS = ("negation", "quoted-guideline")  # what a rule that reads concepts must be tested on

_LETTER = """HOW THE IMR FINAL DETERMINATION WAS MADE
MAXIMUS Federal Services sent the complete case file to an expert reviewer.
CLINICAL CASE SUMMARY
The expert reviewer developed the following clinical case summary based on a review of the case
file, including all medical records:
{summary}
IMR ISSUES, DECISIONS AND RATIONALES
The Final Determination was based on decisions for the disputed items/services set forth below:
{item}
Claims Administrator guideline: {claims_guideline}
MAXIMUS guideline: {guideline}
Decision rationale: {rationale}
"""
_DEFAULT_GUIDELINE = "Decision based on MTUS Chronic Pain Medical Treatment Guidelines 2009."


@dataclass(frozen=True)
class Case:
    rule: str
    name: str
    text: str
    flags: tuple[str, ...]
    no_flags: tuple[str, ...]
    where: str  # file:line
    trap: str | None = None


@dataclass
class Outcome:
    case: Case
    problems: list[str] = field(default_factory=list)
    # For a failing case: the facts and concept states its rules read (`ItemFacts.describe`).
    read: dict[str, Any] | None = None

    @property
    def passed(self) -> bool:
        return not self.problems


@dataclass
class Report:
    outcomes: list[Outcome]
    coverage: list[str]  # rules with too few cases

    @property
    def failed(self) -> int:
        return sum(not o.passed for o in self.outcomes) + len(self.coverage)


def find_test_files(paths: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*.yaml")))
        else:
            files.append(path)
    return files


def load_cases(files: Iterable[Path]) -> list[Case]:
    """Every case in `files`; raises DataErrors naming file, line and field."""
    cases: list[Case] = []
    errors: list[DataError] = []
    schema = rules_path("schema", TESTS_SCHEMA)
    for path in files:
        try:
            document = validated(path, schema)
        except DataError as error:
            errors.append(error)
            continue
        except DataErrors as many:
            errors.extend(many.errors)
            continue
        for index, entry in enumerate(document.data["tests"]):
            line = document.line_of(("tests", index))
            cases.append(
                Case(
                    rule=entry["rule"],
                    name=entry["name"],
                    text=entry.get("letter") or build_letter(entry),
                    flags=tuple(entry.get("flags", ())),
                    no_flags=tuple(entry.get("no_flags", ())),
                    where=f"{path}:{line}",
                    trap=entry.get("trap"),
                )
            )
    if errors:
        raise DataErrors(errors)
    return cases


def build_letter(entry: dict[str, str]) -> str:
    """A standard letter around a case's pieces."""
    return _LETTER.format(
        summary=entry.get("summary") or "The injured worker has chronic low back pain.",
        item=entry.get("item") or "Norco 10/325mg #90: Overturned",
        claims_guideline=entry.get("claims_guideline") or _DEFAULT_GUIDELINE,
        guideline=entry.get("guideline") or _DEFAULT_GUIDELINE,
        rationale=entry.get("rationale") or "The request is medically necessary.",
    )


def run_case(book: Rulebook, case: Case) -> Outcome:
    outcome = Outcome(case)
    known = {rule.id for rule in book.rules}
    for rule_id in (*case.flags, *case.no_flags):
        if rule_id not in known:
            outcome.problems.append(f"names rule {rule_id!r}, which the rulebook does not have")
    result = check(case.text, book, case.where)
    if result.status != "ok" or not result.items:
        reason = "; ".join(p.message for p in result.errors) or "no disputed item"
        outcome.problems.append(f"the letter does not parse: {reason}")
        return outcome
    raised = {flag.rule: flag for flag in result.items[0].flags}
    wrong = []
    for rule_id in case.flags:
        if rule_id in known and rule_id not in raised:
            outcome.problems.append(f"expected {rule_id} to flag; it did not")
            wrong.append(rule_id)
    for rule_id in case.no_flags:
        if rule_id in raised:
            outcome.problems.append(f"expected no {rule_id}; it flagged: {raised[rule_id].message}")
            wrong.append(rule_id)
    if wrong:
        outcome.read = what_rules_read(book, case.text, wrong)
    return outcome


def what_rules_read(book: Rulebook, text: str, rule_ids: list[str]) -> dict[str, Any] | None:
    """The facts and concept states that decided `rule_ids` on the letter's first item."""
    rules = [rule for rule in book.rules if rule.id in rule_ids]
    try:
        letter, _ = read_letter(text, book.vocabulary)
    except LetterError:
        return None
    facts = book.item_facts(letter)
    if not facts:
        return None
    names = ["decision", "drug_class", *(name for rule in rules for name in rule.when.names)]
    return facts[0].describe(dict.fromkeys(names))


def coverage(book: Rulebook, cases: list[Case]) -> list[str]:
    """Rules of `book` with fewer than two must-flag or two must-not-flag cases, and rules that read
    concepts without a negation trap and a quoted-guideline trap among their cases."""
    problems = []
    concepts = book.concepts.concepts if book.concepts else {}
    for rule in book.rules:
        flagging = sum(rule.id in c.flags for c in cases)
        clean = sum(rule.id in c.no_flags for c in cases)
        if flagging < MIN_CASES or clean < MIN_CASES:
            problems.append(
                f"{rule.id} has {flagging} must-flag and {clean} must-not-flag cases; it needs {MIN_CASES} of each"
            )
        if any(name in concepts for name in rule.when.names):
            traps = {c.trap for c in cases if c.rule == rule.id}
            for trap in TRAPS_FOR_CONCEPTS:
                if trap not in traps:
                    problems.append(f"{rule.id} reads concepts but has no case with trap: {trap}")
    return problems


def run_cases(book: Rulebook, files: list[Path], check_coverage: bool = True) -> Report:
    cases = load_cases(files)
    outcomes = [run_case(book, case) for case in cases]
    return Report(outcomes, coverage(book, cases) if check_coverage else [])
