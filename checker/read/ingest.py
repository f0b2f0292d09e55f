"""Find letters: files, directories (recursively, by glob) and `-` for standard input."""

from __future__ import annotations

import errno
import fnmatch
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

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

    `glob` may list several patterns separated by commas (`*.txt,*.letter`); they match names
    in any case (`*.pdf` finds `LETTER.PDF`). Symbolic links to directories are not followed, so
    a link loop cannot trap the walk. A directory that cannot be listed is yielded itself, so it
    becomes an error of its own.
    """
    patterns = letter_patterns(glob)
    for path in paths:
        if path == "-":
            yield path
        elif os.path.isdir(path):
            yield from _walk(path, patterns)
        elif os.path.lexists(path):
            yield path
        else:
            raise PathNotFound(path)


def letter_patterns(glob: str) -> list[re.Pattern[str]]:
    """The comma-separated file patterns of `glob`, compiled to match names in any case."""
    return [re.compile(fnmatch.translate(p.strip()), re.IGNORECASE) for p in glob.split(",") if p.strip()]


def _walk(root: str, patterns: list[re.Pattern[str]]) -> Iterator[str]:
    found = []
    unreadable: list[str] = []

    def refused(error: OSError) -> None:
        if error.filename is not None:
            unreadable.append(os.fsdecode(error.filename))

    for directory, subdirs, files in os.walk(root, onerror=refused, followlinks=False):
        subdirs.sort()
        for name in files:
            if any(pattern.match(name) for pattern in patterns):
                found.append(os.path.join(directory, name))
    found.extend(unreadable)
    found.sort()
    yield from found


def read_source(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Source:
    """Read one letter; an unreadable, special or oversized file becomes a Source with an error."""
    try:
        if path == "-":
            if sys.stdin is None or sys.stdin.closed:
                return Source(path, error="cannot read: standard input is closed")
            data = _read_stream(sys.stdin.buffer, max_bytes + 1)
        else:
            refusal = _not_a_regular_file(path)
            if refusal:
                return Source(path, error=refusal)
            with open(path, "rb") as handle:
                size = os.fstat(handle.fileno()).st_size
                if size > max_bytes:
                    return _too_large(path, max_bytes)
                # Read no more than the file holds: a huge limit must not allocate a huge buffer.
                data = handle.read(size + 1)
                if len(data) > size:  # it grew while being read
                    data += handle.read(max_bytes + 1 - len(data))
    except (OSError, ValueError) as error:
        reason = _reason(error) if isinstance(error, OSError) else str(error)
        if path == "-" and getattr(error, "errno", None) == errno.EBADF:
            reason = "standard input is closed"
        return Source(path, error=f"cannot read: {reason}")
    if len(data) > max_bytes:
        return _too_large(path, max_bytes)
    return Source(path, data=data)


def _read_stream(stream: BinaryIO, limit: int) -> bytes:
    """Up to `limit` bytes, a megabyte at a time: a large limit allocates nothing up front."""
    chunks: list[bytes] = []
    size = 0
    while size < limit:
        chunk = stream.read(min(1 << 20, limit - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def printable_path(path: str) -> str:
    """`path` as reports show it: a name that is not valid UTF-8 (its bytes kept as surrogates)
    gets each such byte written as `\\xNN`, so every report stays valid UTF-8."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        try:
            return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        except UnicodeEncodeError:  # a lone surrogate no file name decodes to
            return path.encode("utf-8", "backslashreplace").decode("utf-8")
    return path


def _too_large(path: str, max_bytes: int) -> Source:
    return Source(
        path, error=f"file is larger than the {max_bytes:,}-byte limit for a letter (raise it with --max-bytes)"
    )


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
        try:
            os.listdir(path)
        except OSError as error:
            return f"cannot read the folder: {_reason(error)}; its letters were not checked"
        return "cannot read: a directory, not a letter"
    kind = "a named pipe (FIFO)" if stat.S_ISFIFO(mode) else "a device or socket"
    return f"cannot read: {kind}, not a regular file"


def _reason(error: OSError) -> str:
    if error.errno == errno.ELOOP:
        return "symbolic link loop (too many levels of symbolic links)"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    return error.strerror or str(error)
