"""`imr-check baseline`: record today's flags so later runs report and gate on new ones only."""

from __future__ import annotations

from typing import Any

import click

from checker.cli import options as opt


@click.command("baseline", short_help="Record today's flags; later runs with --baseline show new ones only.")
@opt.paths
@click.option(
    "--output",
    "-o",
    metavar="FILE",
    help="The baseline file to write: the configuration's baseline, else imr-check-baseline.json.",
)
@opt.waivers
@opt.glob
@opt.max_bytes
@opt.rulebook_options
@opt.jobs
@opt.config
@opt.quiet
@opt.verbose
@click.pass_context
def baseline_command(
    ctx: click.Context, /, paths: tuple[str, ...], output: str | None, config: str | None, **values: Any
) -> None:
    """Record the flags LETTERS raise today; `imr-check --baseline FILE` then reports new flags only.

    Example: imr-check baseline letters/ -o imr-check-baseline.json
    """
    from checker.run import session

    given = opt.settings_values(ctx, values)
    opt.exit_with(lambda: session.record_baseline(session.build_settings(given, config), list(paths), output))
