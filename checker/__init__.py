"""imr-check: a rule-engine linter for IMR final determination letters.

The library API, light to import (each function loads what it needs when first called):

    from checker import check, check_file, load_rulebook

    result = check_file("letters/004.txt")          # the shipped rulebook
    for item in result.items:
        print(item.item.treatment.text, item.item.decision, [f.rule for f in item.flags])
    strict = load_rulebook(severities={"MTUS-OPI-001": "error"})
    print(check(open("letter.txt").read(), strict).status)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from checker.version import __version__

if TYPE_CHECKING:
    from checker.model import LetterResult
    from checker.rulebook.book import Rulebook

__all__ = ["__version__", "check", "check_file", "default_rulebook", "load_rulebook"]


def check(text: str, rulebook: Rulebook | None = None, path: str = "<text>") -> LetterResult:
    """Check the text of one letter; a letter that cannot be parsed gives an error result, not an exception."""
    from checker.pipeline import check as check_text

    return check_text(text, rulebook or default_rulebook(), path)


def check_file(path: str | Path, rulebook: Rulebook | None = None) -> LetterResult:
    """Check one letter file (text or PDF); an unreadable file gives an error result, not an exception."""
    from checker.pipeline import check_source
    from checker.read.ingest import read_source

    return check_source(read_source(str(path)), rulebook or default_rulebook())


def default_rulebook() -> Rulebook:
    """The shipped rulebook, loaded once per process."""
    from checker.rulebook.book import default_rulebook as shipped

    return shipped()


def load_rulebook(
    path: str | Path | None = None,
    extra: Sequence[str | Path] = (),
    disabled: Sequence[str] = (),
    severities: Mapping[str, str] | None = None,
) -> Rulebook:
    """A rulebook directory (None: the shipped one) with extra rule files, rules turned off and
    severities overridden; raises DataErrors naming file, line and field."""
    from checker.rulebook.book import load_rulebook as load

    return load(path, extra=extra, disabled=disabled, severities=dict(severities or {}))
