"""Compile labelled phrase lists into one case-insensitive pattern that says which label matched."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Mapping, Sequence
from functools import cached_property
from typing import NamedTuple

from checker.parse.memo import Memo, ascii_lower


class PhraseMatch(NamedTuple):
    # A tuple, not a dataclass: a letter makes thousands, and a tuple is made several times faster.
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

    ASCII text is matched in lower case by the same pattern compiled without IGNORECASE: the same
    matches (the phrases are lower case, and on ASCII `lower()` is exactly what IGNORECASE
    folds), found in well under two thirds of the time.
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
        self._read: Memo[str, tuple[PhraseMatch, ...]] = Memo()

    # The patterns are compiled when first used: compiling every set of a library costs more
    # than checking a letter, and a one-letter run uses few of them (ASCII text none of the
    # case-insensitive ones). The phrases are escaped, so compiling cannot fail on what a
    # rulebook says.
    @cached_property
    def _source(self) -> str:
        body = trie_pattern(sorted(self._labels)) if self._labels else r"(?!x)x"
        return rf"(?<![\w-])(?:{body})(?![\w-])"

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        return re.compile(self._source, re.IGNORECASE)

    @cached_property
    def _lower_pattern(self) -> re.Pattern[str] | None:
        return re.compile(self._source) if all(key.isascii() for key in self._labels) else None

    @cached_property
    def within_sentences(self) -> bool:
        """No phrase holds a character a sentence ends with (. ! ? or a closing quote), so none
        runs from one sentence into the next: the phrases of a text are those of its sentences
        (parse/sentences.py), each read alone."""
        return not any(char in key for key in self._labels for char in _SENTENCE_ENDS)

    def finditer(self, text: str) -> Iterator[PhraseMatch]:
        return iter(self.matches(text))

    def matches(self, text: str) -> tuple[PhraseMatch, ...]:
        """Every phrase in `text`, leftmost first, the longest at each place."""
        found = self._read.get(text)
        if found is None:
            found = self._read.put(text, tuple(self._scan(text)))
        return found

    def occurs(self, text: str, start: int, end: int) -> bool:
        """`pattern.search(text, start, end)` found something: a phrase within text[start:end],
        with `text` before `start` in view of the lookbehind. ASCII text is searched in lower
        case, as `_scan` does."""
        fast = self._lower_pattern
        lower = ascii_lower(text) if fast is not None else None
        if fast is not None and lower is not None:
            return fast.search(lower, start, end) is not None
        return self.pattern.search(text, start, end) is not None

    def in_spans(self, text: str, spans: Sequence[tuple[int, int]]) -> list[tuple[PhraseMatch, ...]]:
        """`matches(text[start:end])` for each of `spans` (in order, not overlapping), offsets in
        the span. One scan of the whole text serves them all when that is certain to give the
        same: no span has a letter, digit, underscore or hyphen just outside it (so a phrase
        starts and ends at its edges exactly as in the span alone) and no phrase found runs across
        an edge; otherwise each span is scanned alone."""
        size = len(text)
        if any(
            (a > 0 and text[a - 1] in _WORD_OR_HYPHEN) or (b < size and text[b] in _WORD_OR_HYPHEN) for a, b in spans
        ):
            return [self.matches(text[a:b]) for a, b in spans]
        out: list[list[PhraseMatch]] = [[] for _ in spans]
        starts = [a for a, _ in spans]
        for match in self.matches(text):
            index = bisect_right(starts, match.start) - 1
            if index < 0 or match.end > spans[index][1]:
                return [self.matches(text[a:b]) for a, b in spans]
            a = starts[index]
            out[index].append(PhraseMatch(match.label, match.start - a, match.end - a, match.text))
        return [tuple(found) for found in out]

    def _scan(self, text: str) -> list[PhraseMatch]:
        labels = self._labels
        if self._lower_pattern is not None and text.isascii():
            lower = text.lower()
            out = []
            for match in self._lower_pattern.finditer(lower):
                start, end = match.span()
                found = match.group()
                # A match is its own key unless the letter spaces its words otherwise.
                label = labels.get(found) or labels[_key(found)]
                out.append(PhraseMatch(label, start, end, text[start:end]))
            return out
        found_any = self.pattern.finditer(text)
        return [PhraseMatch(labels[_key(m.group())], m.start(), m.end(), m.group()) for m in found_any]


_SENTENCE_ENDS = '.!?"\u201d'


# What `(?<![\w-])` and `(?![\w-])` refuse next to a phrase, in any script.
class _WordOrHyphen:
    def __contains__(self, char: str) -> bool:
        return char.isalnum() or char in "_-"


_WORD_OR_HYPHEN = _WordOrHyphen()


def _key(phrase: str) -> str:
    return " ".join(phrase.lower().split())


def trie_pattern(keys: list[str]) -> str:
    """One regex alternation of `keys` sharing their prefixes; at one place the longest key
    that lets the rest of the pattern match wins, as in an alternation sorted longest first."""
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
