"""Check letters in supervised worker processes, batch by batch, results in input order.

Each worker gets the rulebook (with the grammars compiled) once, when it starts; batches carry
paths, not letter text, and come back as slim results. Where this process has no other threads
the workers fork, so they inherit what is already loaded; otherwise (a progress bar's thread, a
library caller with threads) a new worker starts a fresh interpreter and loads the pickled checker.

Every worker runs under the limits of one letter (`limits`): it caps its own memory, and it
writes which letter it is on, and since when, to memory this process reads. A worker that
dies (a PDF that exhausts its memory inside C code) or runs past the hard time limit (this
process kills it) costs that one letter an error; the letters of its batch before and after it
are checked again by a fresh worker, and the run goes on. Nothing outlives the run: workers are
killed when it stops for any reason, and die with this process.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import signal
import threading
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection, wait
from typing import Any

from checker.model import LetterResult, Problem
from checker.run.limits import die_with_parent, limit_memory
from checker.run.worker import LetterChecker, batches

# Worker deaths in a row with no letter in progress before the pool gives up.
MAX_STARTUP_FAILURES = 3
# Held back while a worker forks: a stop raised inside Python's fork handlers would be lost.
_STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}


class PoolFailed(RuntimeError):
    """Worker processes cannot be started here."""


def warm_up() -> None:
    """Compile the grammars now, not inside the first letter."""
    from checker.parse.grammars import line_parser, load

    for name in ("letter.lark", "treatment.lark", "citation.lark"):
        load(name)
    line_parser("letter.lark")


@dataclass
class _Job:
    seq: int  # the batch's place in the input
    indices: list[int]  # which letters of the batch this job checks
    paths: list[str]


def _serve(connection: Connection, checker: LetterChecker, slot: int, progress: Any) -> None:
    """A worker's life: check each batch it is sent, saying which letter it is on."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the run stops its workers itself
    for name in ("SIGTERM", "SIGHUP"):
        signal.signal(getattr(signal, name), signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)
    die_with_parent()
    limit_memory(checker.limits.memory_mb)
    warm_up()
    cache = checker.cache
    clock = time.monotonic
    at, since = 2 * slot, 2 * slot + 1
    while True:
        try:
            paths = connection.recv()
        except (EOFError, OSError):
            break
        if paths is None:
            break
        results = []
        for index, path in enumerate(paths):
            progress[at] = index
            progress[since] = clock()
            results.append(checker.check_path(path))
        progress[since] = 0.0
        if cache is not None:
            cache.flush()
        connection.send(results)
    if cache is not None:
        cache.close()


class _Worker:
    def __init__(self, checker: LetterChecker, slot: int, progress: Any) -> None:
        method = (
            "fork" if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1 else "spawn"
        )
        context: Any = multiprocessing.get_context(method)
        progress[2 * slot + 1] = 0.0
        parent, child = context.Pipe()
        self.process = context.Process(
            target=_serve, args=(child, checker, slot, progress), name=f"imr-check worker {slot}", daemon=True
        )
        held = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
        try:
            self.process.start()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
        child.close()
        self.connection = parent
        self.slot = slot
        self.jobs: deque[_Job] = deque()
        self.overdue = False  # killed by this process for running past the hard time limit


