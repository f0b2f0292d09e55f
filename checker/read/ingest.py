"""Find letters: files, directories (recursively, by glob) and `-` for standard input."""

from __future__ import annotations

import errno
import fnmatch
import os
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

DEFAULT_GLOB = "*.txt,*.pdf"
DEFAULT_MAX_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Source:
    """One letter to check: its path as the user named it, and its bytes or why it has none."""

    path: str
    data: bytes | None = None
    error: str | None = None


class PathNotFound(Exception):
    """A path given on the command line does not exist: a usage error, not a bad letter."""


def find_letters(paths: Iterable[str], glob: str = DEFAULT_GLOB) -> Iterator[str]:
    """Expand paths into letter paths, in command-line order and sorted within directories.

    `glob` may list several patterns separated by commas (`*.txt,*.letter`). Symbolic links to
    directories are not followed, so a link loop cannot trap the walk.
    """
    patterns = [p.strip() for p in glob.split(",") if p.strip()]
    for path in paths:
        if path == "-":
            yield path
        elif os.path.isdir(path):
            yield from _walk(path, patterns)
        elif os.path.lexists(path):
            yield path
        else:
            raise PathNotFound(path)


def _walk(root: str, patterns: list[str]) -> Iterator[str]:
    found = []
    for directory, subdirs, files in os.walk(root, onerror=None, followlinks=False):
        subdirs.sort()
        for name in files:
            if any(fnmatch.fnmatch(name, pattern) for pattern in patterns):
                found.append(os.path.join(directory, name))
    found.sort()
    yield from found


def read_source(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Source:
    """Read one letter; an unreadable, special or oversized file becomes a Source with an error."""
    try:
        if path == "-":
            data = sys.stdin.buffer.read(max_bytes + 1)
        else:
            refusal = _not_a_regular_file(path)
            if refusal:
                return Source(path, error=refusal)
            with open(path, "rb") as handle:
                data = handle.read(max_bytes + 1)
    except OSError as error:
        return Source(path, error=f"cannot read: {_reason(error)}")
    if len(data) > max_bytes:
        return Source(
            path,
            error=f"file is larger than the {max_bytes:,}-byte limit for a letter (raise it with --max-bytes)",
        )
    return Source(path, data=data)


def _not_a_regular_file(path: str) -> str | None:
    """Why `path` is not a file to read, or None. Opening a FIFO would block the whole run."""
    try:
        mode = os.stat(path).st_mode
    except OSError as error:
        if error.errno == errno.ENOENT and os.path.islink(path):
            return f"cannot read: broken symbolic link (it points to {os.readlink(path)!r}, which does not exist)"
        raise
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "cannot read: a directory, not a letter"
    kind = "a named pipe (FIFO)" if stat.S_ISFIFO(mode) else "a device or socket"
    return f"cannot read: {kind}, not a regular file"


def _reason(error: OSError) -> str:
    if error.errno == errno.ELOOP:
        return "symbolic link loop (too many levels of symbolic links)"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    return error.strerror or str(error)
