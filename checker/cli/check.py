"""`imr-check check LETTERS` (the default command): check letters, write the report, gate on flags."""

from __future__ import annotations

from typing import Annotated

import typer

from checker.cli import options as opt
from checker.cli import rules as cli_rules


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
