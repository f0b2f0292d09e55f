"""The result cache: a letter checked before, with the same rulebook and tool, is not checked again.

One SQLite file (`results.sqlite3`, write-ahead log) in a private folder: by default under the
user's cache folder, never in the folder being checked. An entry is found by a digest of the
run's fingerprint (tool version, the tool's own code, grammar and rulebook files, rulebook name
and version, options that change results), the letter's file suffix (which decides PDF or text
decoding) and the letter's bytes. It holds the slim result (see `codec`) as compact JSON, without
the path, so a copied or renamed letter hits too, and a signature made with the user's secret
key (`datafiles.private`). An entry is used only when its signature checks out and it decodes
into a result of the model's own types; anything else is a miss and is rewritten.

Entries are written in batches, one transaction per batch, so writing costs a few microseconds
a letter. A cache that cannot be opened safely (a folder others may write, a linked file, a
file that is not this cache's database) or written (a full disk) only costs time: the run goes
on without it and says why once.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from checker.datafiles import private
from checker.datafiles.files import read_bytes
from checker.model import LetterResult
from checker.run.codec import BadData, decode, encode
from checker.version import __version__

FILE_NAME = "results.sqlite3"
# Bumped when the entry layout changes, so old entries read as foreign.
FORMAT = 3
# Entries kept in memory before one transaction writes them.
BATCH = 256
_PACKAGE = Path(__file__).resolve().parent.parent  # the checker package
_SCHEMA = (
    (
        "table",
        "entries",
        "CREATE TABLE entries (key BLOB PRIMARY KEY, body BLOB NOT NULL, mac BLOB NOT NULL) WITHOUT ROWID",
    ),
)
_SIDECARS = ("", "-wal", "-shm", "-journal")


def default_directory() -> Path:
    return private.user_cache_dir() / "results"


def fingerprint(rulebook: object, options: Iterable[str] = (), files: Iterable[Path] = ()) -> str:
    """What a cached result depends on besides the letter itself."""
    from checker.datafiles.resources import data_dir

    digest = hashlib.sha256(f"imr-check {__version__} cache {FORMAT}\n".encode())
    name = getattr(rulebook, "name", "")
    version = getattr(rulebook, "version", "")
    digest.update(f"rulebook {name} {version}\n".encode())
    # How it was loaded: extra rule files, rules turned off, severities overridden.
    digest.update(f"spec {getattr(rulebook, 'spec', None)!r}\n".encode())
    for option in options:
        digest.update(f"option {option}\n".encode())
    # The code and data that make a result; a development checkout changes them without a new version.
    sources = sorted(_PACKAGE.rglob("*.py"))
    for folder in ("grammar", "rules"):
        with contextlib.suppress(FileNotFoundError):
            sources += sorted(p for p in data_dir(folder).rglob("*") if p.is_file())
    sources += [Path(f) for f in getattr(rulebook, "sources", ())]
    sources += list(files)
    for path in sources:
        digest.update(f"file {path.name}\n".encode())
        try:
            digest.update(hashlib.sha256(read_bytes(path)).digest())
        except OSError:
            digest.update(b"unreadable")
    return digest.hexdigest()


def suffix_of(path: str) -> str:
    """The part of a letter's name that changes how it is read (`.pdf` or anything else)."""
    return os.path.splitext(path)[1].lower()


