"""Rulebook regexes: refused when they cannot compile or could backtrack catastrophically."""

from __future__ import annotations

import pytest

from checker.datafiles.regexcheck import UnsafePattern, check_pattern


@pytest.mark.parametrize(
    "pattern",
    [
        r"urine (?:drug )?(?:screen|test)(?:ing|s)? (?:was|were) consistent",
        r"(?P<percent>\d{1,3})\s?% (?:reduction|relief) (?:in|of) (?:his |her )?pain",
        r"(?:reduc|reliev)\w* (?:his |her )?(?:[a-z-]+ )?pain by (?P<percent>\d{1,3})\s?%",
        r"from (?P<before>\d{1,2}) ?/ ?10 to (?P<after>\d{1,2}) ?/ ?10",
        r"(?:\s|-)+pain",
        r"(?:\d{2}/){2}\d{4}",
    ],
)
def test_safe_patterns_compile(pattern: str) -> None:
    assert check_pattern(pattern).search is not None


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        (r"(a+)+$", "inside another repeat"),
        (r"(?:[a-z ]{0,100}){0,100}!", "inside another repeat"),
        (r"(x|xx){0,50}y", "alternation"),
        (r"(\w+\s?)*done", "inside another repeat"),
        (r"(?:\w+ ){2,9}pain", "inside another repeat"),
        (r"(x|xx)*y", "alternation"),
        (r"(a)\1", "backreferences"),
        (r"pain (relief", "does not compile"),
        ("a" * 501, "longer than"),
    ],
)
def test_dangerous_patterns_are_refused(pattern: str, reason: str) -> None:
    with pytest.raises(UnsafePattern, match=reason):
        check_pattern(pattern)
