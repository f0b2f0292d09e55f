"""Remember data files that passed their schema, so an unchanged file is not validated again.

Loading the rulebook means parsing YAML and validating it against JSON Schemas: most of the
time `imr-check` takes on one letter. A file whose bytes, schema and tool are unchanged parses
and validates the same way every time, so the parsed document (its data and the line of every
field) is kept as JSON under the user's cache directory, named by the hash of all three.

An entry skips schema validation, so it must be one this user's imr-check wrote: each is signed
with the user's secret key (`private`), and one whose signature or shape is wrong is ignored
and rewritten, so an edited entry cannot drop a rule. JSON, never pickle: a cache file is data,
not code. Entries are written through a private temporary file that is removed whatever fails.
`IMR_CHECK_DATA_CACHE=off` turns this off; another value names the directory.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from checker.datafiles import private
from checker.version import __version__

FORMAT = 2
MAX_ENTRY_BYTES = 64 * 1024 * 1024
Lines = dict[tuple[str | int, ...], int]


def directory() -> Path | None:
    setting = os.environ.get("IMR_CHECK_DATA_CACHE", "")
    if setting.lower() in ("off", "0", "no", "false"):
        return None
    if setting:
        return Path(setting)
    return private.user_cache_dir() / "data"


def key(data: bytes, schema: bytes) -> str:
    digest = hashlib.sha256()
    for part in (f"imr-check {__version__} data {FORMAT}".encode(), schema, data):
        digest.update(len(part).to_bytes(8, "little"))
        digest.update(part)
    return digest.hexdigest()


def load(entry_key: str) -> tuple[Any, Lines] | None:
    """The cached data and field lines for `entry_key`, or None when there is no sound entry."""
    folder = directory()
    secret = private.secret()
    if folder is None or secret is None:
        return None
    try:
        raw = private.read_own_file(folder / f"{entry_key}.json", MAX_ENTRY_BYTES)
        body, _, mac = raw.rpartition(b"\n")
        if not private.verify(secret, bytes.fromhex(mac.decode("ascii")), entry_key.encode(), body):
            return None
        entry = json.loads(body)
        if not isinstance(entry, dict) or entry.get("key") != entry_key or not isinstance(entry.get("lines"), list):
            return None
        lines: Lines = {}
        for pair in entry["lines"]:
            path, line = pair
            if not isinstance(path, list) or not all(isinstance(p, str | int) for p in path) or type(line) is not int:
                return None
            lines[tuple(path)] = line
        return entry["data"], lines
    except (OSError, ValueError, TypeError, RecursionError):
        return None


def store(entry_key: str, data: Any, lines: Lines) -> None:
    """Keep a validated document; skipped when JSON cannot hold it exactly or nothing is writable."""
    folder = directory()
    secret = private.secret()
    if folder is None or secret is None:
        return
    with contextlib.suppress(OSError, TypeError, ValueError):
        body = json.dumps({"key": entry_key, "data": data, "lines": [[list(p), n] for p, n in lines.items()]})
        if json.loads(body)["data"] != data:
            return  # dates, non-string keys: JSON would change them
        raw = body.encode()
        mac = private.sign(secret, entry_key.encode(), raw).hex().encode()
        private.replace_file(private.private_dir(folder), f"{entry_key}.json", raw + b"\n" + mac)


def remove(folder: str | os.PathLike[str]) -> bool:
    """Delete this cache's entries (and the folder, once empty); True if any went."""
    folder = Path(folder)
    removed = False
    for entry in [*folder.glob("*.json"), *folder.glob(".tmp-*")]:
        with contextlib.suppress(FileNotFoundError):
            entry.unlink()
            removed = True
    with contextlib.suppress(OSError):
        folder.rmdir()
    return removed
