"""Check letters on a Dask distributed cluster (the optional `imr-check[dask]` extra).

`scheduler` is the address of a running scheduler (`tcp://host:8786`); without one, a local
cluster of `jobs` worker processes starts on the loopback interface and stops with the run.
Workers need imr-check installed (the same version) but not the letters: this process reads
each letter and sends its bytes in batches, so workers need no shared file system. The
rulebook is sent to every worker once. The cache, when on, is used here, where the files are.
Results come back in input order, as slim results, and render as a local run does.

On a worker each letter runs under its time limit, and PDFs are read by a helper process that
can be stopped (`pdfhelper`), so a hostile letter cannot take a worker down. Should a batch fail
all the same (a worker lost, a cluster that cancels it), its letters are sent again one by one,
and a letter that fails on its own gets an error saying why: the run goes on.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from dataclasses import replace

from checker.model import LetterResult, Problem
from checker.read.ingest import Source, read_source
from checker.run.worker import EngineUnavailable, LetterChecker, batches, in_order

# How long to keep trying a scheduler that does not answer: a wrong address or a stopped
# cluster fails the run in seconds, while a busy scheduler still has time to accept.
CONNECT_TIMEOUT = "4s"

_helpers = threading.local()  # each task thread of a worker has its own PDF helper


class DaskUnavailable(EngineUnavailable):
    """The dask extra is not installed, or the scheduler cannot be reached."""


def _check_sources(checker: LetterChecker, sources: list[Source]) -> list[LetterResult]:
    """Runs on a worker: check letters already read, in order."""
    from checker.run.pdfhelper import PdfHelper

    helper = getattr(_helpers, "pdf", None)
    if helper is None:
        helper = _helpers.pdf = PdfHelper(checker.limits)
    checker = replace(checker, read_pdf=helper)
    return [checker.check_source(source) for source in sources]


def check_on_dask(
    paths: list[str],
    checker: LetterChecker,
    jobs: int,
    scheduler: str | None = None,
    batch_size: int | None = None,
) -> Iterator[LetterResult]:
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise DaskUnavailable("the dask engine needs the dask extra: pip install 'imr-check[dask]'") from None
    cluster = None
    try:
        if scheduler:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT)
        else:
            cluster = LocalCluster(
                n_workers=max(jobs, 1),
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
            client = Client(cluster)
    except (OSError, TimeoutError, ValueError, TypeError) as error:
        raise DaskUnavailable(
            f"cannot reach the Dask scheduler {scheduler} within {CONNECT_TIMEOUT}: {error}"
        ) from None
    try:
        workers = max(len(client.scheduler_info().get("workers", {})), 1)
        remote = client.scatter(replace(checker, cache=None, slim=True), broadcast=True)
        yield from _run(client, remote, paths, checker, workers, batch_size)
    finally:
        if checker.cache is not None:
            checker.cache.close()
        client.close()
        if cluster is not None:
            cluster.close()


def _run(client, remote, paths, checker, workers, batch_size) -> Iterator[LetterResult]:  # type: ignore[no-untyped-def]
    cache = checker.cache

    def submit(batch: list[str]):  # type: ignore[no-untyped-def]
        sources = [read_source(path, checker.max_bytes) for path in batch]
        cached: dict[int, LetterResult] = {}
        keys: dict[int, str] = {}
        if cache is not None:
            for index, source in enumerate(sources):
                if source.data is not None:
                    keys[index] = cache.key(source.data, source.path)
                    hit = cache.get(keys[index], source.path)
                    if hit is not None:
                        cached[index] = hit
        todo = [s for i, s in enumerate(sources) if i not in cached]
        future = client.submit(_check_sources, remote, todo, pure=False) if todo else None
        return future, cached, keys, len(sources), todo

    def results(entry) -> list[LetterResult]:  # type: ignore[no-untyped-def]
        future, cached, keys, count, todo = entry
        fresh = iter(_gather(client, remote, future, todo) if future is not None else ())
        out = []
        for index in range(count):
            if index in cached:
                out.append(cached[index])
                continue
            result = next(fresh)
            if cache is not None and index in keys and not checker._hit_a_limit(result):
                cache.put(keys[index], result)
            out.append(result)
        return out

    submitted = (submit(batch) for batch in batches(paths, workers, batch_size))
    yield from in_order(submitted, workers * 4, results)


def _gather(client, remote, future, sources: list[Source]) -> list[LetterResult]:  # type: ignore[no-untyped-def]
    """A batch's results; when the batch failed, each letter sent again on its own."""
    try:
        return list(future.result())
    except Exception as error:  # a lost worker, a cancelled task: the letters are not to blame yet
        if len(sources) == 1:
            return [_failed(sources[0], error)]
    out = []
    for source in sources:
        single = client.submit(_check_sources, remote, [source], pure=False)
        try:
            out.extend(single.result())
        except Exception as error:
            out.append(_failed(source, error))
    return out


def _failed(source: Source, error: Exception) -> LetterResult:
    problem = Problem(f"the Dask worker checking this letter failed ({type(error).__name__}: {error})")
    return LetterResult(source.path, "error", errors=(problem,))
