"""Run the checker over many letters and hand each result to a report format in input order.

One process (`jobs=1`) checks letters in turn. More jobs start a process pool (`pool`) or send
batches to a Dask cluster (`dask_engine`); either way results come back in input order and
render byte for byte as the one-process run does. With a cache (`resultcache`), a letter whose
bytes, rulebook and tool are unchanged is not checked again. Every letter is checked under the
limits of one letter (`limits`); in this process, PDFs are read by a helper process
(`pdfhelper`) that can be stopped. `run_options` turns a run's settings into the engine, jobs,
cache and limits.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import Any

from checker.model import LetterResult
from checker.read.ingest import DEFAULT_MAX_BYTES
from checker.rulebook.book import Rulebook
from checker.run.limits import Limits
from checker.run.resultcache import ResultCache, fingerprint
from checker.run.settings import Settings
from checker.run.worker import EngineUnavailable, LetterChecker

# Below this many letters per worker a pool costs more to start than it saves.
MIN_LETTERS_PER_WORKER = 8


def default_jobs() -> int:
    """The CPUs this process may run on."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def check_paths(
    paths: Iterable[str],
    rulebook: Rulebook,
    max_bytes: int = DEFAULT_MAX_BYTES,
    *,
    jobs: int = 1,
    cache: ResultCache | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    batch_size: int | None = None,
    limits: Limits | None = None,
) -> Iterator[LetterResult]:
    """Check each letter path; every path yields exactly one result, in input order.

    Worker processes start here, not on the first result, so they fork before a caller starts
    threads of its own (a progress bar).
    """
    checker = LetterChecker(rulebook, max_bytes, cache, limits=limits or Limits())
    if cache is not None:
        cache.prepare()  # here, so what is wrong with it is known before any worker starts
    if engine == "dask":
        from checker.run.dask_engine import check_on_dask

        return check_on_dask(list(paths), checker, jobs, scheduler, batch_size)
    paths = list(paths)
    workers = min(jobs, len(paths) // MIN_LETTERS_PER_WORKER)
    if workers <= 1 or "-" in paths:  # standard input belongs to this process
        return _in_this_process(paths, checker)
    from checker.run.pool import check_in_pool

    if cache is not None:
        cache.close()  # each worker opens its own connection
    return check_in_pool(paths, checker, workers, batch_size)


def _in_this_process(paths: list[str], checker: LetterChecker) -> Iterator[LetterResult]:
    from dataclasses import replace

    from checker.run.pdfhelper import PdfHelper

    helper = PdfHelper(checker.limits)
    checker = replace(checker, read_pdf=helper)
    try:
        for path in paths:
            yield checker.check_path(path)
    finally:
        helper.close()
        if checker.cache is not None:
            checker.cache.close()


def run_options(rulebook: Rulebook, settings: Settings) -> dict[str, Any]:
    """Keyword arguments for `runner.check_paths`; raises EngineUnavailable."""
    if settings.engine == "dask":
        try:
            import dask.distributed  # noqa: F401
        except ImportError:
            raise EngineUnavailable("--engine dask needs the dask extra: pip install 'imr-check[dask]'") from None
    cache = None
    if settings.cache and not os.environ.get("IMR_CHECK_NO_CACHE"):
        cache = ResultCache(settings.cache_dir, fingerprint(rulebook))
    return {
        "jobs": settings.jobs or default_jobs(),
        "cache": cache,
        "engine": settings.engine,
        "scheduler": settings.scheduler,
        "limits": Limits(settings.time_limit, settings.memory_limit),
    }
