"""Compile a labelled phrase list into one case-insensitive pattern that says which label matched."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PhraseMatch:
    label: str
    start: int
    end: int
    text: str


class PhraseSet:
    """Phrases grouped by label; the longest phrase wins where several start at one place."""

    def __init__(self, groups: Mapping[str, Sequence[str]]) -> None:
        entries = sorted(
            ((phrase, label) for label, phrases in groups.items() for phrase in phrases),
            key=lambda entry: len(entry[0]),
            reverse=True,
        )
        self._labels: list[str] = []
        parts = []
        for index, (phrase, label) in enumerate(entries):
            self._labels.append(label)
            body = r"\s+".join(re.escape(word) for word in phrase.split())
            parts.append(f"(?P<p{index}>{body})")
        pattern = "|".join(parts) or r"(?!x)x"
        self.pattern = re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])", re.IGNORECASE)

    def finditer(self, text: str) -> Iterator[PhraseMatch]:
        for match in self.pattern.finditer(text):
            name = match.lastgroup or "p0"
            yield PhraseMatch(self._labels[int(name[1:])], match.start(), match.end(), match.group())
