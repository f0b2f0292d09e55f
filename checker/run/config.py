"""Find and read the configuration file: `.imr-check.yaml` or `[tool.imr-check]` in pyproject.toml.

The search starts in the working directory and goes up to the root; in each directory a
`.imr-check.yaml` comes before a `pyproject.toml`, and a pyproject.toml without a
`[tool.imr-check]` table is passed over. Errors name the file, the line and the key.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checker.datafiles.files import is_regular_file, read_text
from checker.datafiles.resources import schema_path
from checker.datafiles.yamlio import DataError, DataErrors, YamlDocument, load_yaml, schema_errors

YAML_NAME = ".imr-check.yaml"
PYPROJECT = "pyproject.toml"
_PATH_KEYS = {"output", "baseline", "waivers", "rules", "cache-dir"}
_PATH_LIST_KEYS = {"extra-rules"}


@dataclass(frozen=True)
class Config:
    """The values a configuration file gives, with relative paths made relative to the working directory."""

    path: str | None = None
    values: dict[str, Any] = field(default_factory=dict)
    lines: dict[tuple[str | int, ...], int] = field(default_factory=dict)  # the line of each key


def find_config(start: Path | None = None) -> Path | None:
    """The nearest configuration file from `start` (default: the working directory) upward."""
    directory = (start or Path.cwd()).resolve()
    for candidate in (directory, *directory.parents):
        yaml_file = candidate / YAML_NAME
        if is_regular_file(yaml_file):
            return yaml_file
        pyproject = candidate / PYPROJECT
        if is_regular_file(pyproject) and _has_table(pyproject):
            return pyproject
    return None


def load_config(path: Path | str | None = None) -> Config:
    """Read `path`, or the file `find_config` finds; no file gives an empty Config.

    Raises DataErrors naming file, line and key when the file breaks the configuration schema.
    """
    found = Path(path) if path is not None else find_config()
    if found is None:
        return Config()
    document = _read_pyproject(found) if found.name == PYPROJECT else load_yaml(found)
    if document.data is None:
        document.data = {}
    if not isinstance(document.data, dict):
        raise DataErrors([DataError(str(found), "the configuration must be a mapping of keys to values", 1)])
    errors = schema_errors(document, schema_path("config.schema.json"))
    if errors:
        raise DataErrors(errors)
    return Config(str(found), _resolve_paths(document.data, found.parent), document.lines)


def _has_table(pyproject: Path) -> bool:
    """Whether the file has a `[tool.imr-check]` table; a broken file counts, so its error shows."""
    try:
        text = read_text(pyproject)
    except (OSError, UnicodeDecodeError):
        return False
    if "imr-check" not in text:
        return False
    try:
        return "imr-check" in tomllib.loads(text).get("tool", {})
    except tomllib.TOMLDecodeError:
        return "[tool.imr-check" in text


def _read_pyproject(path: Path) -> YamlDocument:
    """The `[tool.imr-check]` table as a document whose keys know their lines."""
    try:
        text = read_text(path)
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError) as error:
        raise DataErrors([DataError(str(path), f"cannot read: {error}")]) from None
    except tomllib.TOMLDecodeError as error:
        line = getattr(error, "lineno", None) or _line_from_message(str(error))
        raise DataErrors([DataError(str(path), f"TOML error: {error}", line)]) from None
    table = data.get("tool", {}).get("imr-check", {})
    return YamlDocument(str(path), table, _toml_key_lines(text))


def _line_from_message(message: str) -> int | None:
    match = re.search(r"line (\d+)", message)
    return int(match.group(1)) if match else None


_HEADER = re.compile(r"^\s*\[\s*tool\.imr-check(?:\.(?P<sub>[\w-]+))?\s*\]\s*(#.*)?$")
_ANY_HEADER = re.compile(r"^\s*\[")
_KEY = re.compile(r"""^\s*(?P<key>[\w-]+|"[^"]+"|'[^']+')\s*=""")


def _toml_key_lines(text: str) -> dict[tuple[str | int, ...], int]:
    """Lines of the keys in `[tool.imr-check]` and its sub-tables, so errors can point at them.

    tomllib keeps no positions; the tables this file uses are flat enough to find by line.
    """
    lines: dict[tuple[str | int, ...], int] = {}
    table: tuple[str, ...] | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            table = (header.group("sub"),) if header.group("sub") else ()
            lines.setdefault(table, number)
            continue
        if _ANY_HEADER.match(line):
            table = None
            continue
        key = _KEY.match(line)
        if table is not None and key:
            lines[(*table, key.group("key").strip("\"'"))] = number
    return lines


def _resolve_paths(values: dict[str, Any], base: Path) -> dict[str, Any]:
    out = dict(values)
    for key in _PATH_KEYS & out.keys():
        out[key] = _relative(base / out[key])
    for key in _PATH_LIST_KEYS & out.keys():
        out[key] = [_relative(base / p) for p in out[key]]
    return out


def _relative(path: Path) -> str:
    """`path` relative to the working directory when it lies below it, so reports stay short."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
