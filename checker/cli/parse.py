"""`imr-check parse LETTER`: everything extracted from one letter, as JSON: what the rules see."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from checker.rulebook.book import Rulebook
from checker.run.exitcodes import EXIT_FAILED, EXIT_USAGE


def parse(
    letter: Annotated[str, typer.Argument(help="One letter file, or - for stdin.")],
) -> None:
    """Print everything extracted from one letter as JSON: what the rules see.

    Example: imr-check parse examples/letters/004_5bb1afb40656a8b8.txt
    """
    from checker.model import LetterResult
    from checker.pipeline import LetterError, decode_source, read_letter
    from checker.read.ingest import read_source
    from checker.read.pages import page_map
    from checker.report.views import letter_detail

    if letter != "-" and not Path(letter).exists():
        _usage_error(f"no such file: {letter}")
    rulebook = _load_rulebook()
    try:
        text, warnings = decode_source(read_source(letter))
        parsed, problems = read_letter(text, rulebook.vocabulary)
    except LetterError as error:
        failed = LetterResult(path=letter, status="error", errors=(error.problem,))
        typer.echo(json.dumps(letter_detail(failed, None), indent=2))
        raise typer.Exit(EXIT_FAILED) from None
    result = LetterResult(path=letter, status="ok", layout=parsed.layout, warnings=tuple(warnings + problems))
    typer.echo(json.dumps(letter_detail(result, parsed, page_map(text)), indent=2, ensure_ascii=False))


def _load_rulebook() -> Rulebook:
    from checker.datafiles.yamlio import DataError, DataErrors
    from checker.rulebook.book import parse_only_rulebook

    try:
        return parse_only_rulebook()
    except (DataError, DataErrors) as error:
        typer.echo(f"imr-check: bad rulebook data:\n{error}", err=True)
        raise typer.Exit(EXIT_USAGE) from None


def _usage_error(message: str) -> NoReturn:
    typer.echo(f"imr-check: {message}", err=True)
    raise typer.Exit(EXIT_USAGE)
