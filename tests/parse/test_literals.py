"""A pattern is skipped only where it cannot match: `may_match` never says no to a text the
pattern matches in, on the library's own patterns and on shapes chosen to trip it."""

from __future__ import annotations

import random
import re

import pytest

from checker.parse.literals import literal_starts, may_match
from checker.rulebook.book import default_rulebook
from tests.support import EXAMPLES


def _library_patterns() -> list[re.Pattern[str]]:
    found: dict[str, re.Pattern[str]] = {}
    for book in default_rulebook().books.values():
        for _, pattern in book.concepts.concept_patterns:
            found[pattern.pattern] = pattern
    return list(found.values())


def _texts(words: list[str], seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    joins = [" ", "", "-", ", ", ". ", "'", "\n"]
    letters = [path.read_text(encoding="utf-8") for path in sorted(EXAMPLES.glob("*.txt"))]
    made = ["".join(rng.choice(words) + rng.choice(joins) for _ in range(rng.randint(1, 14))) for _ in range(count)]
    return letters + made


def test_the_library_patterns_are_skipped_only_where_they_cannot_match() -> None:
    patterns = _library_patterns()
    assert sum(literal_starts(p) is not None for p in patterns) >= len(patterns) // 2
    words = ["Positive", "straight leg raise", "SLR", "Spurling's", "walks", "30 minutes", "longer", "with", "the"]
    words += ["medications", "she", "is able to", "can", "urine drug screen", "was", "consistent", "new", "onset"]
    words += ["of", "spasm", "WALKING", "tolerance", "improved", "Kelvin\u212a", "caf\u00e9", "x"]
    words += ["positive straight leg raise", "walk 30 minutes longer", "with medication she is able to"]
    words += ["urine drug screen was consistent", "new onset of spasm", "walking tolerance improved"]
    matched = skipped = 0
    for text in _texts(words, seed=5, count=3000):
        for pattern in patterns:
            hit = pattern.search(text) is not None
            if not may_match(pattern, text):
                assert not hit, (pattern.pattern, text)
                skipped += 1
            matched += hit
    assert matched > 1000 and skipped > 1000


@pytest.mark.parametrize(
    ("source", "flags", "starts"),
    [
        (r"\b(?:walk|sit)s? longer", re.I, ("sit", "walk")),
        (r"\bpositive (?:slr|tinel'?s)", re.I, ("positive slr", "positive tinel")),
        (r"(?:abc|)def", re.I, ("abcdef", "def")),  # an empty alternative
        (r"[ab]cdef", 0, None),  # a class opens it
        (r"x?yzw", 0, None),
        (r"(?i:abc)def", 0, None),  # a group's own flags: not read
        (r"ab", 0, None),  # too short to pay
        (r"Abc\d", 0, ("Abc",)),  # case kept where case matters
        ("\u212aelvin", re.I, None),  # the Kelvin sign folds to an ASCII "k"
    ],
)
def test_openings_of_pattern_shapes(source: str, flags: int, starts: tuple[str, ...] | None) -> None:
    assert literal_starts(re.compile(source, flags)) == starts


def test_case_and_ascii() -> None:
    pattern = re.compile(r"\bspurling", re.I)
    assert may_match(pattern, "SPURLING test")
    assert not may_match(pattern, "negative Tinel")
    # outside ASCII the pattern always runs
    assert may_match(pattern, "caf\u00e9")
    exact = re.compile(r"Abc\d")
    assert not may_match(exact, "abc1") and may_match(exact, "Abc1")
