"""`imr-check check LETTERS` (the default command): check letters, write the report, gate on flags."""

from typing import Annotated

import typer

from checker.cli import options as opt


def check(
    ctx: typer.Context,
    paths: opt.Paths,
    output_format: Annotated[
        opt.ReportFormat, typer.Option("--format", "-f", metavar=opt.choices(opt.ReportFormat), help="Report format.")
    ] = opt.ReportFormat.text,
    output: Annotated[
        str | None,
        typer.Option(
            "--output", "-o", metavar="FILE", help="Write the report to FILE (atomically), not standard output."
        ),
    ] = None,
    fail_on: Annotated[
        opt.FailOn,
        typer.Option("--fail-on", metavar=opt.choices(opt.FailOn), help="Lowest flag severity that exits 1."),
    ] = opt.FailOn.error,
    allow_unreadable: Annotated[
        bool,
        typer.Option(
            "--allow-unreadable/--no-allow-unreadable",
            help="Whether letters that cannot be read or parsed let the run exit 0.",
        ),
    ] = False,
    baseline: Annotated[
        str | None,
        typer.Option("--baseline", metavar="FILE", help="Report and gate on the flags not in this baseline file only."),
    ] = None,
    waivers: opt.Waivers = None,
    glob: opt.Glob = opt.GLOB,
    max_bytes: opt.MaxBytes = opt.MAX_BYTES,
    stdin_filename: Annotated[
        str | None,
        typer.Option(
            "--stdin-filename", metavar="PATH", help="The path reports give a letter read from standard input (-)."
        ),
    ] = None,
    color: Annotated[
        opt.Color,
        typer.Option(
            "--color",
            metavar=opt.choices(opt.Color),
            help="Colour the text report; auto: when standard output is a terminal and NO_COLOR is not set.",
        ),
    ] = opt.Color.auto,
    no_color: Annotated[bool, typer.Option("--no-color", hidden=True, help="The same as --color never.")] = False,
    rules: opt.Rules = None,
    extra_rules: opt.ExtraRules = None,
    disable: opt.Disable = None,
    severity: opt.Severity = None,
    jobs: opt.Jobs = 0,
    cache: Annotated[bool, typer.Option("--cache/--no-cache", help="Reuse the results of unchanged letters.")] = True,
    cache_dir: opt.CacheDir = opt.CACHE_DIR,
    engine: Annotated[
        opt.Engine,
        typer.Option(
            "--engine",
            metavar=opt.choices(opt.Engine),
            help="local: processes on this machine; dask: a Dask cluster (the dask extra).",
        ),
    ] = opt.Engine.local,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            metavar="ADDRESS",
            help="A running Dask scheduler, tcp://HOST:PORT, for --engine dask (else a local cluster starts).",
        ),
    ] = None,
    time_limit: opt.TimeLimit = opt.TIME_LIMIT,
    memory_limit: opt.MemoryLimit = opt.MEMORY_LIMIT,
    strict: opt.Strict = False,
    config: opt.Config = None,
    quiet: opt.Quiet = False,
    verbose: opt.Verbose = False,
) -> None:
    """Check letters and report every disputed item and flag.

    LETTERS are letter files (.txt or .pdf), directories (searched recursively for --glob) or
    - for standard input. Options not given come from the configuration file, if any.

    Example: imr-check --format sarif -o imr-check.sarif letters/
    """
    from checker.run import session

    given = opt.settings_values(ctx)
    opt.exit_with(lambda: session.check(session.build_settings(given, config), paths))
