"""`imr-check clean`: remove the caches, as `ruff clean` does."""

from typing import Annotated

import typer

from checker.cli import options as opt


def clean(
    ctx: typer.Context,
    cache_dir: Annotated[
        str, typer.Option("--cache-dir", metavar="DIR", help="The result cache directory to remove.")
    ] = opt.CACHE_DIR,
    config: opt.Config = None,
    quiet: opt.Quiet = False,
) -> None:
    """Remove the result cache and the cache of validated data files (their own files only).

    Example: imr-check clean
    """
    from checker.run import session

    given = opt.settings_values(ctx)
    opt.exit_with(lambda: session.clean(session.build_settings(given, config)))