class _Pool:
    def __init__(self, checker: LetterChecker, workers: int) -> None:
        self.checker = checker
        self.limits = checker.limits
        # Per worker: the index of the letter in progress in its current batch, and since when (0: idle).
        self.progress = multiprocessing.Array("d", 2 * workers, lock=False)
        self.workers = [_Worker(checker, slot, self.progress) for slot in range(workers)]
        self.queue: deque[_Job] = deque()
        self.failures = 0

    def run(self, paths: list[str], batch_size: int | None) -> Iterator[LetterResult]:
        cut = list(batches(paths, len(self.workers), batch_size))
        results: list[list[LetterResult | None]] = [[None] * len(batch) for batch in cut]
        missing = [len(batch) for batch in cut]
        window = len(self.workers) * 4
        queued = 0  # batches handed to the queue so far
        for seq in range(len(cut)):
            while queued < len(cut) and queued < seq + window:
                self.queue.append(_Job(queued, list(range(len(cut[queued]))), cut[queued]))
                queued += 1
            while missing[seq]:
                self._dispatch()
                for job, checked in self._collect():
                    for index, result in zip(job.indices, checked, strict=True):
                        results[job.seq][index] = result
                    missing[job.seq] -= len(checked)
            done, results[seq] = results[seq], []
            for found in done:
                if found is None:  # pragma: no cover - every index is filled before missing reaches 0
                    raise RuntimeError("a letter's result went missing")
                yield found

    def _dispatch(self) -> None:
        """Give each worker up to two jobs, so it never waits for the next."""
        for worker in self.workers:
            while self.queue and len(worker.jobs) < 2:
                job = self.queue.popleft()
                worker.jobs.append(job)
                try:
                    worker.connection.send(job.paths)
                except OSError:
                    break  # it died: its sentinel says so, and its jobs are queued again

    def _collect(self) -> Iterator[tuple[_Job, list[LetterResult]]]:
        busy = [w for w in self.workers if w.jobs]
        waiting: dict[Any, _Worker] = {}
        for worker in busy:
            waiting[worker.connection] = worker
            waiting[worker.process.sentinel] = worker
        ready = wait(list(waiting), timeout=self._until_overdue(busy))
        for handle in ready:
            worker = waiting[handle]
            if isinstance(handle, int) or not worker.jobs:
                continue  # a sentinel: the worker died, handled below
            try:
                found: list[LetterResult] = worker.connection.recv()
            except (EOFError, OSError):
                continue  # its sentinel says it died
            self.failures = 0
            yield worker.jobs.popleft(), found
        for worker in busy:
            if not worker.process.is_alive() or worker.overdue:
                yield from self._replace(worker)
        self._kill_overdue(busy)

    def _until_overdue(self, busy: list[_Worker]) -> float:
        now = time.monotonic()
        soonest = 1.0
        for worker in busy:
            since = self.progress[2 * worker.slot + 1]
            if since:
                soonest = min(soonest, since + self.limits.hard_seconds - now)
        return max(soonest, 0.0)

    def _kill_overdue(self, busy: list[_Worker]) -> None:
        now = time.monotonic()
        for worker in busy:
            since = self.progress[2 * worker.slot + 1]
            if since and now - since > self.limits.hard_seconds and worker.process.is_alive():
                worker.overdue = True
                worker.process.kill()

    def _replace(self, worker: _Worker) -> Iterator[tuple[_Job, list[LetterResult]]]:
        """Take what a dead worker sent, give its letter in progress an error, queue the rest again."""
        while worker.jobs:
            try:
                found: list[LetterResult] | None = worker.connection.recv() if worker.connection.poll() else None
            except (EOFError, OSError):
                break
            if found is None:
                break
            yield worker.jobs.popleft(), found
        worker.process.join()
        since = self.progress[2 * worker.slot + 1]
        index = int(self.progress[2 * worker.slot]) if since else None
        retry = list(worker.jobs)
        if index is not None and retry:
            job = retry.pop(0)
            problem = Problem(self._death(worker))
            yield (
                replace(job, indices=[job.indices[index]], paths=[job.paths[index]]),
                [LetterResult(job.paths[index], "error", errors=(problem,))],
            )
            rest = [i for i in range(len(job.paths)) if i != index]
            if rest:
                retry.insert(0, _Job(job.seq, [job.indices[i] for i in rest], [job.paths[i] for i in rest]))
            self.failures = 0
        else:
            self.failures += 1
            if self.failures > MAX_STARTUP_FAILURES:
                raise PoolFailed(
                    f"worker processes keep dying before they check a letter (exit {worker.process.exitcode})"
                )
        self.queue.extendleft(reversed(retry))
        worker.connection.close()
        self.workers[self.workers.index(worker)] = _Worker(self.checker, worker.slot, self.progress)

    def _death(self, worker: _Worker) -> str:
        if worker.overdue:
            return self.limits.timeout_message()
        code = worker.process.exitcode
        how = f"exit status {code}"
        if code is not None and code < 0:
            how = signal.Signals(-code).name if -code in signal.valid_signals() else f"signal {-code}"
        return self.limits.death_message("the worker process checking this letter", how)

    def stop(self, finished: bool) -> None:
        """End every worker: politely after a finished run, at once after an interrupted one."""
        for worker in self.workers:
            if finished:
                with contextlib.suppress(OSError):
                    worker.connection.send(None)
            else:
                worker.process.kill()
        deadline = time.monotonic() + 5
        for worker in self.workers:
            worker.process.join(max(deadline - time.monotonic(), 0))
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.connection.close()


def check_in_pool(
    paths: list[str], checker: LetterChecker, workers: int, batch_size: int | None = None
) -> Iterator[LetterResult]:
    """Start the workers now (while this process may still fork safely); results come lazily."""
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        warm_up()  # once here, inherited by every worker
    pool = _Pool(replace(checker, slim=True), workers)
    return _results(pool, paths, batch_size)


def _results(pool: _Pool, paths: list[str], batch_size: int | None) -> Iterator[LetterResult]:
    finished = False
    try:
        yield from pool.run(paths, batch_size)
        finished = True
    finally:
        pool.stop(finished)
