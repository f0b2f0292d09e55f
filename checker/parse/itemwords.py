"""The words that tell one disputed item from another, so two ways of naming an item can be matched.

A case summary rarely names an item as its header does: "MRI of the right shoulder without
contrast" is "a shoulder MRI imaging", "EMG/NCV of the bilateral upper extremity" is "nerve
conduction studies (NCV)-EMG of the bilateral upper extremity", "Celecoxib 200mg #90" is
"Celebrex". A name is read into canonical words of four kinds: what the item is (a modality
such as `mri` or `physical therapy`, or a drug by its generic name), where (a body region), which
side, and other qualifiers ("infrared", "capsaicin"). Synonyms, regions, sides, modalities and
the words that tell nothing ("the", "sessions", "without contrast") are data (a canonical word
joined with "+", such as `emg+ncs`, names two): `item_words` in
rules/language.yaml.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import pairwise
from typing import Any, NamedTuple

from checker.parse.lexicon import DrugLexicon
from checker.parse.phrases import PhraseSet

_WORD = re.compile(r"[a-z]+")


class Word(NamedTuple):
    """A canonical word of an item's name and where it stands in the text it was read from (a
    tuple: a letter makes hundreds)."""

    text: str
    kind: str  # "modality" | "region" | "side" | "qualifier"
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class ItemWords:
    """The `item_words` part of the language file, compiled once."""

    synonyms: PhraseSet  # labelled with the canonical word
    modalities: frozenset[str]
    regions: frozenset[str]
    sides: frozenset[str]
    ignore: frozenset[str]
    broader: dict[str, frozenset[str]]  # a general word and the modalities it covers ("surgery")

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> ItemWords:
        synonyms = {
            str(canonical): [str(canonical), *map(str, variants)] for canonical, variants in data["synonyms"].items()
        }
        return cls(
            synonyms=PhraseSet(synonyms),
            modalities=frozenset(str(w) for w in data["modalities"]),
            regions=frozenset(str(w) for w in data["regions"]),
            sides=frozenset(str(w) for w in data["sides"]),
            ignore=frozenset(str(w) for w in data["ignore"]),
            broader={str(k): frozenset(str(w) for w in v) for k, v in data["broader"].items()},
        )

    def covers(self, named: str, own: str) -> bool:
        """Whether a word a statement uses names an item's word: the same word, or a general
        word for it ("the request for shoulder surgery" names an arthroscopy)."""
        return named == own or own in self.broader.get(named, ())

    def read(self, text: str, lexicon: DrugLexicon) -> list[Word]:
        """The canonical words of `text`, in order: drugs by generic name, synonyms by their
        canonical word, other words singular; words that tell nothing are left out."""
        found: list[Word] = []
        taken: list[tuple[int, int]] = []
        for mention in lexicon.mentions(text):
            found.append(Word(mention.drug.generic, "modality", mention.start, mention.end))
            taken.append((mention.start, mention.end))
        lower = text.lower()
        for match in self.synonyms.finditer(lower):
            if any(a < match.end and match.start < b for a, b in taken):
                continue
            # "emg+ncs": one way of writing that names two things ("EMG/NCV").
            for canonical in match.label.split("+"):
                found.append(Word(canonical, self._kind(canonical), match.start, match.end))
            taken.append((match.start, match.end))
        # Taken stretches do not overlap: in start order, one pointer tells whether each word, in
        # text order, starts inside one.
        taken.sort()
        next_taken, last = 0, len(taken)
        for plain in _WORD.finditer(lower):
            start = plain.start()
            while next_taken < last and taken[next_taken][1] <= start:
                next_taken += 1
            if next_taken < last and taken[next_taken][0] <= start:
                continue
            word = _singular(plain.group())
            if word not in self.ignore and len(word) > 1:
                found.append(Word(word, self._kind(word), start, plain.end()))
        found.sort(key=lambda w: w.start)
        return found

    def _kind(self, word: str) -> str:
        if word in self.modalities:
            return "modality"
        if word in self.regions:
            return "region"
        if word in self.sides:
            return "side"
        return "qualifier"


def _singular(word: str) -> str:
    """A plain English plural made singular ("sessions", "x-rays"); short words stay as they are."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def modifiers(words: list[Word]) -> dict[str, str]:
    """Each modality's modifier: a qualifier right before it ("manual acupuncture", "open MRI")."""
    out: dict[str, str] = {}
    for previous, word in pairwise(words):
        if word.kind == "modality" and previous.kind == "qualifier" and word.start - previous.end <= 1:
            out[word.text] = previous.text
    return out
