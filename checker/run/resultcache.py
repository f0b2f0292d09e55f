"""The incremental cache: a letter checked before, with the same rulebook and tool, is not checked again.

An entry is named by the hash of the letter's bytes and the run's fingerprint (tool version,
the tool's own code, grammar and rulebook files, rulebook name and version, and any options
that change results). It holds the slim result (see `codec`) as JSON, without the path,
so a copied or renamed letter hits too. An entry that cannot be read, does not parse, names
another key or holds anything but a result is ignored and rewritten: never trusted.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path

from checker.model import LetterResult
from checker.run.codec import BadData, decode_result, encode, slim
from checker.version import __version__

DEFAULT_DIRECTORY = ".imr-check-cache"
# Bumped when the entry layout changes, so old entries read as foreign.
FORMAT = 2
_PACKAGE = Path(__file__).resolve().parent.parent  # the checker package


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
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        except OSError:
            digest.update(b"unreadable")
    return digest.hexdigest()


class ResultCache:
    """Results by letter content under `directory`, for one fingerprint."""

    def __init__(self, directory: str | os.PathLike[str], run_fingerprint: str) -> None:
        self.directory = Path(directory)
        self.fingerprint = run_fingerprint
        self._ready = False

    def key(self, data: bytes) -> str:
        return hashlib.sha256(self.fingerprint.encode() + b"\0" + data).hexdigest()

    def _entry(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, key: str, path: str) -> LetterResult | None:
        """The cached result for `key` with `path` put back, or None (missing, corrupt, foreign)."""
        try:
            entry = json.loads(self._entry(key).read_bytes())
            if not isinstance(entry, dict) or entry.get("key") != key or entry.get("format") != FORMAT:
                return None
            return dataclasses.replace(decode_result(entry["result"]), path=path)
        except (OSError, ValueError, KeyError, TypeError, RecursionError, BadData):
            return None

    def put(self, key: str, result: LetterResult) -> None:
        """Keep `result`; a cache that cannot be written only costs the next run time."""
        try:
            body = json.dumps(
                {"format": FORMAT, "key": key, "result": encode(dataclasses.replace(slim(result), path=""))},
                ensure_ascii=False,
                separators=(",", ":"),
            )
            self._prepare()
            target = self._entry(key)
            target.parent.mkdir(exist_ok=True)
            temporary = target.with_name(f".{key}.{os.getpid()}.tmp")
            temporary.write_text(body, encoding="utf-8")
            os.replace(temporary, target)
        except (OSError, TypeError, ValueError):
            return

    def _prepare(self) -> None:
        if self._ready:
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        # Tell backup tools and git the folder is a cache (as ruff and pytest do).
        for name, text in (
            ("CACHEDIR.TAG", "Signature: 8a477f597d28d172789f06886806bc55\n# imr-check result cache\n"),
            (".gitignore", "# created by imr-check\n*\n"),
        ):
            marker = self.directory / name
            if not marker.exists():
                marker.write_text(text, encoding="utf-8")
        self._ready = True
