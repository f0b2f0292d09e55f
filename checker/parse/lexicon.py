"""The drug lexicon: brand, generic, alias and misspelled names mapped to a drug and its class."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import NamedTuple

from checker.model import Treatment
from checker.parse.memo import Memo, ascii_lower

# A word that no letter, digit, underscore or hyphen precedes: where a drug name may start.
_WORD_START = re.compile(r"(?<![\w-])\w+")
_FIRST_WORD = re.compile(r"\w+")

# Forms applied to the skin; a compounded cream of any ingredients is a topical analgesic.
_TOPICAL_FORMS = frozenset({"cream", "gel", "ointment", "lotion", "spray"})
# Strengths of what is applied to the skin, by weight ("300mg/g").
_TOPICAL_UNITS = frozenset({"mg/g"})


@dataclass(frozen=True, slots=True)
class Drug:
    generic: str
    drug_class: str
    names: tuple[str, ...]


class Mention(NamedTuple):
    """A drug named at `start:end` (a tuple: a letter makes dozens)."""

    start: int
    end: int
    drug: Drug


class DrugLexicon:
    """Finds drugs by any of their names, case-insensitively, as whole words."""

    def __init__(self, drugs: list[Drug]) -> None:
        self.drugs = tuple(drugs)
        self._by_name: dict[str, Drug] = {}
        for drug in drugs:
            for name in drug.names:
                self._by_name.setdefault(name.lower(), drug)
        names = sorted(self._by_name, key=len, reverse=True)
        self._names = names
        self._patterns: dict[str, re.Pattern[str] | None] = {}
        self._lower_patterns: dict[str, re.Pattern[str] | None] = {}
        # The search `_pattern` makes, for ASCII text: names grouped by their first word,
        # longest first, as the alternation tries them.
        self._by_first: dict[str, list[tuple[str, Drug]]] = {}
        for name in names:
            first = _FIRST_WORD.match(name)
            if first is None or not name.isascii():
                self._by_first = {}
                break
            self._by_first.setdefault(first.group(), []).append((name, self._by_name[name]))
        self._read: Memo[str, tuple[Mention, ...]] = Memo()

    def __len__(self) -> int:
        return len(self.drugs)

    @cached_property
    def _pattern(self) -> re.Pattern[str]:
        # Compiled on first use (non-ASCII text): it takes longer than the rest of loading.
        alternation = "|".join(re.escape(n) for n in self._names) or r"(?!x)x"
        return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w])", re.IGNORECASE)

    def mentions(self, text: str) -> Iterator[Mention]:
        """Every drug name in `text`, leftmost first, the longest name at each place."""
        found = self._read.get(text)
        if found is None:
            found = self._read.put(text, tuple(self._scan(text)))
        return iter(found)

    def _scan(self, text: str) -> Iterator[Mention]:
        if not self._by_first or not text.isascii():
            for match in self._pattern.finditer(text):
                yield Mention(match.start(), match.end(), self._resolve(match.group()))
            return
        # On ASCII text, lower() and \w agree with the pattern's case-insensitive matching, so
        # looking up each word start gives the same matches without trying every name there.
        lower = text.lower()
        by_first = self._by_first
        firsts = by_first.keys() & _WORD_START.findall(lower)
        if not firsts:
            return
        size = len(lower)
        resume = 0
        for start, first in _word_starts(lower, firsts):
            if start < resume:
                continue
            for name, drug in by_first[first]:
                end = start + len(name)
                if lower.startswith(name, start) and not (end < size and _is_word(lower[end])):
                    yield Mention(start, end, drug)
                    resume = end
                    break

    def _resolve(self, matched: str) -> Drug:
        # Case-insensitive matching also folds characters such as the long s (U+017F).
        drug = self._by_name.get(matched.lower())
        if drug is None:
            drug = next(d for n, d in self._by_name.items() if n.casefold() == matched.casefold())
        return drug

    def lookup(self, name: str) -> Drug | None:
        return self._by_name.get(name.lower())

    def names_of(self, generic: str) -> re.Pattern[str] | None:
        """A pattern for every name of one drug (by its generic name), compiled once: to look for
        one drug in a text without finding every drug."""
        if generic not in self._patterns:
            drug = self._by_name.get(generic.lower())
            names = sorted(drug.names, key=len, reverse=True) if drug else []
            alternation = "|".join(re.escape(n) for n in names)
            self._patterns[generic] = re.compile(rf"(?<![\w-])(?:{alternation})(?!\w)", re.I) if names else None
        return self._patterns[generic]

    def name_spans(self, generic: str, text: str) -> list[tuple[int, int]]:
        """Where `names_of(generic)` matches in `text`, as (start, end).

        On ASCII text (and a drug whose names are all ASCII) the names are found in lower case
        by a pattern without IGNORECASE or a leading lookbehind, which lets `re` skip ahead to
        a name's first character; the lookbehind is checked by hand at each place found, so the
        matches are the same, found three times as fast."""
        lower = ascii_lower(text)
        fast = self._lower_names(generic) if lower is not None else None
        if fast is None or lower is None:
            pattern = self.names_of(generic)
            return [] if pattern is None else [m.span() for m in pattern.finditer(text)]
        spans: list[tuple[int, int]] = []
        position = 0
        while (match := fast.search(lower, position)) is not None:
            start = match.start()
            if start > 0 and (_is_word(lower[start - 1]) or lower[start - 1] == "-"):
                position = start + 1
                continue
            spans.append((start, match.end()))
            position = match.end()
        return spans

    def _lower_names(self, generic: str) -> re.Pattern[str] | None:
        if generic not in self._lower_patterns:
            drug = self._by_name.get(generic.lower())
            names = sorted(drug.names, key=len, reverse=True) if drug else []
            fast = None
            if names and all(name.isascii() for name in names):
                alternation = "|".join(re.escape(name.lower()) for name in names)
                fast = re.compile(rf"(?:{alternation})(?!\w)")
            self._lower_patterns[generic] = fast
        return self._lower_patterns[generic]

    def identify(self, treatment: Treatment) -> tuple[str | None, str]:
        """The drug (generic name, or the ingredients of a compound joined with "/") and drug class
        of a treatment; (None, 'other') if it names no drug. A drug for topical use (a cream, gel,
        ointment, lotion or spray, or a strength in percent or mg/g with no oral form) is a
        topical analgesic whatever its class taken by mouth; several make a compound."""
        found: list[Drug] = []
        for mention in self.mentions(treatment.text):
            if mention.drug not in found:
                found.append(mention.drug)
        if not found:
            return None, "other"
        if _topical(treatment):
            return "/".join(d.generic for d in found), "topical_analgesic"
        drug = found[0]
        return drug.generic, drug.drug_class


def _topical(treatment: Treatment) -> bool:
    if treatment.form in _TOPICAL_FORMS:
        return True
    if treatment.form is not None:
        return False  # a tablet, capsule, suspension or patch says how it is taken
    unit = treatment.strength.unit.lower() if treatment.strength else ""
    return "%" in treatment.text or unit in _TOPICAL_UNITS


def _word_starts(lower: str, words: set[str]) -> list[tuple[int, str]]:
    """Where each of `words` stands as a whole word in ASCII `lower` (no letter, digit,
    underscore or hyphen before it, no letter, digit or underscore after it), in text order:
    the places `_WORD_START` finds with one of `words`, found by `str.find` rather than by
    visiting every word of the text."""
    size = len(lower)
    found = []
    for word in words:
        start = lower.find(word)
        while start >= 0:
            end = start + len(word)
            if (start == 0 or not (_is_word(lower[start - 1]) or lower[start - 1] == "-")) and (
                end == size or not _is_word(lower[end])
            ):
                found.append((start, word))
            start = lower.find(word, start + 1)
    found.sort()
    return found


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def drugs_from_data(data: object, source: Path | str = "<lexicon>") -> list[Drug]:
    """Build drugs from the parsed lexicon YAML (already schema-validated)."""
    if not isinstance(data, dict) or not isinstance(data.get("drugs"), list):
        raise ValueError(f"{source}: a lexicon needs a 'drugs' list")
    drugs: list[Drug] = []
    for entry in data["drugs"]:
        names = [entry["generic"], *entry.get("brands", ()), *entry.get("aliases", ()), *entry.get("misspellings", ())]
        drugs.append(Drug(entry["generic"], entry["class"], tuple(dict.fromkeys(names))))
    return drugs
