"""Commands for rule authors: `rules list`, `rules validate`, `rules test`, and `explain`.

Also the one place the command line turns --rules, --extra-rules and the configuration file into a
loaded rulebook, so `check` and these commands read rulebooks the same way.
"""

import json
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from checker.cli import options as opt
from checker.cli.command import Command, Group
from checker.run.exitcodes import EXIT_CLEAN, EXIT_FAILED

if TYPE_CHECKING:
    from checker.rulebook.book import Rulebook
    from checker.run.ruletests import Example, Report


def load_or_exit(
    rules: str | None = None, extra: list[str] | None = None, config: str | None = None, *, adjusted: bool = True
) -> "Rulebook":
    """The rulebook `check` would use with these options and the configuration file (given, or
    found upward); `adjusted=False` leaves out the file's disabled rules and severity overrides.
    A bad rulebook or configuration exits 2 naming file, line and field."""
    from dataclasses import replace

    from checker.run.session import UsageError, build_settings, open_rulebook

    try:
        settings = build_settings({"rules": rules, "extra-rules": extra or None}, config)
        if not adjusted:
            settings = replace(settings, disable=(), severity={}, origins={})
        return open_rulebook(settings)
    except UsageError as error:
        opt.fail(str(error))


rules_app = typer.Typer(
    name="rules",
    cls=Group,
    help="List, validate and test rulebooks. Example: imr-check rules test",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

RuleVerbose = Annotated[bool, typer.Option("--verbose", "-v", help="Print every case, not only failures.")]
# A rules directory, rulebook folder, rule file or test file; each command says what it does without.
RulePath = Annotated[str | None, typer.Argument(metavar="[PATH]", show_default=False)]


@rules_app.command("list", cls=Command)
def list_rules(rules: opt.Rules = None, extra_rules: opt.ExtraRules = None, config: opt.Config = None) -> None:
    """List every rule `check` applies (the configuration file's disabled rules left out), by
    rulebook: which guideline each belongs to, then id, category, severity and title.

    Example: imr-check rules list --rules my-rules/
    """
    book = load_or_exit(rules, extra_rules or [], config)
    counts = f"{_count(len(book.rules), 'rule')} in {_count(len(book.books), 'rulebook')}"
    typer.echo(f"{book.name} {book.version}: {counts}")
    width = max((len(r.id) for r in book.rules), default=0)
    for rulebook in book.books.values():
        # the core and shared rulebooks' titles say which items they check
        role = "" if rulebook.role in ("core", "shared") else f" ({_role(rulebook.role)})"
        typer.echo(f"\n{rulebook.id}: {rulebook.title}{role}")
        if not rulebook.rules:
            typer.echo("  (no rules of its own: its sections serve the citation checks)")
        for rule in rulebook.rules:
            state = "" if rule.enabled else "  (disabled)"
            typer.echo(f"  {rule.id:<{width}}  {rule.category:<28} {rule.severity:<8} {rule.title}{state}")


def _role(role: str) -> str:
    return {
        "core": "every item",
        "shared": "every item judged by a known guideline",
        "extra": "every item: --extra-rules",
    }.get(role, "items whose citations name this guideline")


@rules_app.command("validate", cls=Command)
def validate(
    path: RulePath = None,
    rules: opt.Rules = None,
    extra_rules: opt.ExtraRules = None,
    config: opt.Config = None,
) -> None:
    """Check rulebooks, or a rule or test file against them, without checking letters.

    PATH is a rules directory (with guidelines.yaml) or a rulebook folder (or either's file), one
    of its files, a rule file or a test file; without it, the rulebooks `check` uses (--rules,
    --extra-rules and the configuration file, else the shipped ones). Errors name the file, line
    and field.

    Example: imr-check rules validate rules/mtus-2009
    """
    from checker.datafiles.yamlio import DataError, DataErrors, load_yaml
    from checker.rulebook.loader import INDEX_FILE, RULEBOOK_FILE, compile_library
    from checker.run.ruletests import load_cases, run_case

    if path is None:
        book = load_or_exit(rules, extra_rules or [], config)
        where = book.spec.path if book.spec and book.spec.path else "the shipped rulebooks"
        extra = f" and {_count(len(book.spec.extra), 'extra rule file')}" if book.spec and book.spec.extra else ""
        counts = f"{_count(len(book.books), 'rulebook')}, {_count(len(book.rules), 'rule')}"
        typer.echo(f"{where}{extra}: OK ({book.name} {book.version}, {counts})")
        return
    target = Path(path)
    if not target.exists():
        opt.fail(f"no such file or directory: {path}")
    try:
        if target.is_dir() or target.name in (RULEBOOK_FILE, INDEX_FILE):
            library = compile_library(_library_of(target))
            count = sum(len(b.rules) for b in library.books.values())
            counts = f"{_count(len(library.books), 'rulebook')}, {_count(count, 'rule')}"
            typer.echo(f"{path}: OK ({library.name} {library.version}, {counts})")
            return
        data = load_yaml(target).data
        base = load_or_exit(rules, extra_rules or [], config, adjusted=False)
        own_files = {Path(p).resolve() for p in base.sources}
        if isinstance(data, dict) and "tests" in data:
            cases = load_cases([target])
            unknown = sorted(
                {p for c in cases for p in run_case(base, c).problems if "does not have" in p or "no rulebook has" in p}
            )
            if unknown:
                opt.fail("\n".join(f"{target}: {problem}" for problem in unknown))
            typer.echo(f"{path}: OK ({_count(len(cases), 'test case')})")
            return
        if target.resolve() in own_files:
            typer.echo(f"{path}: OK (part of {base.name} {base.version}, {_count(len(base.rules), 'rule')})")
            return
        spec = base.spec
        extended = compile_library(spec.path if spec else None, extra=(*(spec.extra if spec else ()), str(target)))
        added = len(extended.books["extra"].rules) - len(base.books["extra"].rules if "extra" in base.books else ())
        typer.echo(f"{path}: OK ({_count(added, 'rule')}, checked against {extended.name} {extended.version})")
    except (DataError, DataErrors) as error:
        opt.fail(f"bad rulebook data:\n{error}")


def _library_of(target: Path) -> Path:
    """The rules directory a rulebook folder belongs to (its parent's guidelines.yaml lists it),
    else the folder itself: a rulebook is checked with the rulebooks it is used with."""
    from checker.rulebook.loader import INDEX_FILE, RULEBOOK_FILE

    folder = target.parent if target.name in (RULEBOOK_FILE, INDEX_FILE) else target
    if (folder / INDEX_FILE).exists():
        return folder
    index = folder.parent / INDEX_FILE
    if (folder / RULEBOOK_FILE).exists() and index.exists() and folder.name in index.read_text(encoding="utf-8"):
        return folder.parent
    return folder


@rules_app.command("test", cls=Command)
def test(
    path: RulePath = None,
    rules: opt.Rules = None,
    extra_rules: opt.ExtraRules = None,
    config: opt.Config = None,
    verbose: RuleVerbose = False,
) -> None:
    """Run the rules' YAML test cases: snippets with the flags they must and must not raise.

    Without PATH: the cases of the rulebooks `check` uses (each rulebook runs the test files its
    rulebook.yaml lists) and of each --extra-rules file (tests/NAME.yaml beside NAME.yaml), and
    every rule must have enough of them. PATH may name a rules directory or a rulebook folder (its
    cases alone), or test files or a directory of them to run alone.

    Example: imr-check rules test rules/mtus-2016-opioids
    """
    from checker.datafiles.yamlio import DataError, DataErrors
    from checker.rulebook.loader import INDEX_FILE, RULEBOOK_FILE, extra_rules_tests
    from checker.run.ruletests import run_cases

    book_path, test_paths, only_book = rules, None, None
    if path is not None:
        target = Path(path)
        if not target.exists():
            opt.fail(f"no such file or directory: {path}")
        if (target / INDEX_FILE).is_file() or target.name == INDEX_FILE:
            book_path = str(target)
        elif (target / RULEBOOK_FILE).is_file() or target.name == RULEBOOK_FILE:
            folder = target.parent if target.name == RULEBOOK_FILE else target
            library = _library_of(folder)
            book_path = str(library)
            only_book = folder.resolve() if library != folder else None
        else:
            test_paths = [target]
    book = load_or_exit(book_path, extra_rules or [], config, adjusted=False)
    hints: list[str] = []
    if test_paths is None and only_book is None:
        for rule_file in book.spec.extra if book.spec else ():
            cases = extra_rules_tests(rule_file)
            if not cases.is_file():
                hints.append(f"{rule_file}: no test cases (put them in {cases})")
    try:
        report = run_cases(book, test_paths, check_coverage=test_paths is None, folder=only_book)
    except (DataError, DataErrors) as error:
        opt.fail(f"bad test data:\n{error}")
    _print_report(report, hints, verbose)
    raise typer.Exit(EXIT_FAILED if report.failed else EXIT_CLEAN)


@rules_app.command("lexicon", cls=Command)
def lexicon(
    letters: Annotated[
        list[str] | None,
        typer.Argument(metavar="[LETTERS]...", show_default=False),
    ] = None,
    unknown: Annotated[
        bool,
        typer.Option("--unknown", help="List drug-like items in LETTERS whose drug the lexicon does not know."),
    ] = False,
    rules: opt.Rules = None,
    config: opt.Config = None,
    glob: opt.Glob = opt.GLOB,
) -> None:
    """Summarise the drug lexicon; with --unknown, list drug-like items of the letters (a strength
    or dosage form in the header) whose drug it does not know, for an editor to add.

    Example: imr-check rules lexicon --unknown letters/
    """
    from collections import Counter

    from checker.read.ingest import PathNotFound
    from checker.run.unknowns import unknown_drug_names

    book = load_or_exit(rules, config=config)
    if not unknown:
        drugs = book.vocabulary.lexicon.drugs
        classes = Counter(d.drug_class for d in drugs)
        names = sum(len(d.names) for d in drugs)
        typer.echo(f"{len(drugs)} drugs, {names} names: " + ", ".join(f"{c} {n}" for c, n in sorted(classes.items())))
        return
    if not letters:
        opt.fail("--unknown needs letters to read: imr-check rules lexicon --unknown letters/")
    try:
        found = list(unknown_drug_names(letters, book, glob))
    except PathNotFound as error:
        opt.fail(f"no such file or directory: {error}")
    if not found:
        typer.echo("Every drug-like item names a drug the lexicon knows.")
        return
    items = sum(len(n.places) for n in found)
    typer.echo(f"{_count(len(found), 'drug-like name')} the lexicon does not know ({_count(items, 'item')}):")
    for name in found:
        path, line, text = name.places[0]
        more = f" and {len(name.places) - 1} more" if len(name.places) > 1 else ""
        typer.echo(f"  {name.name:<30} {path}:{line}  {text!r}{more}")
    typer.echo("Add each to rules/drugs.yaml as a generic, brand or alias of its drug (docs/rules.md).")


def _print_report(report: "Report", hints: list[str], verbose: bool) -> None:
    for outcome in report.outcomes:
        if verbose or not outcome.passed:
            mark = "ok  " if outcome.passed else "FAIL"
            where = f"{outcome.book}, {outcome.case.where}" if outcome.book else outcome.case.where
            typer.echo(f"{mark} {outcome.case.rule}: {outcome.case.name}  ({where})")
            for problem in outcome.problems:
                typer.echo(f"       {problem}")
            if outcome.read:
                typer.echo("       what the rules read on the item:")
                for line in _read_lines(outcome.read):
                    typer.echo(f"         {line}")
    for problem in report.coverage:
        typer.echo(f"FAIL {problem}")
    for hint in hints:
        typer.echo(f"     {hint}")
    passed = sum(o.passed for o in report.outcomes)
    failed = len(report.outcomes) - passed
    line = f"{_count(len(report.outcomes), 'case')}, {passed} passed, {failed} failed"
    if report.coverage:
        line = f"FAILED: {line}; {_count(len(report.coverage), 'coverage problem')}"
    elif failed:
        line = f"FAILED: {line}"
    typer.echo(line)


def _read_lines(read: dict[str, Any]) -> list[str]:
    out = []
    for name, fact in read.get("facts", {}).items():
        out.append(f"fact {name} = {json.dumps(fact['value'], ensure_ascii=False)}{_lines(fact['lines'])}")
    for name, concept in read.get("concepts", {}).items():
        out.append(f"concept {name}: {concept['state']}{_lines(concept['lines'])}")
    return out


def _lines(lines: list[int]) -> str:
    if not lines:
        return ""
    return f"  (line{'s' * (len(lines) > 1)} {', '.join(map(str, lines))})"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' * (n != 1)}"


def explain(
    rule_id: Annotated[str, typer.Argument(metavar="RULE_ID", show_default=False)],
    rules: opt.Rules = None,
    extra_rules: opt.ExtraRules = None,
    config: opt.Config = None,
) -> None:
    """Explain a rule (e.g. mtus-2016-opioids/OPI-002, or an old id such as MTUS-OPI-001): what
    it checks, why, the guideline it belongs to and encodes, what that rests on, its criterion and
    what to check, and two of its test cases: a letter it flags, with the flag, and one it passes.

    Example: imr-check explain mtus-2016-opioids/OPI-002
    """
    from checker.run.ruletests import examples

    book = load_or_exit(rules, extra_rules or [], config)
    rule = book.rule(rule_id)
    if rule is None:
        opt.fail(f"no rule {rule_id!r} in {book.name} (see: imr-check rules list)")
    wrap = textwrap.TextWrapper(width=96, initial_indent="  ", subsequent_indent="  ")
    reference = rule.reference or {
        "item-drug-class": "the section of the item's drug class in the guideline that judges the item",
        "cited-sections": "the sections the letter cites",
        "letter": "none: the rule checks the letter against itself",
    }.get(rule.section, rule.section)
    owner = book.books.get(rule.book)
    old = sorted(old for old, new in book.aliases.items() if new == rule.id)
    lines = [
        f"{rule.id}: {rule.title}",
        f"  rulebook  {rule.book}: {rule.book_title}"
        + (f" ({_role(owner.role)})" if owner and owner.role not in ("core", "shared") else ""),
        f"  category  {rule.category}",
        f"  severity  {rule.severity}",
        f"  applies   {_applies(rule.decisions, rule.drug_classes, rule.kinds)}",
        f"  when      {' '.join(rule.when.source.split())}",
        f"  guideline {reference}",
        f"  basis     {_basis(rule.basis)}" + (f"; {rule.source_note}" if rule.source_note else ""),
        f"  defined   {rule.origin}",
    ]
    if old:
        lines.append(f"  also      {', '.join(old)} (its id before rule ids were namespaced)")
    field = textwrap.TextWrapper(width=100, subsequent_indent=" " * 12)
    if rule.criterion:
        lines.append(field.fill(f"  criterion {rule.criterion}"))
    if rule.check_text:
        lines.append(field.fill(f"  check     {rule.check_text}"))
    lines += ["", *wrap.wrap(" ".join(rule.description.split()) or rule.title)]
    failing, passing = examples(book, rule.id)
    if failing is not None:
        lines += ["", f"  A letter it flags ({failing.case.name}; {failing.case.where}):", *_example(failing)]
    elif rule.example:
        lines += ["", "  Example:", *("    " + line for line in rule.example.splitlines())]
    if passing is not None:
        lines += ["", f"  A letter it passes ({passing.case.name}; {passing.case.where}):", *_example(passing)]
    typer.echo("\n".join(lines))


def _example(example: "Example") -> list[str]:
    """A test case's pieces, then the flag it raises in its five parts."""
    from checker.report.base import flag_parts

    case = example.case
    wrap = textwrap.TextWrapper(width=100, subsequent_indent=" " * 15)
    pieces = [("letter", case.letter)] if case.letter else list(case.pieces)
    out = [wrap.fill(f"    {name:<10} {' '.join(str(text).split())}") for name, text in pieces]
    flag = example.flag
    if flag is not None:
        out.append(wrap.fill(f"    {'flag':<10} {flag.message}"))
        out += [wrap.fill(f"    {label:<10} {text}") for label, text in flag_parts(flag) if label != "criterion"]
        out += [wrap.fill(f"    {'line ' + str(e.line):<10} {e.role or 'found'}: {e.text}") for e in flag.evidence]
    return out


def _basis(basis: str) -> str:
    return {
        "guideline-text": "verified against the guideline's own text",
        "letters": "as IMR letters quote the guideline (a secondary source, not verified against its text)",
        "secondary": "a secondary source (not verified against the guideline's text)",
    }.get(basis, "the letter itself (no guideline criterion)")


def _applies(decisions: frozenset[str], classes: frozenset[str], kinds: frozenset[str] = frozenset()) -> str:
    who = ", ".join(sorted(classes)) or "every drug class"
    what = " or ".join(sorted(decisions)) or "any decision"
    kind = ", ".join(sorted(kinds)) or "every kind"
    return f"{what} items; {who}; {kind}"
