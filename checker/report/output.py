"""Where a report goes: standard output, a device or pipe, or a file written atomically.

A report file is written to a temporary file in the same directory and moved over the target
with `os.replace` only once the report is complete, so a crash or an interrupt never leaves a
half-written report where CI would pick it up. Only a regular file (or nothing) is ever
replaced: a device or a named pipe (`/dev/null`, `/dev/stdout`) is written to directly, a
symbolic link is refused rather than followed or replaced, and so is one of the run's letters.
Every stream writes valid UTF-8 whatever text reaches it.
"""

from __future__ import annotations

import contextlib
import io
import os
import signal
import stat
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

# Names that mean this process's own standard streams, whatever they point at.
_STANDARD = {"-": 1, "/dev/stdout": 1, "/dev/fd/1": 1, "/proc/self/fd/1": 1, "/dev/stderr": 2, "/dev/fd/2": 2}


_STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}


class OutputRefused(Exception):
    """The report cannot go where it was asked to; the message says why."""


def check_output(path: str, inputs: Iterable[str], glob: str) -> None:
    """Refuse a report target that is a symbolic link to a file, one of the letters given, or a
    file the run would find as a letter (inside a folder being checked, matching `glob`): a
    report must neither overwrite a letter nor be read as one by the next run."""
    from checker.read.ingest import letter_patterns

    if path in _STANDARD:
        return
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        info = None
    except OSError as error:
        raise OutputRefused(f"cannot write the report to {path}: {error.strerror}") from None
    if info is not None and stat.S_ISLNK(info.st_mode):
        if not _is_special(Path(path)):
            raise OutputRefused(f"will not write the report to {path}: it is a symbolic link; name the file itself")
        return  # a link to a device or pipe: written straight through
    if info is not None and not stat.S_ISREG(info.st_mode):
        return
    target = os.path.realpath(path)
    patterns = letter_patterns(glob)
    for given in inputs:
        if given == "-":
            continue
        if os.path.isdir(given):
            folder = os.path.realpath(given)
            inside = os.path.commonpath([folder, target]) == folder
            if inside and any(p.match(os.path.basename(target)) for p in patterns):
                raise OutputRefused(
                    f"will not write the report to {path}: it lies in {given}, which is being checked, and its "
                    f"name matches {glob}, so it would be read as a letter; write it elsewhere or name it "
                    "another way (report.json, report.html)"
                )
        elif info is not None:
            with contextlib.suppress(OSError, ValueError):
                if os.path.samefile(given, path):
                    raise OutputRefused(f"will not write the report over {path}: it is one of the letters")


@contextlib.contextmanager
def report_stream(path: str | None) -> Iterator[TextIO]:
    """A text stream for the report: stdout for None or `-`, a device or pipe as it is, else an atomic file."""
    if path is None or path in _STANDARD:
        number = _STANDARD.get(path or "-", 1)
        stream = sys.stdout if number == 1 else sys.stderr
        if isinstance(stream, io.TextIOWrapper):
            # A file name that is not UTF-8 must not break the report (or the JSON in it).
            stream.reconfigure(errors="backslashreplace")
        yield stream
        stream.flush()
        return
    target = Path(path)
    if _is_special(target):
        with open(target, "w", encoding="utf-8", errors="backslashreplace", newline="") as stream:
            yield stream
        return
    with atomic_write(target) as stream:
        yield stream


def _is_special(target: Path) -> bool:
    """Whether `target` is a device, pipe or socket (followed through a link): written, never replaced."""
    try:
        mode = os.stat(target).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


@contextlib.contextmanager
def atomic_write(target: Path) -> Iterator[TextIO]:
    """Write `target` all at once: the old file (or none) stays until the new one is whole."""
    directory = target.parent if str(target.parent) else Path(".")
    # A stop signal between creating the temporary file and the cleanup below taking charge of
    # it would leave the file behind: stop signals wait until it is in charge.
    held = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
    temp_name = None
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
        with os.fdopen(handle, "w", encoding="utf-8", errors="backslashreplace", newline="") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp_name, _default_mode())
        os.replace(temp_name, target)
    except BaseException:
        if temp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp_name)
        raise
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _default_mode() -> int:
    """The mode a plain `open(..., "w")` would give: mkstemp makes files private (0600)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
