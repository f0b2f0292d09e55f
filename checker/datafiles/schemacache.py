"""Remember data files that passed their schema, so an unchanged file is not validated again.

Loading the rulebook means parsing YAML and validating it against JSON Schemas: most of the
time `imr-check` takes on one letter. A file whose bytes, schema and tool are unchanged parses
and validates the same way every time, so the parsed document (its data and the line of every
field) is kept as JSON under the user's cache directory, named by the hash of all three. An entry
that cannot be read, does not parse or carries another key is ignored and rewritten. JSON, never
pickle: a cache file is data, not code. `IMR_CHECK_DATA_CACHE=off` turns this off; another
value names the directory.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from checker.version import __version__

FORMAT = 1
Lines = dict[tuple[str | int, ...], int]


def directory() -> Path | None:
    setting = os.environ.get("IMR_CHECK_DATA_CACHE", "")
    if setting.lower() in ("off", "0", "no", "false"):
        return None
    if setting:
        return Path(setting)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "imr-check" / "data"


def key(data: bytes, schema: bytes) -> str:
    digest = hashlib.sha256()
    for part in (f"imr-check {__version__} data {FORMAT}".encode(), schema, data):
        digest.update(len(part).to_bytes(8, "little"))
        digest.update(part)
    return digest.hexdigest()


def load(entry_key: str) -> tuple[Any, Lines] | None:
    """The cached data and field lines for `entry_key`, or None when there is no sound entry."""
    folder = directory()
    if folder is None:
        return None
    try:
        entry = json.loads((folder / f"{entry_key}.json").read_text(encoding="utf-8"))
        if entry["key"] != entry_key:
            return None
        lines = {tuple(path): int(line) for path, line in entry["lines"]}
        return entry["data"], lines
    except (OSError, ValueError, KeyError, TypeError):
        return None


def store(entry_key: str, data: Any, lines: Lines) -> None:
    """Keep a validated document; skipped when JSON cannot hold it exactly or nothing is writable."""
    folder = directory()
    if folder is None:
        return
    try:
        body = json.dumps({"key": entry_key, "data": data, "lines": [[list(p), n] for p, n in lines.items()]})
        if json.loads(body)["data"] != data:
            return  # dates, non-string keys: JSON would change them
        folder.mkdir(parents=True, exist_ok=True)
        temporary = folder / f".{entry_key}.{os.getpid()}.tmp"
        temporary.write_text(body, encoding="utf-8")
        os.replace(temporary, folder / f"{entry_key}.json")
    except (OSError, TypeError, ValueError):
        return
