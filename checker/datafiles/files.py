"""Read a data file (configuration, rulebook, waivers, baseline): a regular file of bounded size.

Paths to these files come from the command line and from configuration files, which a
repository under review may hold. A device (`/dev/zero`), a named pipe (which would block the
run forever waiting for a writer) or a folder is refused before a byte is read, and so is a file
larger than any data file of this kind could be.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

MAX_DATA_BYTES = 16 * 1024 * 1024  # a rulebook, configuration or waivers file
MAX_BASELINE_BYTES = 512 * 1024 * 1024  # a baseline of millions of flags


def read_bytes(path: str | os.PathLike[str], limit: int = MAX_DATA_BYTES) -> bytes:
    """The file's bytes; raises OSError (with a reason a person can read) for anything else."""
    # O_NONBLOCK: opening a named pipe must not wait for a writer; it is refused just below.
    handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            kind = "a folder" if stat.S_ISDIR(info.st_mode) else "a device, pipe or socket"
            raise OSError(errno.EINVAL, f"not a regular file ({kind})", os.fspath(path))
        if info.st_size > limit:
            raise OSError(errno.EFBIG, f"larger than the {limit:,}-byte limit for such a file", os.fspath(path))
        chunks = []
        size = 0
        while True:
            chunk = os.read(handle, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise OSError(errno.EFBIG, f"larger than the {limit:,}-byte limit for such a file", os.fspath(path))
        return b"".join(chunks)
    finally:
        os.close(handle)


def read_text(path: str | os.PathLike[str], limit: int = MAX_DATA_BYTES) -> str:
    """The file as UTF-8 text; raises OSError or UnicodeDecodeError."""
    return read_bytes(path, limit).decode("utf-8")


def is_regular_file(path: Path) -> bool:
    """Whether `path` names a regular file (following links), without opening it."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False
