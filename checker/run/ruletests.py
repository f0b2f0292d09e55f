"""Rule test cases kept as YAML beside the rules: a letter snippet and the flags it must (not) raise.

A case gives a whole letter, or the pieces of one (case summary, item header, guideline lines,
rationale) that are put into a standard letter. Each rulebook runs the test files its
rulebook.yaml lists (a shared family's file runs in every rulebook that uses the family); a case
names rules by their id within that rulebook (MR-001), or by a full id (citations/CIT-003). A
case's guideline lines default to a citation of the rulebook's own guideline, and a case whose
item another rulebook judges fails: it would test nothing. Each case is run through the same
`check` as real letters, and its first item's flags are compared with `flags` and `no_flags`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checker.datafiles.resources import rules_path
from checker.datafiles.yamlio import DataError, DataErrors, validated
from checker.model import Flag
from checker.pipeline import LetterError, check, read_letter
from checker.rulebook.book import Book, Rulebook
from checker.rulebook.loader import EXTRA

TESTS_SCHEMA = "ruletests.schema.json"
MIN_CASES = 2  # each rule needs at least this many must-flag and must-not-flag cases
TRAPS_FOR_CONCEPTS = ("negation", "quoted-guideline")  # what a rule that reads concepts must be tested on
# What every case that flags its own rule asserts about the flag, besides the rule id.
EXPECTED_PARTS = ("message", "criterion", "check", "roles")

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
    flags: tuple[str, ...]
    no_flags: tuple[str, ...]
    where: str  # file:line
    trap: str | None = None
    letter: str | None = None  # a whole letter, when the case gives one
    pieces: tuple[tuple[str, str], ...] = ()  # else the pieces of one
    expect: tuple[tuple[str, Any], ...] = ()  # what the flag of `rule` must say (EXPECTED_PARTS)

    def text(self, default_guideline: str = _DEFAULT_GUIDELINE) -> str:
        return self.letter or build_letter(dict(self.pieces), default_guideline)


@dataclass
class Outcome:
    case: Case
    book: str = ""
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
            pieces = tuple(
                (k, entry[k]) for k in ("summary", "item", "claims_guideline", "guideline", "rationale") if k in entry
            )
            cases.append(
                Case(
                    rule=entry["rule"],
                    name=entry["name"],
                    flags=tuple(entry.get("flags", ())),
                    no_flags=tuple(entry.get("no_flags", ())),
                    where=f"{path}:{line}",
                    trap=entry.get("trap"),
                    letter=entry.get("letter"),
                    pieces=pieces,
                    expect=tuple((entry.get("expect") or {}).items()),
                )
            )
    if errors:
        raise DataErrors(errors)
    return cases


def build_letter(entry: dict[str, str], default_guideline: str = _DEFAULT_GUIDELINE) -> str:
    """A standard letter around a case's pieces."""
    return _LETTER.format(
        summary=entry.get("summary") or "The injured worker has chronic low back pain.",
        item=entry.get("item") or "Norco 10/325mg #90: Overturned",
        claims_guideline=entry.get("claims_guideline") or default_guideline,
        guideline=entry.get("guideline") or default_guideline,
        rationale=entry.get("rationale") or "The request is medically necessary.",
    )


def default_guideline(rulebook: Rulebook, book: Book) -> str:
    """The guideline line a case of `book` gets when it names none: a citation of its guideline,
    or of the default guideline for the core and shared rules."""
    if book.example:
        return book.example
    guides = rulebook.guides
    entry = guides.index.entry(guides.index.default) if guides else None
    default = rulebook.books.get(entry.id) if entry else None
    return default.example if default and default.example else _DEFAULT_GUIDELINE


def resolve(rulebook: Rulebook, book: Book, rule_id: str) -> str:
    """A case's rule id as the rulebook knows it: a full id, an old id, or an id within `book`
    (an --extra-rules file's rules keep their ids as written)."""
    if "/" in rule_id:
        return rule_id
    if rule_id in rulebook.aliases:
        return rulebook.aliases[rule_id]
    return rule_id if book.id == EXTRA else f"{book.id}/{rule_id}"


