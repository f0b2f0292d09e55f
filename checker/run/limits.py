"""The time and memory one letter may take, and how a letter is held to them.

Time: a letter that runs past `seconds` is stopped with `LetterTimeout` and becomes that
letter's error. In a process's main thread a real-time timer signal (SIGALRM) interrupts it;
in any other thread (a Dask worker's task thread) a watchdog thread raises the exception in it.
Either way the interruption lands between two Python steps: code stuck inside a C library is
stopped by its supervisor instead (the pool kills the worker, the PDF helper is killed), which
is why the one C library that reads hostile bytes, PDF extraction, runs only where it can be killed.

Memory: a worker process limits its own writable memory (`RLIMIT_DATA`: the heap and private
writable mappings) to what it had at start plus `memory`, so a letter that asks for more gets
MemoryError, or, inside C code, kills only its worker. Not the address space (`RLIMIT_AS`): the
PDF library reserves gigabytes of address space it never uses, and older builds of it crash at
start under any address-space limit a letter would need.
"""

from __future__ import annotations

import contextlib
import ctypes
import resource
import signal
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

DEFAULT_SECONDS = 30.0
DEFAULT_MEMORY_MB = 1024


class LetterTimeout(BaseException):
    """A letter ran past its time limit. A BaseException, so no `except Exception` swallows it."""


@dataclass(frozen=True)
class Limits:
    """What one letter may take: wall-clock seconds, and megabytes a worker may grow by."""

    seconds: float = DEFAULT_SECONDS
    memory_mb: int = DEFAULT_MEMORY_MB

    @property
    def hard_seconds(self) -> float:
        """When a supervisor stops waiting for a letter that ignored its timer (stuck in C code)."""
        return self.seconds * 1.5 + 2

    def timeout_message(self) -> str:
        return f"checking this letter took longer than the {self.seconds:g}-second limit (--time-limit); stopped"

    def memory_message(self) -> str:
        return f"checking this letter needed more than the {self.memory_mb:,} MB memory limit (--memory-limit); stopped"

    def death_message(self, what: str, how: str) -> str:
        """Why a letter has no result when the process working on it died (`how`: a signal's name)."""
        return (
            f"{what} died ({how}), most likely because it needed more than the {self.memory_mb:,} MB "
            "memory limit (--memory-limit); stopped"
        )


def limit_memory(megabytes: int) -> None:
    """Let this process's writable memory grow by at most `megabytes` from now on."""
    current = 0
    with contextlib.suppress(OSError, ValueError), open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmData:"):
                current = int(line.split()[1]) * 1024
    ceiling = current + megabytes * 1024 * 1024
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_DATA, (ceiling, ceiling))


def die_with_parent() -> None:
    """Ask Linux to kill this process when its parent dies, so no worker outlives its run."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise LetterTimeout in this thread if the block runs longer than `seconds`."""
    if seconds <= 0:
        yield
        return
    if threading.current_thread() is threading.main_thread():
        with _alarm(seconds):
            yield
    else:
        with _WATCHDOG.watch(seconds):
            yield


class _Alarm:
    """SIGALRM for this process's main thread: its handler is installed once, and raises only
    while a letter is being timed, so a stray signal after the letter harms nothing."""

    def __init__(self) -> None:
        self.armed = False

    def _fire(self, signum: int, frame: object) -> None:
        if self.armed:
            self.armed = False
            raise LetterTimeout

    @contextlib.contextmanager
    def __call__(self, seconds: float) -> Iterator[None]:
        if signal.getsignal(signal.SIGALRM) != self._fire:
            signal.signal(signal.SIGALRM, self._fire)
        self.armed = True
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield
        finally:
            self.armed = False
            signal.setitimer(signal.ITIMER_REAL, 0)


_alarm = _Alarm()


_SET_ASYNC_EXC = ctypes.pythonapi.PyThreadState_SetAsyncExc
_SET_ASYNC_EXC.argtypes = (ctypes.c_ulong, ctypes.py_object)
_CLEAR_ASYNC_EXC = ctypes.PYFUNCTYPE(ctypes.c_int, ctypes.c_ulong, ctypes.c_void_p)(
    ("PyThreadState_SetAsyncExc", ctypes.pythonapi)
)


class _Watchdog:
    """One thread that raises LetterTimeout in threads past their deadline."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._deadlines: dict[int, float] = {}
        self._thread: threading.Thread | None = None

    @contextlib.contextmanager
    def watch(self, seconds: float) -> Iterator[None]:
        ident = threading.get_ident()
        with self._lock:
            self._deadlines[ident] = time.monotonic() + seconds
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="imr-check letter watchdog", daemon=True)
                self._thread.start()
        try:
            yield
        finally:
            with self._lock:
                self._deadlines.pop(ident, None)
                _CLEAR_ASYNC_EXC(ident, None)  # a timeout raised too late must not hit the next letter

    def _run(self) -> None:
        while True:
            time.sleep(0.1)
            now = time.monotonic()
            with self._lock:
                for ident, deadline in list(self._deadlines.items()):
                    if now >= deadline:
                        del self._deadlines[ident]
                        _SET_ASYNC_EXC(ident, LetterTimeout)


_WATCHDOG = _Watchdog()
