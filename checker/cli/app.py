"""The `imr-check` command line: check letters (the default command), parse one letter."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from typer.core import TyperGroup

from checker import __version__
from checker.cli import options as opt
from checker.cli import rules as cli_rules
from checker.cli import text as cli_text
from checker.cli.baseline import baseline_command

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

      imr-check letters/                    check every *.txt and *.pdf letter under letters/

      imr-check --format json letters/ > report.json

      imr-check --format sarif -o imr-check.sarif letters/

      imr-check baseline letters/ -o imr-check-baseline.json

      imr-check parse letters/004.txt       show what the parser extracted from one letter

      imr-check rules list                  the rules; see also rules validate, rules test, explain

    Exit status: 0 clean; 1 a flag at or above --fail-on (default error), or a letter that cannot be
    read (unless --allow-unreadable); 2 usage or configuration error.
    """,
)


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
    paths: opt.Paths,
    output_format: Annotated[
        opt.ReportFormat | None, typer.Option("--format", "-f", help="Report format (default: text).")
    ] = None,
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="Write the report to FILE (atomically) instead of stdout.")
    ] = None,
    fail_on: Annotated[
        opt.FailOn | None, typer.Option("--fail-on", help="Lowest flag severity that exits 1 (default: error).")
    ] = None,
    allow_unreadable: Annotated[
        bool | None,
        typer.Option("--allow-unreadable/--no-allow-unreadable", help="Letters that cannot be read do not exit 1."),
    ] = None,
    baseline: Annotated[
        str | None, typer.Option("--baseline", help="Report and gate on flags not in FILE only.")
    ] = None,
    waivers: opt.Waivers = None,
    glob: opt.Glob = None,
    max_bytes: opt.MaxBytes = None,
    color: Annotated[
        bool | None, typer.Option("--color/--no-color", help="Colour the text report (default: when a terminal).")
    ] = None,
    rules: cli_rules.RulesOption = None,
    extra_rules: cli_rules.ExtraRulesOption = None,
    disable: cli_rules.DisableOption = None,
    severity: cli_rules.SeverityOption = None,
    jobs: opt.Jobs = None,
    cache: opt.Cache = None,
    cache_dir: opt.CacheDir = None,
    engine: opt.Engine = None,
    scheduler: opt.Scheduler = None,
    config: opt.Config = None,
    quiet: opt.Quiet = False,
    verbose: opt.Verbose = False,
) -> None:
    """Check letters and report every disputed item and flag.

    Example: imr-check --format sarif -o imr-check.sarif letters/
    """
    from checker.run import session

    shared = opt.shared_values(
        glob=glob, max_bytes=max_bytes, rules=rules, extra_rules=extra_rules, disable=disable, severity=severity,
        waivers=waivers, jobs=jobs, quiet=quiet, verbose=verbose,
    )  # fmt: skip
    given = {
        "format": output_format.value if output_format else None,
        "output": output,
        "fail-on": fail_on.value if fail_on else None,
        "allow-unreadable": allow_unreadable,
        "baseline": baseline,
        "color": color,
        "cache": cache,
        "cache-dir": cache_dir,
        "engine": engine,
        "scheduler": scheduler,
        **shared,
    }
    opt.exit_with(lambda: session.check(session.build_settings(given, config), paths))


@app.command()
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
        raise typer.Exit(EXIT_FLAGGED) from None
    result = LetterResult(path=letter, status="ok", format=parsed.format, warnings=tuple(warnings + problems))
    typer.echo(json.dumps(letter_detail(result, parsed, page_map(text)), indent=2, ensure_ascii=False))


def _load_rulebook():  # type: ignore[no-untyped-def]
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


app.add_typer(cli_rules.rules_app, name="rules")
app.command("explain")(cli_rules.explain)
app.command("baseline")(baseline_command)
app.command("text")(cli_text.text)


def main() -> None:
    app()
