"""The `imr-check` command line: the commands wired together; `check` runs when none is named.

Built with typer; its help is click's plain help (`rich_markup_mode=None`), which lists every
default and loads no rich. Each command's module imports the checker only inside the command,
so `--help`, `--version` and the help of every command load typer and nothing else.
"""

from typing import Annotated

import typer

from checker.cli.baseline import baseline_command
from checker.cli.check import check
from checker.cli.clean import clean
from checker.cli.command import CheckCommand, Command, DefaultCheckGroup
from checker.cli.parse import parse
from checker.cli.rules import explain, rules_app
from checker.cli.text import text
from checker.version import __version__

app = typer.Typer(
    name="imr-check",
    cls=DefaultCheckGroup,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100, "show_default": True},
    epilog="""\b
Examples:
  imr-check letters/                          check every *.txt and *.pdf letter under letters/
  imr-check --format json letters/ > report.json
  imr-check -f sarif -o imr-check.sarif letters/
  imr-check baseline letters/                 record today's flags; later runs show new ones
  imr-check parse letters/004.txt             what the parser extracted from one letter
  imr-check rules list                        the rules; also rules validate, rules test, explain

\b
Exit status: 0 clean; 1 a flag at or above --fail-on (default error), or a letter that
cannot be read (unless --allow-unreadable); 2 usage or configuration error.""",
)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"imr-check {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", "-V", callback=_print_version, is_eager=True, help="Show the version and exit."),
    ] = False,
) -> None:
    """Check IMR final determination letters against the MTUS rulebook.

    `imr-check LETTERS...` is `imr-check check LETTERS...`: see `imr-check check --help` for
    its options (report format, baseline, waivers, rulebook, workers, cache).
    """


app.command("baseline", cls=Command, short_help="Record today's flags; later runs with --baseline show new ones only.")(
    baseline_command
)
app.command("check", cls=CheckCommand, short_help="Check letters and report every disputed item and flag.")(check)
app.command("clean", cls=Command, short_help="Remove the result cache and the cache of validated data files.")(clean)
app.command("explain", cls=Command, short_help="What a rule checks, why, its guideline and an example.")(explain)
app.command("parse", cls=Command, short_help="Everything extracted from one letter, as JSON: what the rules see.")(
    parse
)
app.add_typer(rules_app, name="rules")
app.command("text", cls=Command, short_help="The text of a letter as the checker reads it (a PDF's text layer).")(text)


def main() -> None:
    app(prog_name="imr-check")