def run_case(rulebook: Rulebook, case: Case, book: Book | None = None) -> Outcome:
    book = book or _book_of_rule(rulebook, case.rule)
    outcome = Outcome(case, book.id if book else "")
    if book is None:
        outcome.problems.append(f"names rule {case.rule!r}, which no rulebook has")
        return outcome
    known = {rule.id for rule in rulebook.rules}
    for rule_id in (*case.flags, *case.no_flags):
        if resolve(rulebook, book, rule_id) not in known:
            outcome.problems.append(f"names rule {rule_id!r}, which rulebook {book.id} does not have")
    text = case.text(default_guideline(rulebook, book))
    result = check(text, rulebook, case.where)
    if result.status != "ok" or not result.items:
        reason = "; ".join(p.message for p in result.errors) or "no disputed item"
        outcome.problems.append(f"the letter does not parse: {reason}")
        return outcome
    first = result.items[0]
    judged = first.guideline.id if first.guideline else None
    if book.role == "guideline" and judged != book.id:
        outcome.problems.append(
            f"its item is judged by {judged or 'no rulebook'}, not by {book.id}: "
            f"give it a guideline line that cites {book.title}"
        )
    raised = {flag.rule: flag for flag in first.flags}
    wrong = []
    for rule_id in case.flags:
        full = resolve(rulebook, book, rule_id)
        if full in known and full not in raised:
            outcome.problems.append(f"expected {rule_id} to flag; it did not")
            wrong.append(full)
    for rule_id in case.no_flags:
        full = resolve(rulebook, book, rule_id)
        if full in raised:
            outcome.problems.append(f"expected no {rule_id}; it flagged: {raised[full].message}")
            wrong.append(full)
    if case.expect:
        own = resolve(rulebook, book, case.rule)
        if own not in {resolve(rulebook, book, r) for r in case.flags}:
            outcome.problems.append(
                f"says what the flag of {case.rule} must say, but does not list {case.rule} in flags"
            )
        elif own in raised:
            outcome.problems.extend(flag_problems(raised[own], dict(case.expect)))
    if wrong:
        outcome.read = what_rules_read(rulebook, text, wrong)
    return outcome


def flag_problems(flag: Flag, expect: dict[str, Any]) -> list[str]:
    """How a flag differs from what a case expects it to say."""
    problems = []
    for part in ("message", "criterion", "check"):
        wanted = expect.get(part)
        said = str(getattr(flag, part))
        if wanted is not None and " ".join(str(wanted).split()) not in said:
            problems.append(f"expected the {part} to say {wanted!r}; it says {said!r}")
    if "roles" in expect:
        roles = sorted({e.role for e in flag.evidence})
        if roles != sorted(expect["roles"]):
            problems.append(f"expected evidence roles {sorted(expect['roles'])}; the flag's are {roles}")
    missing = {f"{m.what}: {m.state}" for m in flag.missing}
    for wanted in expect.get("missing", ()):
        if wanted not in missing:
            problems.append(f"expected missing {wanted!r}; the flag reports {sorted(missing) or 'nothing missing'}")
    return problems


def what_rules_read(rulebook: Rulebook, text: str, rule_ids: list[str]) -> dict[str, Any] | None:
    """The facts and concept states that decided `rule_ids` on the letter's first item, as the
    rulebook that judges the item reads them."""
    rules = [rule for rule in rulebook.rules if rule.id in rule_ids]
    try:
        letter, _ = read_letter(text, rulebook.vocabulary)
    except LetterError:
        return None
    facts = rulebook.item_facts(letter)
    if not facts:
        return None
    names = ["decision", "drug_class", "kind", *(name for rule in rules for name in rule.when.names)]
    return facts[0].describe(dict.fromkeys(names))


def _book_of_rule(rulebook: Rulebook, rule_id: str) -> Book | None:
    """The rulebook a case belongs to when no rulebook lists its file: the one that has its rule
    (the default guideline's first, then the core and shared rules)."""
    guides = rulebook.guides
    order = list(rulebook.books.values())
    if guides is not None:
        order.sort(key=lambda b: (b.id != guides.index.default, b.role != "core", b.role != "shared"))
    for book in order:
        if any(r.id == resolve(rulebook, book, rule_id) for r in book.rules):
            return book
    return None


