"""`imr-check check LETTERS` (the default command): check letters, write the report, gate on flags."""

from __future__ import annotations

from typing import Any

import click

from checker.cli import options as opt


@click.command("check", short_help="Check letters and report every disputed item and flag.")
@opt.paths
@click.option(
    "--format", "-f", "output_format", type=click.Choice(opt.FORMAT_NAMES), default="text", help="Report format."
)
@click.option("--output", "-o", metavar="FILE", help="Write the report to FILE (atomically), not standard output.")
@click.option(
    "--fail-on", type=click.Choice(opt.FAIL_LEVELS), default="error", help="Lowest flag severity that exits 1."
)
@click.option(
    "--allow-unreadable/--no-allow-unreadable",
    default=False,
    help="Whether letters that cannot be read or parsed let the run exit 0.",
)
@click.option("--baseline", metavar="FILE", help="Report and gate on the flags not in this baseline file only.")
@opt.waivers
@opt.glob
@opt.max_bytes
@click.option("--stdin-filename", metavar="PATH", help="The path reports give a letter read from standard input (-).")
@click.option(
    "--color",
    type=click.Choice(opt.COLOR_CHOICES),
    default="auto",
    is_flag=False,
    flag_value="always",
    help="Colour the text report; auto: when standard output is a terminal and NO_COLOR is not set.",
)
@click.option("--no-color", "no_color", is_flag=True, hidden=True, help="The same as --color never.")
@opt.rulebook_options
@opt.jobs
@click.option("--cache/--no-cache", default=True, help="Reuse the results of unchanged letters.")
@click.option("--cache-dir", default=".imr-check-cache", metavar="DIR", help="The result cache directory.")
@click.option(
    "--engine",
    type=click.Choice(opt.ENGINES),
    default="local",
    help="local: processes on this machine; dask: a Dask cluster (the dask extra).",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="A running Dask scheduler, tcp://HOST:PORT, for --engine dask (else a local cluster starts).",
)
@opt.config
@opt.quiet
@opt.verbose
@click.pass_context
def check(ctx: click.Context, /, paths: tuple[str, ...], config: str | None, **values: Any) -> None:
    """Check letters and report every disputed item and flag.

    LETTERS are letter files (.txt or .pdf), directories (searched recursively for --glob) or
    - for standard input. Options not given come from the configuration file, if any.

    Example: imr-check --format sarif -o imr-check.sarif letters/
    """
    from checker.run import session

    given = opt.settings_values(ctx, values)
    opt.exit_with(lambda: session.check(session.build_settings(given, config), list(paths)))
