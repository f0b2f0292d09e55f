"""Find letters: files, directories (recursively, by glob) and `-` for standard input."""

from __future__ import annotations

import fnmatch
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

DEFAULT_GLOB = "*.txt"
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

    Symbolic links to directories are not followed, so a link loop cannot trap the walk.
    """
    for path in paths:
        if path == "-":
            yield path
        elif os.path.isdir(path):
            yield from _walk(path, glob)
        elif os.path.lexists(path):
            yield path
        else:
            raise PathNotFound(path)


def _walk(root: str, glob: str) -> Iterator[str]:
    found = []
    for directory, subdirs, files in os.walk(root, onerror=None, followlinks=False):
        subdirs.sort()
        for name in files:
            if fnmatch.fnmatch(name, glob):
                found.append(os.path.join(directory, name))
    found.sort()
    yield from found


def read_source(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Source:
    """Read one letter; an unreadable or oversized file becomes a Source with an error."""
    try:
        if path == "-":
            data = sys.stdin.buffer.read(max_bytes + 1)
        else:
            with open(path, "rb") as handle:
                data = handle.read(max_bytes + 1)
    except OSError as error:
        return Source(path, error=f"cannot read: {error.strerror or error}")
    if len(data) > max_bytes:
        return Source(path, error=f"file is larger than the {max_bytes:,}-byte limit for a letter")
    return Source(path, data=data)
