"""`imr-check clean`: remove the caches, as `ruff clean` does."""

from __future__ import annotations

from typing import Any

import click

from checker.cli import options as opt


@click.command("clean", short_help="Remove the result cache and the cache of validated data files.")
@click.option("--cache-dir", default=".imr-check-cache", metavar="DIR", help="The result cache directory to remove.")
@opt.config
@opt.quiet
@click.pass_context
def clean(ctx: click.Context, /, config: str | None, **values: Any) -> None:
    """Remove the result cache (.imr-check-cache) and the cache of validated data files.

    Example: imr-check clean
    """
    from checker.run import session

    given = opt.settings_values(ctx, values)
    opt.exit_with(lambda: session.clean(session.build_settings(given, config)))
