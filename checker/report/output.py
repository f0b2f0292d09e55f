"""Where a report goes: standard output, or a file written atomically.

A report file is written to a temporary file in the same directory and moved over the target
with `os.replace` only once the report is complete, so a crash or an interrupt never leaves a
half-written report where CI would pick it up.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO


@contextlib.contextmanager
def report_stream(path: str | None) -> Iterator[TextIO]:
    """A text stream for the report: stdout for None or `-`, else an atomic file at `path`."""
    if path is None or path == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    with atomic_write(Path(path)) as stream:
        yield stream


@contextlib.contextmanager
def atomic_write(target: Path) -> Iterator[TextIO]:
    """Write `target` all at once: the old file (or none) stays until the new one is whole."""
    directory = target.parent if str(target.parent) else Path(".")
    handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp_name, _default_mode())
        os.replace(temp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise


def _default_mode() -> int:
    """The mode a plain `open(..., "w")` would give: mkstemp makes files private (0600)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
