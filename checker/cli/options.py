"""Command-line options shared by `check` and `baseline`, and how they become settings keys.

Every option defaults to None ("not given") so that `settings.merge` can tell a value typed on
the command line from one the configuration file gives.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Annotated, Any, NoReturn

import typer

from checker.run.settings import FORMAT_NAMES

ReportFormat = StrEnum("ReportFormat", {name: name for name in FORMAT_NAMES})  # type: ignore[misc]


class FailOn(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


Paths = Annotated[list[str], typer.Argument(help="Letter files, directories (searched recursively) or - for stdin.")]
Glob = Annotated[
    str | None,
    typer.Option(help="File patterns for letters inside directories, separated by commas (default: *.txt,*.pdf)."),
]
Config = Annotated[
    str | None,
    typer.Option("--config", help="Configuration file (default: .imr-check.yaml or pyproject.toml, upward)."),
]
MaxBytes = Annotated[
    int | None, typer.Option("--max-bytes", min=1, help="Refuse a letter file larger than this many bytes.")
]
Waivers = Annotated[str | None, typer.Option("--waivers", help="Waivers file: accepted flags, each with a reason.")]
Jobs = Annotated[
    int | None,
    typer.Option("--jobs", "-j", help="Worker processes [default: 0, one per CPU]; 1 checks in this process."),
]
Cache = Annotated[
    bool | None, typer.Option("--cache/--no-cache", help="Reuse results of unchanged letters [default: cache].")
]
CacheDir = Annotated[
    str | None, typer.Option("--cache-dir", help="Result cache directory [default: .imr-check-cache].")
]
Engine = Annotated[
    str | None,
    typer.Option("--engine", help="local: processes on this machine; dask: a Dask cluster [default: local]."),
]
Scheduler = Annotated[
    str | None,
    typer.Option("--scheduler", help="Dask scheduler address tcp://HOST:PORT; without it a local cluster starts."),
]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no notes on stderr.")]
Verbose = Annotated[bool, typer.Option("--verbose", "-v", help="Say which configuration, rulebook and figures.")]


def shared_values(
    *,
    glob: str | None,
    max_bytes: int | None,
    rules: str | None,
    extra_rules: list[str] | None,
    disable: list[str] | None,
    severity: list[str] | None,
    waivers: str | None,
    jobs: int | None,
    quiet: bool,
    verbose: bool,
) -> dict[str, Any]:
    """The options both commands take, keyed as the configuration file names them."""
    return {
        "glob": glob,
        "max-bytes": max_bytes,
        "rules": rules,
        "extra-rules": extra_rules or None,
        "disable": disable or None,
        "severity": severity or None,  # RULE=LEVEL strings, parsed by settings.merge
        "waivers": waivers,
        "jobs": jobs,
        "verbosity": -1 if quiet else (1 if verbose else None),
    }


def exit_with(run: Callable[[], int]) -> NoReturn:
    """Run a command body; a usage or configuration problem exits 2 with its message, no traceback."""
    from checker.run.exitcodes import EXIT_USAGE
    from checker.run.session import UsageError
    from checker.run.settings import SettingsError

    try:
        status = run()
    except (UsageError, SettingsError) as error:
        typer.echo(f"imr-check: {error}", err=True)
        raise typer.Exit(EXIT_USAGE) from None
    raise typer.Exit(status)
