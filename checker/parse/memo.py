"""Readings of a text kept while one letter is checked: the same passage or sentence is read by
several readers (the UR statement reader, the conclusion reader, the facts the rules read), and
each reading (phrase matches, drug mentions, sentence spans) is a pure function of the text.

The pipeline calls `next_letter` before each letter, which empties every memo on its next use,
so a text is read again in the next letter: a corpus of letters built from the same sentences
gains nothing a real archive would not. Without that call (a caller that parses letters
itself) a memo still never holds more than `LIMIT` texts.
"""

from __future__ import annotations

from typing import Generic, TypeVar

Key = TypeVar("Key")
Value = TypeVar("Value")

# The most texts one memo keeps: far more than one letter reads.
LIMIT = 1024
_LETTER = [0]  # which letter is being read: a count, bumped by `next_letter`


def next_letter() -> None:
    """Forget every reading: a new letter is about to be read."""
    _LETTER[0] += 1


class Memo(Generic[Key, Value]):
    """Values by key, for the current letter only."""

    __slots__ = ("_letter", "_values")

    def __init__(self) -> None:
        self._values: dict[Key, Value] = {}
        self._letter = _LETTER[0]

    def get(self, key: Key) -> Value | None:
        if self._letter != _LETTER[0]:
            self._values.clear()
            self._letter = _LETTER[0]
            return None
        return self._values.get(key)

    def put(self, key: Key, value: Value) -> Value:
        if len(self._values) >= LIMIT:
            self._values.clear()
        self._values[key] = value
        return value


_LOWERED: Memo[str, tuple[str | None]] = Memo()


def ascii_lower(text: str) -> str | None:
    """`text` in lower case when it is ASCII, else None: the form the lower-case fast paths
    search (on ASCII, lower case is exactly what IGNORECASE folds). Kept while the letter is
    read, as several readers lower the same passage, some once per place they look at."""
    found = _LOWERED.get(text)
    if found is None:
        found = _LOWERED.put(text, (text.lower() if text.isascii() else None,))
    return found[0]
