"""How a run executes: worker processes, engine and result cache, from its settings."""

from __future__ import annotations

import os
from typing import Any

from checker.rulebook.book import Rulebook
from checker.run.resultcache import DEFAULT_DIRECTORY, ResultCache, fingerprint
from checker.run.settings import Settings


class EngineUnavailable(Exception):
    """The engine the settings ask for cannot run here."""


def run_options(rulebook: Rulebook, settings: Settings) -> dict[str, Any]:
    """Keyword arguments for `runner.check_paths`; raises EngineUnavailable."""
    from checker.run.runner import default_jobs

    if settings.engine == "dask":
        try:
            import dask.distributed  # noqa: F401
        except ImportError:
            raise EngineUnavailable("--engine dask needs the dask extra: pip install 'imr-check[dask]'") from None
    cache = None
    if settings.cache and not os.environ.get("IMR_CHECK_NO_CACHE"):
        cache = ResultCache(settings.cache_dir or DEFAULT_DIRECTORY, fingerprint(rulebook))
    return {
        "jobs": settings.jobs or default_jobs(),
        "cache": cache,
        "engine": settings.engine,
        "scheduler": settings.scheduler,
    }
