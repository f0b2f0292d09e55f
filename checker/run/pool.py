"""Check letters in a pool of worker processes, batch by batch, results in input order.

Each worker gets the rulebook (with the grammars compiled) once, in its initializer; batches
carry paths, not letter text, and come back as slim results. Where this process has no other
threads the pool forks, so workers inherit what is already loaded; otherwise (a library caller
with threads) it uses a fresh interpreter per worker, which loads the rulebook from the pickled
checker.
"""

from __future__ import annotations

import itertools
import multiprocessing
import threading
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import replace

from checker.model import LetterResult
from checker.run.worker import LetterChecker, batches, in_order

# What this worker process checks with, set once by its initializer.
_worker: dict[str, LetterChecker] = {}


def _start_worker(checker: LetterChecker) -> None:
    _worker["checker"] = checker
    warm_up()


def warm_up() -> None:
    """Compile the grammars now, not inside the first letter."""
    from checker.parse.grammars import line_parser, load

    for name in ("letter.lark", "treatment.lark", "citation.lark"):
        load(name)
    line_parser("letter.lark")


def _check_batch(paths: list[str]) -> list[LetterResult]:
    checker = _worker["checker"]
    return [checker.check_path(path) for path in paths]


def check_in_pool(
    paths: list[str], checker: LetterChecker, workers: int, batch_size: int | None = None
) -> Iterator[LetterResult]:
    methods = multiprocessing.get_all_start_methods()
    method = "fork" if "fork" in methods and threading.active_count() == 1 else "spawn"
    if method == "fork":
        warm_up()  # once here, inherited by every worker
    context = multiprocessing.get_context(method)
    pool = ProcessPoolExecutor(
        workers, mp_context=context, initializer=_start_worker, initargs=(replace(checker, slim=True),)
    )
    submitted = (pool.submit(_check_batch, batch) for batch in batches(paths, workers, batch_size))
    # The first submission starts every worker: now, while this process may still fork safely.
    first = next(submitted)
    return _results(pool, itertools.chain([first], submitted), workers * 4)


def _results(
    pool: ProcessPoolExecutor, submitted: Iterator[Future[list[LetterResult]]], window: int
) -> Iterator[LetterResult]:
    try:
        yield from in_order(submitted, window, Future.result)
    finally:
        pool.shutdown(cancel_futures=True)
