"""Compile labelled phrase lists into one case-insensitive pattern that says which label matched."""

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
    """Labelled phrases compiled into one trie-shaped pattern; one phrase may carry several labels
    ("denied" is both a negation cue and a negation-after cue), joined with "|".

    A plain alternation of hundreds of phrases makes Python's `re` try each in turn at every word;
    a trie shares their prefixes, so a position is rejected after a character or two. The longest
    phrase wins where several start at one place.
    """

    def __init__(self, groups: Mapping[str, Sequence[str]]) -> None:
        self.groups = groups
        merged: dict[str, list[str]] = {}
        for label, phrases in groups.items():
            for phrase in phrases:
                key = _key(phrase)
                if key and label not in merged.setdefault(key, []):
                    merged[key].append(label)
        self._labels = {key: "|".join(labels) for key, labels in merged.items()}
        body = _trie_pattern(sorted(self._labels)) if self._labels else r"(?!x)x"
        self.pattern = re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)

    def finditer(self, text: str) -> Iterator[PhraseMatch]:
        labels = self._labels
        for match in self.pattern.finditer(text):
            found = match.group()
            yield PhraseMatch(labels[_key(found)], match.start(), match.end(), found)


def _key(phrase: str) -> str:
    return " ".join(phrase.lower().split())


def _trie_pattern(keys: list[str]) -> str:
    trie: dict[str, dict] = {}  # type: ignore[type-arg]
    for key in keys:
        node = trie
        for char in key:
            node = node.setdefault(char, {})
        node[""] = {}
    return _node_pattern(trie)


def _node_pattern(node: dict[str, dict]) -> str:  # type: ignore[type-arg]
    ends_here = "" in node
    branches = []
    for char in sorted((c for c in node if c), key=lambda c: (c == " ", c)):
        piece = r"\s+" if char == " " else re.escape(char)
        branches.append(piece + _node_pattern(node[char]))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends_here:
        return f"(?:{body})?" if len(branches) == 1 else body + "?"
    return body
