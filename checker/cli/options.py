"""Command-line options shared by the commands, and how they become settings keys.

Every option that the configuration file can also set defaults to None ("not given"), so that
`settings.merge` can tell a value typed on the command line from one the file gives; its help
still shows the default the run will use. Only click is imported here: `--help` and
`--version` load nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NoReturn, TypeVar

import click

from checker.run.exitcodes import EXIT_USAGE

F = TypeVar("F", bound=Callable[..., Any])

# The names `settings.FORMAT_NAMES` and `model.FAIL_LEVELS` hold; repeated here so that building
# the command line imports no part of the checker (tests/cli/test_help.py keeps them equal).
FORMAT_NAMES = ("text", "concise", "json", "jsonl", "sarif", "junit", "github", "gitlab", "csv", "markdown", "html")
FAIL_LEVELS = ("error", "warning", "info", "never")
COLOR_CHOICES = ("auto", "always", "never")
ENGINES = ("local", "dask")


def comma_list(_ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]) -> list[str] | None:
    """A repeatable option whose values may also be separated by commas: `--disable A,B --disable C`."""
    items = [part.strip() for value in values for part in value.split(",") if part.strip()]
    return items or None


def apply(*decorators: Callable[[F], F]) -> Callable[[F], F]:
    """Several option decorators as one, applied so that help lists them in the order given."""

    def decorate(function: F) -> F:
        for decorator in reversed(decorators):
            function = decorator(function)
        return function

    return decorate


paths = click.argument("paths", nargs=-1, required=True, metavar="LETTERS...")
glob = click.option(
    "--glob",
    default="*.txt,*.pdf",
    metavar="PATTERNS",
    help="File patterns for letters inside directories, separated by commas.",
)
max_bytes = click.option(
    "--max-bytes", type=int, default=5 * 1024 * 1024, metavar="BYTES", help="Refuse a letter file larger than this."
)
waivers = click.option("--waivers", metavar="FILE", help="Waivers file: accepted flags, each with a reason.")
config = click.option(
    "--config",
    metavar="FILE",
    help="Configuration file, instead of the nearest .imr-check.yaml or pyproject.toml with [tool.imr-check].",
)
jobs = click.option(
    "--jobs", "-j", type=int, default=0, metavar="N", help="Worker processes: 0 is one per CPU, 1 checks here."
)
quiet = click.option("--quiet", "-q", is_flag=True, help="No progress bar and no notes on standard error.")
verbose = click.option(
    "--verbose", "-v", is_flag=True, help="Say which configuration and rulebook were used, and the run's figures."
)
rules = click.option(
    "--rules",
    metavar="DIR",
    help="Another rulebook than the shipped one: a directory with rulebook.yaml, or that file.",
)
extra_rules = click.option(
    "--extra-rules", metavar="FILE", multiple=True, help="Add the rules in this YAML rule file (repeatable)."
)
disable = click.option(
    "--disable",
    metavar="RULE_ID[,...]",
    multiple=True,
    callback=comma_list,
    help="Turn rules off (repeatable, or separated by commas).",
)
severity = click.option(
    "--severity",
    metavar="RULE_ID=LEVEL[,...]",
    multiple=True,
    callback=comma_list,
    help="Override a rule's severity with error, warning or info (repeatable, or separated by commas).",
)
rulebook_options = apply(rules, extra_rules, disable, severity)

# Command-line names of the parameters that are settings keys (the configuration file's names).
SETTING_KEYS = {
    "output_format": "format",
    "output": "output",
    "fail_on": "fail-on",
    "allow_unreadable": "allow-unreadable",
    "baseline": "baseline",
    "waivers": "waivers",
    "glob": "glob",
    "max_bytes": "max-bytes",
    "stdin_filename": "stdin-filename",
    "color": "color",
    "rules": "rules",
    "extra_rules": "extra-rules",
    "disable": "disable",
    "severity": "severity",
    "jobs": "jobs",
    "cache": "cache",
    "cache_dir": "cache-dir",
    "engine": "engine",
    "scheduler": "scheduler",
}


def settings_values(ctx: click.Context, values: dict[str, Any]) -> dict[str, Any]:
    """The options typed on the command line, keyed as the configuration file names them; an
    option left at its default is None ("not given"), so the configuration file's value holds."""
    from click.core import ParameterSource

    out: dict[str, Any] = {}
    for name, key in SETTING_KEYS.items():
        if name not in values:
            continue
        typed = ctx.get_parameter_source(name) not in (ParameterSource.DEFAULT, ParameterSource.DEFAULT_MAP)
        value = values[name]
        out[key] = (list(value) if isinstance(value, tuple | list) else value) if typed and value != [] else None
    if values.get("no_color"):
        out["color"] = "never"
    out["verbosity"] = -1 if values.get("quiet") else (1 if values.get("verbose") else None)
    return out


def exit_with(run: Callable[[], int]) -> NoReturn:
    """Run a command body; a usage or configuration problem exits 2 with its message, no traceback."""
    from checker.run.session import UsageError
    from checker.run.settings import SettingsError

    try:
        status = run()
    except (UsageError, SettingsError) as error:
        fail(str(error))
    raise SystemExit(status)


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    click.echo(f"imr-check: {message}", err=True)
    raise SystemExit(code)
