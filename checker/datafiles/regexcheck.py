"""Vet a rulebook's regular expressions before they ever see a letter.

Python's `re` backtracks, so a pattern such as `(a+)+$` takes exponential time: 0.9 s on 24
letters 'a' and a 'b', doubling with each letter more; `(?:[a-z ]{0,100}){0,100}!` runs for
minutes with no unbounded repeat at all. Rather than depend on a separate linear-time engine
(which would also drop lookarounds the phrase patterns use), the loader rejects the shapes that
cause catastrophic backtracking: a repeat of varying count (`+`, `*`, `{2,9}`) inside another
repeat that can run more than once (an optional part, `(...)?`, is no such repeat), an
alternation inside a repeat that can run more than once unless every branch is one character,
and backreferences. Phrase patterns never need them; a policy editor who writes one gets a
message naming the file, line and field.
"""

from __future__ import annotations

import re
from typing import Any

try:  # Python 3.11+: the parser moved under re
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover
    import sre_parse

_REPEATS = {sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT, getattr(sre_parse, "POSSESSIVE_REPEAT", None)} - {None}
_UNBOUNDED = sre_parse.MAXREPEAT
MAX_PATTERN_LENGTH = 500


class UnsafePattern(ValueError):
    """A pattern that does not compile or could backtrack catastrophically."""


def check_pattern(pattern: str) -> re.Pattern[str]:
    """Compile `pattern` case-insensitively, or raise UnsafePattern saying what is wrong."""
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise UnsafePattern(f"pattern is longer than {MAX_PATTERN_LENGTH} characters")
    try:
        compiled = re.compile(pattern, re.IGNORECASE)
        tree = sre_parse.parse(pattern)
    except re.error as error:
        raise UnsafePattern(f"regular expression does not compile: {error}") from None
    problem = _problem(tree, inside_repeat=False)
    if problem:
        raise UnsafePattern(f"regular expression {pattern!r} could backtrack catastrophically: {problem}")
    return compiled


def _problem(items: Any, inside_repeat: bool) -> str | None:
    """What makes `items` unsafe, or None. `inside_repeat`: within a repeat that can run twice or more."""
    for op, arg in items:
        if op is sre_parse.GROUPREF or op is sre_parse.GROUPREF_EXISTS:
            return "backreferences are not allowed"
        if op in _REPEATS:
            low, high, body = arg
            varying = high != low
            if inside_repeat and varying:
                return "a repeat of varying count (+, *, {n,m}) inside another repeat"
            if high > 1 and _has_branch(body):
                return "an alternation (a|b) inside a repeat, other than of single characters"
            found = _problem(body, inside_repeat or high > 1)
            if found:
                return found
        elif op is sre_parse.SUBPATTERN:
            found = _problem(arg[-1], inside_repeat)
            if found:
                return found
        elif op is sre_parse.BRANCH:
            for branch in arg[1]:
                found = _problem(branch, inside_repeat)
                if found:
                    return found
        elif op in (sre_parse.ASSERT, sre_parse.ASSERT_NOT):
            found = _problem(arg[1], inside_repeat)
            if found:
                return found
    return None


def _has_branch(items: Any) -> bool:
    """An alternation whose branches are not all single characters (those act as a class)."""
    for op, arg in items:
        if op is sre_parse.BRANCH and not all(branch.getwidth() == (1, 1) for branch in arg[1]):
            return True
        if op is sre_parse.SUBPATTERN and _has_branch(arg[-1]):
            return True
        if op in _REPEATS and _has_branch(arg[2]):
            return True
    return False
