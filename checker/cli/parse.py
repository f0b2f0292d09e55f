"""`imr-check parse LETTER`: everything extracted from one letter, as JSON: what the rules see."""

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from checker.cli import options as opt
from checker.run.exitcodes import EXIT_FAILED

if TYPE_CHECKING:
    from checker.rulebook.book import Rulebook
    from checker.rulebook.select import Selection


def parse(
    letter: Annotated[
        str,
        typer.Argument(metavar="LETTER", show_default=False),
    ],
    facts: Annotated[
        bool,
        typer.Option(
            "--facts", help="Add each item's facts and concept states, as the rules read them, with their lines."
        ),
    ] = False,
    rules: opt.Rules = None,
    extra_rules: opt.ExtraRules = None,
    config: opt.Config = None,
) -> None:
    """Print everything extracted from LETTER (a file, or - for standard input) as JSON: what the
    rules see. With --facts, also every fact and concept of each item in the rulebook that
    `check` would use.

    Example: imr-check parse --facts examples/letters/004_5bb1afb40656a8b8.txt
    """
    from checker.model import LetterResult
    from checker.pipeline import LetterError, decode_source, read_letter
    from checker.read.ingest import read_source
    from checker.read.pages import page_map
    from checker.report.views import letter_detail

    if letter != "-" and not Path(letter).exists():
        opt.fail(f"no such file: {letter}")
    rulebook = _rulebook(rules, extra_rules or [], config) if facts else _parser_rulebook()
    try:
        text, warnings = decode_source(read_source(letter))
        parsed, problems = read_letter(text, rulebook.vocabulary)
    except LetterError as error:
        failed = LetterResult(path=letter, status="error", layout=error.layout, errors=(error.problem,))
        typer.echo(json.dumps(letter_detail(failed, None), indent=2))
        raise typer.Exit(EXIT_FAILED) from None
    result = LetterResult(path=letter, status="ok", layout=parsed.layout, warnings=tuple(warnings + problems))
    choices = [_choice(rulebook, selection) for selection in rulebook.choose(parsed)]
    detail = letter_detail(result, parsed, page_map(text), choices)
    if facts:
        for item_detail, item_facts in zip(detail["items"], rulebook.item_facts(parsed), strict=True):
            item_detail.update(item_facts.describe())
    typer.echo(json.dumps(detail, indent=2, ensure_ascii=False))


def _choice(rulebook: "Rulebook", selection: "Selection") -> dict[str, Any]:
    """How an item's guideline was chosen, as `parse` shows it."""
    entry = rulebook.guides.index.entry(selection.id) if rulebook.guides and selection.id else None
    return {
        "id": selection.id or "core",
        "title": entry.title if entry else "Core checks only: no rulebook covers the cited guideline",
        "chosen_by": selection.how,
        "reason": selection.reason,
        "cited": list(selection.cited),
        "note": selection.note or None,
    }


def _parser_rulebook() -> "Rulebook":
    from checker.datafiles.yamlio import DataError, DataErrors
    from checker.rulebook.book import parse_only_rulebook

    try:
        return parse_only_rulebook()
    except (DataError, DataErrors) as error:
        opt.fail(f"bad rulebook data:\n{error}")


def _rulebook(rules: str | None, extra: list[str], config: str | None) -> "Rulebook":
    from checker.cli.rules import load_or_exit

    return load_or_exit(rules, extra, config)
