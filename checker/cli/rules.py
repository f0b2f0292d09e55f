"""Commands for rule authors: `rules list`, `rules validate`, `rules test`, and `explain`.

Also the one place the command line turns --rules, --extra-rules, --disable and --severity into a
loaded rulebook, so `check` and these commands read rulebooks the same way.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from checker.cli import options as opt
from checker.rulebook.book import Rulebook
from checker.run.exitcodes import EXIT_CLEAN, EXIT_FAILED, EXIT_USAGE

RulesOption = Annotated[
    str | None,
    typer.Option("--rules", help="Use another rulebook: a directory with rulebook.yaml, or that file."),
]
ExtraRulesOption = Annotated[
    list[str] | None, typer.Option("--extra-rules", help="Add the rules in this YAML rule file (repeatable).")
]
DisableOption = Annotated[list[str] | None, typer.Option("--disable", help="Turn off the rule RULE_ID (repeatable).")]
SeverityOption = Annotated[
    list[str] | None,
    typer.Option("--severity", help="Override a rule's severity: RULE_ID=error|warning|info (repeatable)."),
]

rules_app = typer.Typer(
    no_args_is_help=True,
    help="List, validate and test rulebooks. Example: imr-check rules test",
)


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    typer.echo(f"imr-check: {message}", err=True)
    raise typer.Exit(code)


def load_or_exit(
    rules: str | None = None, extra: list[str] | None = None, config: str | None = None, *, adjusted: bool = True
) -> Rulebook:
    """The rulebook `check` would use with these options and the configuration file (given, or
    found upward); `adjusted=False` leaves out the file's disabled rules and severity overrides.
    A bad rulebook or configuration exits 2 naming file, line and field."""
    from dataclasses import replace

    from checker.run.session import UsageError, build_settings, open_rulebook

    try:
        settings = build_settings({"rules": rules, "extra-rules": extra or None}, config)
        if not adjusted:
            settings = replace(settings, disable=(), severity={})
        return open_rulebook(settings)
    except UsageError as error:
        fail(str(error))


@rules_app.command("list")
def list_rules(rules: RulesOption = None, extra_rules: ExtraRulesOption = None, config: opt.Config = None) -> None:
    """List every rule `check` applies (the configuration file's disabled rules left out): id,
    category, severity and title.

    Example: imr-check rules list --rules my-rulebook/
    """
    book = load_or_exit(rules, extra_rules, config)
    typer.echo(f"{book.name} {book.version}: {len(book.rules)} rules")
    width = max((len(r.id) for r in book.rules), default=0)
    for rule in book.rules:
        state = "" if rule.enabled else "  (disabled)"
        typer.echo(f"{rule.id:<{width}}  {rule.category:<28} {rule.severity:<8} {rule.title}{state}")


@rules_app.command("validate")
def validate(
    path: Annotated[
        str, typer.Argument(help="A rulebook directory (or its rulebook.yaml), one of its files, or a rule file.")
    ],
    rules: RulesOption = None,
    config: opt.Config = None,
) -> None:
    """Check a rulebook, or a rule or test file against the rulebook, without checking letters.

    Errors name the file, line and field. Example: imr-check rules validate rules/mtus-2009
    """
    from checker.datafiles.yamlio import DataError, DataErrors, load_yaml
    from checker.rulebook.loader import compile_directory, rulebook_file
    from checker.run.ruletests import load_cases, run_case

    target = Path(path)
    if not target.exists():
        fail(f"no such file or directory: {path}")
    try:
        if target.is_dir() or target.name == "rulebook.yaml":
            book = compile_directory(rulebook_file(target))
            typer.echo(f"{path}: OK ({book.name} {book.version}, {len(book.rules)} rules)")
            return
        data = load_yaml(target).data
        base = load_or_exit(rules, config=config)
        own_files = {Path(p).resolve() for p in base.sources}
        if isinstance(data, dict) and "tests" in data:
            cases = load_cases([target])
            unknown = sorted({p for c in cases for p in run_case(base, c).problems if "does not have" in p})
            if unknown:
                fail("\n".join(f"{target}: {problem}" for problem in unknown))
            typer.echo(f"{path}: OK ({len(cases)} test cases)")
            return
        if target.resolve() in own_files:
            book = compile_directory(base.spec.path if base.spec else None)
            typer.echo(f"{path}: OK (part of {book.name} {book.version}, {len(book.rules)} rules)")
            return
        extra = compile_directory(base.spec.path if base.spec else None, extra=(str(target),))
        added = len(extra.rules) - len(base.rules)
        typer.echo(f"{path}: OK ({added} rules, checked against {extra.name} {extra.version})")
    except (DataError, DataErrors) as error:
        typer.echo(f"imr-check: bad rulebook data:\n{error}", err=True)
        raise typer.Exit(EXIT_USAGE) from None


@rules_app.command("test")
def test(
    path: Annotated[
        str | None, typer.Argument(help="A rulebook directory, or a test file or directory (default: the shipped).")
    ] = None,
    rules: RulesOption = None,
    config: opt.Config = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Print every case, not only failures.")] = False,
) -> None:
    """Run the rules' YAML test cases: snippets with the flags they must and must not raise.

    Example: imr-check rules test rules/mtus-2009
    """
    from checker.datafiles.yamlio import DataError, DataErrors
    from checker.run.ruletests import find_test_files, run_cases

    book_path, test_paths = rules, None
    if path is not None:
        target = Path(path)
        if not target.exists():
            fail(f"no such file or directory: {path}")
        if (target / "rulebook.yaml").is_file() or target.name == "rulebook.yaml":
            book_path = str(target)
        else:
            test_paths = [target]
    book = load_or_exit(book_path, config=config, adjusted=False)
    try:
        files = find_test_files(test_paths if test_paths is not None else [Path(p) for p in book.tests])
        report = run_cases(book, files, check_coverage=test_paths is None)
    except (DataError, DataErrors) as error:
        typer.echo(f"imr-check: bad test data:\n{error}", err=True)
        raise typer.Exit(EXIT_USAGE) from None
    for outcome in report.outcomes:
        if verbose or not outcome.passed:
            mark = "ok  " if outcome.passed else "FAIL"
            typer.echo(f"{mark} {outcome.case.rule}: {outcome.case.name}  ({outcome.case.where})")
            for problem in outcome.problems:
                typer.echo(f"       {problem}")
    for problem in report.coverage:
        typer.echo(f"FAIL {problem}")
    passed = sum(o.passed for o in report.outcomes)
    typer.echo(f"{len(report.outcomes)} cases, {passed} passed, {len(report.outcomes) - passed} failed")
    raise typer.Exit(EXIT_FAILED if report.failed else EXIT_CLEAN)


@rules_app.command("lexicon")
def lexicon(
    letters: Annotated[list[str] | None, typer.Argument(help="Letter files or directories (with --unknown).")] = None,
    unknown: Annotated[
        bool, typer.Option("--unknown", help="List drug-like items in LETTERS whose drug the lexicon does not know.")
    ] = False,
    rules: RulesOption = None,
    config: opt.Config = None,
    glob: opt.Glob = None,
) -> None:
    """Summarise the drug lexicon; with --unknown, list drug-like items of the letters (a strength
    or dosage form in the header) whose drug it does not know, for an editor to add.

    Example: imr-check rules lexicon --unknown letters/
    """
    from collections import Counter

    from checker.read.ingest import DEFAULT_GLOB, PathNotFound
    from checker.run.unknowns import unknown_drug_names

    book = load_or_exit(rules, config=config)
    if not unknown:
        drugs = book.vocabulary.lexicon.drugs
        classes = Counter(d.drug_class for d in drugs)
        names = sum(len(d.names) for d in drugs)
        typer.echo(f"{len(drugs)} drugs, {names} names: " + ", ".join(f"{c} {n}" for c, n in sorted(classes.items())))
        return
    if not letters:
        fail("--unknown needs letters to read: imr-check rules lexicon --unknown letters/")
    try:
        found = list(unknown_drug_names(letters, book, glob or DEFAULT_GLOB))
    except PathNotFound as error:
        fail(f"no such file or directory: {error}")
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


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' * (n != 1)}"


def explain(
    rule_id: Annotated[str, typer.Argument(help="A rule id, e.g. MTUS-OPI-001.")],
    rules: RulesOption = None,
    extra_rules: ExtraRulesOption = None,
    config: opt.Config = None,
) -> None:
    """Explain a rule: what it checks, why, the guideline it encodes, and an example.

    Example: imr-check explain MTUS-OPI-001
    """
    book = load_or_exit(rules, extra_rules, config)
    rule = book.rule(rule_id) or book.rule(rule_id.upper())
    if rule is None:
        fail(f"no rule {rule_id!r} in {book.name} (see: imr-check rules list)")
    wrap = textwrap.TextWrapper(width=96, initial_indent="  ", subsequent_indent="  ")
    reference = rule.reference or "the main section of the item's drug class (sections.yaml)"
    lines = [
        f"{rule.id}: {rule.title}",
        f"  category  {rule.category}",
        f"  severity  {rule.severity}",
        f"  applies   {_applies(rule.decisions, rule.drug_classes)}",
        f"  when      {' '.join(rule.when.source.split())}",
        f"  guideline {reference}",
        f"  defined   {rule.origin}",
        "",
        *wrap.wrap(" ".join(rule.description.split()) or rule.title),
    ]
    if rule.example:
        lines += ["", "  Example:", *("    " + line for line in rule.example.splitlines())]
    typer.echo("\n".join(lines))


def _applies(decisions: frozenset[str], classes: frozenset[str]) -> str:
    who = ", ".join(sorted(classes)) or "every drug class"
    what = " or ".join(sorted(decisions)) or "any decision"
    return f"{what} items; {who}"
