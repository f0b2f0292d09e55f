"""Command-line options shared by the commands, and how they become settings keys.

Options are typer parameter types (`Annotated[type, typer.Option(...)]`) that the commands'
signatures name. Every option that the configuration file can also set has the default the run
uses, so help shows it; `settings_values` asks the context whether each was typed, so that
`settings.merge` can tell a value typed on the command line from one the file gives. Only typer
is imported here: `--help` and `--version` load nothing else.
"""

from collections.abc import Callable
from enum import Enum, StrEnum
from typing import Annotated, Any, NoReturn

import typer

from checker.run.exitcodes import EXIT_USAGE


# The names `settings.FORMAT_NAMES` and `model.FAIL_LEVELS` hold; repeated here so that building
# the command line imports no part of the checker (tests/cli/test_conventions.py keeps them equal).
class ReportFormat(StrEnum):
    text = "text"
    concise = "concise"
    json = "json"
    jsonl = "jsonl"
    sarif = "sarif"
    junit = "junit"
    github = "github"
    gitlab = "gitlab"
    csv = "csv"
    markdown = "markdown"
    html = "html"


class FailOn(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


class Color(StrEnum):
    auto = "auto"
    always = "always"
    never = "never"


class Engine(StrEnum):
    local = "local"
    dask = "dask"


FORMAT_NAMES = tuple(member.value for member in ReportFormat)
FAIL_LEVELS = tuple(member.value for member in FailOn)
COLOR_CHOICES = tuple(member.value for member in Color)
ENGINES = tuple(member.value for member in Engine)

Paths = Annotated[list[str], typer.Argument(metavar="LETTERS...", show_default=False)]
Glob = Annotated[
    str,
    typer.Option(
        "--glob", metavar="PATTERNS", help="File patterns for letters inside directories, separated by commas."
    ),
]
MaxBytes = Annotated[int, typer.Option("--max-bytes", metavar="BYTES", help="Refuse a letter file larger than this.")]
Waivers = Annotated[
    str | None, typer.Option("--waivers", metavar="FILE", help="Waivers file: accepted flags, each with a reason.")
]
Config = Annotated[
    str | None,
    typer.Option(
        "--config",
        metavar="FILE",
        help="Configuration file, instead of the nearest .imr-check.yaml or pyproject.toml with [tool.imr-check].",
    ),
]
Jobs = Annotated[
    int, typer.Option("--jobs", "-j", metavar="N", help="Worker processes: 0 is one per CPU, 1 checks here.")
]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no notes on standard error.")]
Verbose = Annotated[
    bool,
    typer.Option("--verbose", "-v", help="Say which configuration and rulebook were used, and the run's figures."),
]
Rules = Annotated[
    str | None,
    typer.Option(
        "--rules",
        metavar="DIR",
        help="Another rulebook than the shipped one: a directory with rulebook.yaml, or that file.",
    ),
]
ExtraRules = Annotated[
    list[str] | None,
    typer.Option("--extra-rules", metavar="FILE", help="Add the rules in this YAML rule file (repeatable)."),
]
Disable = Annotated[
    list[str] | None,
    typer.Option("--disable", metavar="RULE_ID[,...]", help="Turn rules off (repeatable, or separated by commas)."),
]
Severity = Annotated[
    list[str] | None,
    typer.Option(
        "--severity",
        metavar="RULE_ID=LEVEL[,...]",
        help="Override a rule's severity with error, warning or info (repeatable, or separated by commas).",
    ),
]
CacheDir = Annotated[str, typer.Option("--cache-dir", metavar="DIR", help="The result cache directory.")]
TimeLimit = Annotated[
    float,
    typer.Option(
        "--time-limit", metavar="SECONDS", help="Seconds one letter may take; a slower one is stopped and reported."
    ),
]
MemoryLimit = Annotated[
    int,
    typer.Option(
        "--memory-limit", metavar="MB", help="Megabytes a worker may grow by for one letter; more stops that letter."
    ),
]
Strict = Annotated[
    bool,
    typer.Option(
        "--strict/--no-strict",
        help="Whether waivers for unknown rules and a baseline of another rulebook version are errors.",
    ),
]
TIME_LIMIT = 30  # the help shows it as a whole number
MEMORY_LIMIT = 1024

GLOB = "*.txt,*.pdf"
MAX_BYTES = 5 * 1024 * 1024
CACHE_DIR = "~/.cache/imr-check/results"  # shown in help; not given, the settings' default holds

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
    "time_limit": "time-limit",
    "memory_limit": "memory-limit",
    "strict": "strict",
    "engine": "engine",
    "scheduler": "scheduler",
}
# Repeatable options whose values may also be separated by commas: `--disable A,B --disable C`.
COMMA_LISTS = ("disable", "severity")
# Where a parameter's value came from when it was not typed (click's ParameterSource names; typer
# releases import that enum from different places, so it is compared by name).
NOT_TYPED = ("DEFAULT", "DEFAULT_MAP")


def choices(names: type[StrEnum]) -> str:
    """An option's choices as its help shows them, `[a|b]`, on every typer release."""
    return "[" + "|".join(member.value for member in names) + "]"


def comma_list(values: list[str] | tuple[str, ...]) -> list[str]:
    """The items of a repeatable option whose values may also be separated by commas."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def settings_values(ctx: typer.Context) -> dict[str, Any]:
    """The options typed on the command line, keyed as the configuration file names them; an
    option left at its default is None ("not given"), so the configuration file's value holds."""
    out: dict[str, Any] = {}
    for name, key in SETTING_KEYS.items():
        if name not in ctx.params:
            continue
        source = ctx.get_parameter_source(name)
        value = ctx.params[name]
        if isinstance(value, Enum):
            value = value.value
        if isinstance(value, tuple | list):
            value = comma_list(value) if name in COMMA_LISTS else list(value)
        typed = source is not None and source.name not in NOT_TYPED
        out[key] = value if typed and value != [] else None
    if ctx.params.get("no_color"):
        out["color"] = "never"
    out["verbosity"] = -1 if ctx.params.get("quiet") else (1 if ctx.params.get("verbose") else None)
    return out


def exit_with(run: Callable[[], int]) -> NoReturn:
    """Run a command body; a usage or configuration problem exits 2 with its message, no traceback."""
    import signal

    from checker.run.session import Interrupted, UsageError
    from checker.run.settings import SettingsError

    try:
        status = run()
    except (UsageError, SettingsError) as error:
        fail(str(error))
    except (KeyboardInterrupt, Interrupted) as stop:
        # As a shell reports a process a signal stopped: 128 + the signal's number.
        signum = stop.signum if isinstance(stop, Interrupted) else signal.SIGINT
        fail(f"stopped by {signal.Signals(signum).name}; no report written", 128 + signum)
    raise typer.Exit(status)


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    typer.echo(f"imr-check: {message}", err=True)
    raise typer.Exit(code)
