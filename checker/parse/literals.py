"""What a regular expression's matches must start with, so that a text holding none of it is not
searched at all.

A rulebook's concept patterns ("positive straight leg raise", "walks 30 minutes longer") mostly
open with a `\\b` and a list of words. Python's `re` cannot skip ahead to such an opening, so
every pattern tries every place of every passage. Most passages hold none of the words a pattern
opens with, and one substring search per word settles that.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from checker.parse.memo import ascii_lower

try:  # re's own parser (private, stable since 3.11): without it every pattern simply runs
    from re import _constants as sre_constants
    from re import _parser as sre_parser
except ImportError:  # pragma: no cover
    sre_parser = None

# Shorter openings rule out too few passages to pay for the search.
_MIN_LENGTH = 3


@cache
def literal_starts(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Strings one of which every match of `pattern` starts with (lower case when it ignores
    case); None when no such strings of at least three characters can be read from it."""
    if sre_parser is None:
        return None
    try:
        items = sre_parser.parse(pattern.pattern, pattern.flags)
    except (re.error, RecursionError):
        return None
    starts, _ = _starts(list(items))
    if not starts or any(len(s) < _MIN_LENGTH or not s.isascii() for s in starts):
        return None
    if pattern.flags & re.IGNORECASE:
        return tuple(sorted({s.lower() for s in starts}))
    return tuple(sorted(starts))


def may_match(pattern: re.Pattern[str], text: str) -> bool:
    """False only when `pattern` cannot match in `text`."""
    starts = literal_starts(pattern)
    if starts is None:
        return True
    if pattern.flags & re.IGNORECASE:
        lower = ascii_lower(text)
        if lower is None:
            return True  # outside ASCII, case folding can join other characters ("K" and "k")
        return any(start in lower for start in starts)
    return any(start in text for start in starts)


def _starts(items: list[tuple[Any, Any]]) -> tuple[set[str] | None, bool]:
    """The literal openings of a sequence of parsed items, and whether the whole sequence was
    literal (so that what follows extends them); None when some match may open otherwise."""
    prefixes = {""}
    for op, value in items:
        if op is sre_constants.AT:
            continue  # \b, ^: they match no character
        if op is sre_constants.LITERAL:
            prefixes = {p + chr(value) for p in prefixes}
            continue
        if op is sre_constants.SUBPATTERN:
            _group, add_flags, del_flags, inner = value
            if add_flags or del_flags:
                return _stopped(prefixes)
            found, whole = _starts(list(inner))
        elif op is sre_constants.BRANCH:
            found, whole = _branches(value[1])
        else:
            return _stopped(prefixes)
        if found is None:
            return _stopped(prefixes)
        prefixes = {p + f for p in prefixes for f in found}
        if not whole:
            return prefixes, False
    return prefixes, True


def _branches(alternatives: list[Any]) -> tuple[set[str] | None, bool]:
    found: set[str] = set()
    whole = True
    for alternative in alternatives:
        starts, complete = _starts(list(alternative))
        if starts is None:
            return None, False
        found |= starts
        whole = whole and complete
    return found, whole


def _stopped(prefixes: set[str]) -> tuple[set[str] | None, bool]:
    return (None if prefixes == {""} else prefixes), False
