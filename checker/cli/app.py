"""The `imr-check` command line: the commands wired together; `check` runs when none is named.

Each command's module imports the checker only inside the command, so `--help`, `--version`
and the help of every command load click and nothing else.
"""

from __future__ import annotations

import click

from checker.cli.baseline import baseline_command
from checker.cli.check import check
from checker.cli.clean import clean
from checker.cli.parse import parse
from checker.cli.rules import explain, rules_group
from checker.cli.text import text
from checker.run.exitcodes import EXIT_USAGE
from checker.version import __version__

_OWN_OPTIONS = ("--help", "-h", "--version", "-V")


class DefaultCheckGroup(click.Group):
    """Runs `check` when the first argument is not a command, so `imr-check letters/` works;
    with no arguments at all it prints the help, and exits 2 so an empty file list in a script
    cannot pass as a clean run."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args:
            click.echo(ctx.get_help())
            ctx.exit(EXIT_USAGE)
        if args[0] not in self.commands and args[0] not in _OWN_OPTIONS:
            args = ["check", *args]
        return super().parse_args(ctx, args)


@click.group(
    "imr-check",
    cls=DefaultCheckGroup,
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
@click.version_option(__version__, "--version", "-V", prog_name="imr-check", message="%(prog)s %(version)s")
def app() -> None:
    """Check IMR final determination letters against the MTUS rulebook.

    `imr-check LETTERS...` is `imr-check check LETTERS...`: see `imr-check check --help` for
    its options (report format, baseline, waivers, rulebook, workers, cache).
    """


app.add_command(check)
app.add_command(parse)
app.add_command(text)
app.add_command(baseline_command)
app.add_command(rules_group)
app.add_command(explain)
app.add_command(clean)


def main() -> None:
    app(prog_name="imr-check")
