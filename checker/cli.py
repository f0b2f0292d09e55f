"""The `imr-check` command line: check letters (the default command), parse one letter."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from typer.core import TyperGroup

from . import __version__, cli_rules
from .ingest import DEFAULT_GLOB, DEFAULT_MAX_BYTES

EXIT_CLEAN, EXIT_FLAGGED, EXIT_USAGE = 0, 1, 2


class DefaultCheckGroup(TyperGroup):
    """Runs `check` when the first argument is not a command, so `imr-check letters/` works."""

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h", "--version"):
            args = ["check", *args]
        return super().parse_args(ctx, args)


app = typer.Typer(
    cls=DefaultCheckGroup,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="""Check IMR final determination letters against the MTUS rulebook.

    Examples:

      imr-check letters/                    check every *.txt letter under letters/

      imr-check --format json letters/ > report.json

      imr-check parse letters/004.txt       show what the parser extracted from one letter

      imr-check rules list                  the rules; see also rules validate, rules test, explain

    Exit status: 0 nothing flagged, 1 a flag or an unreadable letter, 2 usage or configuration error.
    """,
)


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"imr-check {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Check IMR final determination letters against the MTUS rulebook."""


@app.command()
def check(
    paths: Annotated[
        list[str], typer.Argument(help="Letter files, directories (searched recursively) or - for stdin.")
    ],
    output_format: Annotated[OutputFormat, typer.Option("--format", "-f", help="Report format.")] = OutputFormat.text,
    glob: Annotated[
        str, typer.Option(help="File patterns for letters inside directories, separated by commas.")
    ] = DEFAULT_GLOB,
    max_bytes: Annotated[
        int, typer.Option("--max-bytes", min=1, help="Refuse a letter file larger than this many bytes.")
    ] = DEFAULT_MAX_BYTES,
    color: Annotated[
        bool | None, typer.Option("--color/--no-color", help="Colour the text report (default: when a terminal).")
    ] = None,
    rules: cli_rules.RulesOption = None,
    extra_rules: cli_rules.ExtraRulesOption = None,
    disable: cli_rules.DisableOption = None,
    severity: cli_rules.SeverityOption = None,
) -> None:
    """Check letters and report every disputed item and flag.

    Example: imr-check --format json examples/letters > report.json
    """
    from .formats import FORMATS, RunInfo
    from .ingest import PathNotFound, find_letters
    from .runner import check_paths
    from .serialize import Summary

    rulebook = cli_rules.load_or_exit(rules, extra_rules, disable, severity)
    try:
        letter_paths = list(find_letters(paths, glob))
    except PathNotFound as error:
        _usage_error(f"no such file or directory: {error}")
    run = RunInfo(
        tool_version=__version__,
        rulebook_name=rulebook.name,
        rulebook_version=rulebook.version,
        rule_count=len(rulebook.rules),
        color=sys.stdout.isatty() if color is None else color,
    )
    formatter = FORMATS[output_format.value](sys.stdout, run)
    summary = Summary()
    formatter.begin()
    for result in check_paths(letter_paths, rulebook, max_bytes):
        summary.add(result)
        formatter.letter(result)
    formatter.end(summary)
    raise typer.Exit(EXIT_FLAGGED if summary.flags or summary.errors else EXIT_CLEAN)


@app.command()
def parse(
    letter: Annotated[str, typer.Argument(help="One letter file, or - for stdin.")],
) -> None:
    """Print everything extracted from one letter as JSON: what the rules see.

    Example: imr-check parse examples/letters/004_5bb1afb40656a8b8.txt
    """
    from .ingest import read_source
    from .model import LetterResult
    from .pipeline import LetterError, decode_source, read_letter
    from .serialize import letter_detail

    if letter != "-" and not Path(letter).exists():
        _usage_error(f"no such file: {letter}")
    rulebook = _load_rulebook()
    try:
        text, warnings = decode_source(read_source(letter))
        parsed, problems = read_letter(text, rulebook.vocabulary)
    except LetterError as error:
        failed = LetterResult(path=letter, status="error", errors=(error.problem,))
        typer.echo(json.dumps(letter_detail(failed, None), indent=2))
        raise typer.Exit(EXIT_FLAGGED) from None
    result = LetterResult(path=letter, status="ok", format=parsed.format, warnings=tuple(warnings + problems))
    typer.echo(json.dumps(letter_detail(result, parsed), indent=2, ensure_ascii=False))


app.add_typer(cli_rules.rules_app, name="rules")
app.command("explain")(cli_rules.explain)


def _load_rulebook():  # type: ignore[no-untyped-def]
    from .rulebook import parse_only_rulebook
    from .yamlio import DataError, DataErrors

    try:
        return parse_only_rulebook()
    except (DataError, DataErrors) as error:
        typer.echo(f"imr-check: bad rulebook data:\n{error}", err=True)
        raise typer.Exit(EXIT_USAGE) from None


def _usage_error(message: str) -> None:
    typer.echo(f"imr-check: {message}", err=True)
    raise typer.Exit(EXIT_USAGE)


def main() -> None:
    app()
