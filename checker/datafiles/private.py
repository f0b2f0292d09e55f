"""What the caches trust: a folder only this user can write, and a secret key kept outside any repository.

A cache is only as trustworthy as whoever could write it. Entries are signed with a key that
lives under the user's cache folder (`~/.cache/imr-check/key`, mode 0600) or comes from the
`IMR_CHECK_CACHE_KEY` environment variable (a CI secret), never from the folder being checked,
so an entry planted in a repository, edited or copied from another user fails its signature
and is ignored. Files are created without following symbolic links, so a link planted in a
cache folder cannot make a write land elsewhere.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import hmac
import os
import secrets
import stat
import tempfile
from functools import cache
from pathlib import Path

KEY_ENV = "IMR_CHECK_CACHE_KEY"
_KEY_BYTES = 32


class Untrusted(OSError):
    """A cache folder or file that someone other than this user could have written."""


def user_cache_dir() -> Path:
    """`$XDG_CACHE_HOME/imr-check`, or `~/.cache/imr-check`."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "imr-check"


def private_dir(path: Path) -> Path:
    """Create `path` (mode 0700) or check an existing one; raises Untrusted or OSError.

    The folder itself must not be a symbolic link, must belong to this user and must not be
    writable by anyone else, so nobody else can plant or swap files in it. Its parents may be
    links (a linked ~/.cache is common).
    """
    os.makedirs(path, mode=0o700, exist_ok=True)
    info = os.lstat(path)
    if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode):
        raise Untrusted(errno.ENOTDIR, "not a plain folder (a symbolic link or a file)", str(path))
    if info.st_uid != os.getuid():
        raise Untrusted(errno.EPERM, "belongs to another user", str(path))
    if info.st_mode & 0o022:
        raise Untrusted(errno.EPERM, "others may write in it (chmod go-w)", str(path))
    return path


def check_own_file(path: Path) -> bool:
    """True when `path` does not exist, or is a regular file of this user with one link.

    A symbolic or hard link would let a write through it change another file.
    """
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return True
    return stat.S_ISREG(info.st_mode) and info.st_uid == os.getuid() and info.st_nlink == 1


def create_new(path: Path, data: bytes, mode: int = 0o600) -> bool:
    """Write a file that does not exist yet, never through a link; False when it exists."""
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, mode)
    except FileExistsError:
        return False
    try:
        os.write(handle, data)
    except BaseException:
        os.close(handle)
        os.unlink(path)
        raise
    os.close(handle)
    return True


def replace_file(folder: Path, name: str, data: bytes) -> None:
    """Write `folder/name` whole: a private temporary file, then a rename over the name.

    The temporary file is removed whatever fails (a full disk leaves nothing behind).
    """
    handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, folder / name)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def read_own_file(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of this user, opened without following a link; raises OSError."""
    handle = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid():
            raise Untrusted(errno.EPERM, "not a regular file of this user", str(path))
        if info.st_mode & 0o077:
            raise Untrusted(errno.EPERM, "readable or writable by others (chmod 600)", str(path))
        return os.read(handle, limit)
    finally:
        os.close(handle)


@cache
def secret() -> bytes | None:
    """The key that signs cache entries, or None when there is none to be had (no cache then).

    `IMR_CHECK_CACHE_KEY` wins, so CI jobs that share a cache can share a key kept as a
    secret; otherwise a random key is made once and kept under the user's cache folder.
    """
    given = os.environ.get(KEY_ENV)
    if given:
        return hashlib.blake2b(given.encode("utf-8", "surrogateescape"), digest_size=_KEY_BYTES).digest()
    try:
        folder = private_dir(user_cache_dir())
        path = folder / "key"
        if not path.exists() and not os.path.islink(path):
            create_new(path, secrets.token_bytes(_KEY_BYTES))
        key = read_own_file(path, 4096)
    except OSError:
        return None
    return key if len(key) >= 16 else None


def sign(key: bytes, *parts: bytes) -> bytes:
    """A keyed digest of `parts` (each length-prefixed, so no two splits of the bytes collide)."""
    digest = hashlib.blake2b(key=key, digest_size=32)
    for part in parts:
        digest.update(len(part).to_bytes(8, "little"))
        digest.update(part)
    return digest.digest()


def verify(key: bytes, mac: bytes, *parts: bytes) -> bool:
    return hmac.compare_digest(mac, sign(key, *parts))