def coverage(rulebook: Rulebook, cases: list[Case], book: Book) -> list[str]:
    """Rules of `book` with fewer than two must-flag or two must-not-flag cases; rules of a
    guideline's rulebook, and rules that read concepts, without a negation trap and a
    quoted-guideline trap among their cases; cases that flag their rule without saying what the
    flag must say (an --extra-rules file's cases may say it or not)."""
    problems = []
    concepts = book.concepts.concepts
    for rule in book.rules:
        flagging = sum(rule.id in {resolve(rulebook, book, r) for r in c.flags} for c in cases)
        clean = sum(rule.id in {resolve(rulebook, book, r) for r in c.no_flags} for c in cases)
        if flagging < MIN_CASES or clean < MIN_CASES:
            problems.append(
                f"{rule.id} has {flagging} must-flag and {clean} must-not-flag cases; it needs {MIN_CASES} of each"
            )
        if book.role == "guideline" or any(name in concepts for name in rule.when.names):
            traps = {c.trap for c in cases if resolve(rulebook, book, c.rule) == rule.id}
            why = "judges a guideline's criterion" if book.role == "guideline" else "reads concepts"
            for trap in TRAPS_FOR_CONCEPTS:
                if trap not in traps:
                    problems.append(f"{rule.id} {why} but has no case with trap: {trap}")
        for case in cases if book.role != EXTRA else ():
            own = resolve(rulebook, book, case.rule)
            if own != rule.id or own not in {resolve(rulebook, book, r) for r in case.flags}:
                continue
            unsaid = [part for part in EXPECTED_PARTS if part not in dict(case.expect)]
            if unsaid:
                problems.append(
                    f"{rule.id}: case {case.name!r} ({case.where}) asserts only that it flags: "
                    f"add expect: with its {', '.join(unsaid)}"
                )
    return problems


def rulebook_test_files(
    rulebook: Rulebook, only: Iterable[Path] | None = None, folder: Path | None = None
) -> list[tuple[Book | None, list[Path]]]:
    """Each rulebook with the test files it lists (a rulebook with rules and none is listed too:
    its rules lack cases; with `folder`, only the rulebooks whose tests live there; for a lone
    rulebook folder, only its own); with `only`, just those files (each run in the rulebooks that
    list it, else in the rulebook that has its rule)."""
    books = list(rulebook.books.values())
    if rulebook.single is not None:
        # A lone rulebook folder: its own cases (and the extra rules'); the shipped core and
        # citation rules beside it are tested with the shipped rulebooks.
        books = [b for b in books if b.id == rulebook.single or b.role == "extra"]
    if folder is not None:
        books = [b for b in books if any(Path(t).resolve().is_relative_to(folder) for t in b.tests[:1])]
    plan = [(b, find_test_files(Path(t) for t in b.tests)) for b in books]
    if only is None:
        return [(book, files) for book, files in plan if files or book.rules]
    wanted = {p.resolve() for p in find_test_files(only)}
    picked = [(book, [f for f in files if f.resolve() in wanted]) for book, files in plan]
    chosen: list[tuple[Book | None, list[Path]]] = [(book, files) for book, files in picked if files]
    listed = {f.resolve() for _, files in chosen for f in files}
    strays = [p for p in find_test_files(only) if p.resolve() not in listed]
    return chosen + [(None, [p]) for p in strays]


def run_cases(
    rulebook: Rulebook, only: Iterable[Path] | None = None, check_coverage: bool = True, folder: Path | None = None
) -> Report:
    outcomes: list[Outcome] = []
    problems: list[str] = []
    for book, files in rulebook_test_files(rulebook, only, folder):
        cases = load_cases(files)
        outcomes.extend(run_case(rulebook, case, book) for case in cases)
        if check_coverage and book is not None:
            problems.extend(coverage(rulebook, cases, book))
    return Report(outcomes, problems)


@dataclass(frozen=True)
class Example:
    """A test case of a rule shown as an example: the letter's pieces and, when it flags, the flag."""

    case: Case
    flag: Flag | None


def examples(rulebook: Rulebook, rule_id: str) -> tuple[Example | None, Example | None]:
    """One case of the rule's rulebook that the rule flags (its flag as the rule raises it) and
    one it passes (a trap when there is one): what `imr-check explain` shows."""
    for book, files in rulebook_test_files(rulebook):
        if book is None or not any(r.id == rule_id for r in book.rules):
            continue
        try:
            cases = [c for c in load_cases(files) if resolve(rulebook, book, c.rule) == rule_id]
        except (DataError, DataErrors):
            return None, None
        flagged = next((c for c in cases if rule_id in {resolve(rulebook, book, r) for r in c.flags}), None)
        clean = [c for c in cases if rule_id in {resolve(rulebook, book, r) for r in c.no_flags}]
        passed = next((c for c in clean if c.trap in TRAPS_FOR_CONCEPTS), clean[0] if clean else None)
        failing = None
        if flagged is not None:
            result = check(flagged.text(default_guideline(rulebook, book)), rulebook, flagged.where)
            flag = next((f for f in result.items[0].flags if f.rule == rule_id), None) if result.items else None
            failing = Example(flagged, flag)
        return failing, Example(passed, None) if passed else None
    return None, None
