"""The `imr-check` command line: the commands wired together; `check` runs when none is named."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from checker.cli import rules as cli_rules
from checker.cli import text as cli_text
from checker.cli.baseline import baseline_command
from checker.cli.check import check
from checker.cli.parse import parse
from checker.version import __version__


class DefaultCheckGroup(TyperGroup):
    """Runs `check` when the first argument is not a command, so `imr-check letters/` works."""

    # `ctx` is click's Context, which typer versions import from different places.
    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
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


app.command("check")(check)
app.command("parse")(parse)
app.add_typer(cli_rules.rules_app, name="rules")
app.command("explain")(cli_rules.explain)
app.command("baseline")(baseline_command)
app.command("text")(cli_text.text)


def main() -> None:
    app()
