"""Where the shipped data lives: `grammar/` and `rules/` inside the wheel, or beside the source."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent  # the checker package


@cache
def data_dir(name: str) -> Path:
    """The directory `name` (`grammar` or `rules`): packaged copy first, then the source tree."""
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"imr-check data directory {name!r} is missing from the installation")


def grammar_path(name: str) -> Path:
    return data_dir("grammar") / name


def rules_path(*parts: str) -> Path:
    return data_dir("rules").joinpath(*parts)


def schema_path(name: str) -> Path:
    return _PACKAGE / "schemas" / name
