"""`imr-check baseline`: record today's flags so later runs report and gate on new ones only."""

from typing import Annotated

import typer

from checker.cli import options as opt


def baseline_command(
    ctx: typer.Context,
    paths: opt.Paths,
    target: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="The baseline file to write: the configuration's baseline, else imr-check-baseline.json.",
        ),
    ] = None,
    waivers: opt.Waivers = None,
    glob: opt.Glob = opt.GLOB,
    max_bytes: opt.MaxBytes = opt.MAX_BYTES,
    rules: opt.Rules = None,
    extra_rules: opt.ExtraRules = None,
    disable: opt.Disable = None,
    severity: opt.Severity = None,
    jobs: opt.Jobs = 0,
    config: opt.Config = None,
    quiet: opt.Quiet = False,
    verbose: opt.Verbose = False,
) -> None:
    """Record the flags LETTERS raise today; `imr-check --baseline FILE` then reports new flags only.

    Example: imr-check baseline letters/ -o imr-check-baseline.json
    """
    from checker.run import session

    given = opt.settings_values(ctx)
    opt.exit_with(lambda: session.record_baseline(session.build_settings(given, config), paths, target))