class ResultCache:
    """Results by letter content in `directory`, for one fingerprint, signed with the user's key.

    Safe to hand to worker processes: each process opens its own connection on first use.
    """

    def __init__(self, directory: str | os.PathLike[str] | None, run_fingerprint: str) -> None:
        self.directory = Path(directory) if directory is not None else default_directory()
        self.fingerprint = run_fingerprint.encode()
        self.problem: str | None = None  # why the cache is off, said once by the run
        self._key: bytes | None = None
        self._connection: sqlite3.Connection | None = None
        self._owner = 0  # the process that opened the connection
        self._pending: list[tuple[bytes, bytes, bytes]] = []
        self._empty = False  # the cache held no entry when opened: a first run looks nothing up

    def __getstate__(self) -> dict[str, object]:
        return {**self.__dict__, "_connection": None, "_owner": 0, "_pending": [], "_empty": False}

    def prepare(self) -> bool:
        """Open the cache now; False (and `problem` says why) when it cannot be used."""
        return self._open() is not None

    def key(self, data: bytes, path: str = "") -> bytes:
        digest = hashlib.blake2b(self.fingerprint, digest_size=32)
        digest.update(b"\0" + suffix_of(path).encode("utf-8", "surrogateescape") + b"\0")
        digest.update(data)
        return digest.digest()

    def get(self, key: bytes, path: str) -> LetterResult | None:
        """The cached result for `key` with `path` put back, or None (missing, forged, damaged)."""
        connection = self._open()
        if connection is None or self._key is None or self._empty:
            return None
        try:
            row = connection.execute("SELECT body, mac FROM entries WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error as error:
            self._fail(f"cannot read: {error}")
            return None
        if row is None:
            return None
        body, mac = row
        if not isinstance(body, bytes) or not isinstance(mac, bytes) or not private.verify(self._key, mac, key, body):
            return None
        try:
            result = decode(body)
        except BadData:
            return None
        return dataclasses.replace(result, path=path)

    def put(self, key: bytes, result: LetterResult) -> None:
        """Keep `result`; written with the next batch."""
        if self._open() is None or self._key is None:
            return
        try:
            body = encode(result)
        except (TypeError, ValueError):
            return
        self._pending.append((key, body, private.sign(self._key, key, body)))
        if len(self._pending) >= BATCH:
            self.flush()

    def flush(self) -> None:
        """Write the entries kept so far in one transaction."""
        if not self._pending or self._connection is None:
            self._pending.clear()
            return
        pending, self._pending = self._pending, []
        try:
            with self._connection:
                self._connection.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?, ?)", pending)
        except sqlite3.Error as error:  # a full disk, a locked file: the next run checks these again
            self._fail(f"cannot write: {error}")

    def close(self) -> None:
        self.flush()
        if self._connection is not None and self._owner == os.getpid():
            with contextlib.suppress(sqlite3.Error):
                self._connection.close()
        self._connection = None

    def _fail(self, problem: str) -> None:
        self.problem = self.problem or f"result cache {self.directory / FILE_NAME}: {problem}; running without it"
        with contextlib.suppress(sqlite3.Error):
            if self._connection is not None and self._owner == os.getpid():
                self._connection.close()
        self._connection = None
        self._pending.clear()

    def _open(self) -> sqlite3.Connection | None:
        if self._connection is not None and self._owner == os.getpid():
            return self._connection
        if self.problem is not None:
            return None
        self._connection = None  # inherited from the parent process: never used here
        self._key = private.secret()
        if self._key is None:
            self.problem = f"no private key for the result cache under {private.user_cache_dir()}; running without it"
            return None
        try:
            self._connection = _connect(self.directory)
        except (OSError, sqlite3.Error) as error:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
            self.problem = f"result cache {self.directory}: {reason}; running without it"
            return None
        self._owner = os.getpid()
        try:
            self._empty = self._connection.execute("SELECT 1 FROM entries LIMIT 1").fetchone() is None
        except sqlite3.Error as error:
            self._fail(f"cannot read: {error}")
        return self._connection


def _connect(directory: Path) -> sqlite3.Connection:
    """A connection to the cache database, opened only where nobody else can have planted files."""
    folder = private.private_dir(directory)
    for marker, text in (
        ("CACHEDIR.TAG", "Signature: 8a477f597d28d172789f06886806bc55\n# imr-check result cache\n"),
        (".gitignore", "# created by imr-check\n*\n"),
    ):
        with contextlib.suppress(OSError):
            private.create_new(folder / marker, text.encode(), 0o644)
    database = folder / FILE_NAME
    for sidecar in _SIDECARS:
        if not private.check_own_file(Path(f"{database}{sidecar}")):
            raise private.Untrusted(0, f"{database.name}{sidecar} is a link or not this user's file")
    connection = sqlite3.connect(database, timeout=10, isolation_level=None, check_same_thread=False)
    try:
        connection.isolation_level = "DEFERRED"
        connection.execute("PRAGMA trusted_schema = OFF")
        connection.execute("PRAGMA cell_size_check = ON")
        objects = connection.execute("SELECT type, name, sql FROM sqlite_master").fetchall()
        if not objects:
            with connection:
                connection.execute(_SCHEMA[0][2])
        elif sorted(objects, key=repr) != sorted(_SCHEMA, key=repr):
            raise sqlite3.DatabaseError("not an imr-check result cache (delete it to start a new one)")
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = NORMAL")
    except BaseException:
        connection.close()
        raise
    return connection


def remove_cache(directory: str | os.PathLike[str]) -> bool:
    """Delete the cache's own files in `directory` (and the folder, once empty); True if any went."""
    folder = Path(directory)
    removed = False
    for name in [*(f"{FILE_NAME}{sidecar}" for sidecar in _SIDECARS), "CACHEDIR.TAG", ".gitignore"]:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(folder / name)
            removed = True
    with contextlib.suppress(OSError):
        folder.rmdir()
    return removed
