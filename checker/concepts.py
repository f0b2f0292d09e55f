"""The concepts file, compiled once per rulebook load: phrase lists become a few combined patterns.

A `ConceptModel` holds one pattern per job (sentence cues, negation cues, concepts, medication
and duration cues), so analysing a letter runs each pattern once over each passage.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from .phrases import PhraseMatch
from .regexcheck import UnsafePattern, check_pattern
from .yamlio import DataError, YamlDocument


@dataclass(frozen=True)
class Concept:
    name: str
    label: str
    negated: str  # what a negated mention means: "absent" or "documented"
    documented_when: str | None = None


class LabelledPhrases:
    """Labelled phrases compiled into one trie-shaped pattern; one phrase may carry several labels
    ("denied" is both a negation cue and a negation-after cue), joined with "|".

    A plain alternation of hundreds of phrases makes Python's `re` try each in turn at every word;
    a trie shares their prefixes, so a position is rejected after a character or two. The longest
    phrase wins where several start at one place.
    """

    def __init__(self, groups: Mapping[str, Sequence[str]]) -> None:
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


@dataclass
class ConceptModel:
    """Everything compiled from a concepts file."""

    concepts: dict[str, Concept]
    groups: dict[str, tuple[str, ...]]
    sentence_cues: LabelledPhrases
    negation_cues: LabelledPhrases
    concept_phrases: LabelledPhrases
    concept_patterns: list[tuple[str, re.Pattern[str]]]
    misc_cues: LabelledPhrases
    pain_relief: list[re.Pattern[str]]
    max_words: int
    class_terms: dict[str, tuple[str, ...]] = field(default_factory=dict)


def build_concepts(document: YamlDocument) -> ConceptModel:
    """Compile a schema-valid concepts document; raises DataError for bad groups or patterns."""
    data = document.data
    concepts: dict[str, Concept] = {}
    phrase_groups: dict[str, list[str]] = {}
    patterns: list[tuple[str, re.Pattern[str]]] = []
    for name, entry in data["concepts"].items():
        concepts[name] = Concept(name, entry["label"], entry.get("negated", "absent"), entry.get("documented_when"))
        phrase_groups[name] = list(entry["phrases"])
        for index, pattern in enumerate(entry.get("patterns", ())):
            patterns.append((name, _compile(document, ("concepts", name, "patterns", index), pattern)))
    groups: dict[str, tuple[str, ...]] = {}
    for name, members in (data.get("groups") or {}).items():
        where = ("groups", name)
        if name in concepts:
            raise DataError(document.path, "a group cannot share a concept's name", document.line_of(where), name)
        for index, member in enumerate(members):
            if member not in concepts:
                raise DataError(
                    document.path,
                    f"unknown concept {member!r}",
                    document.line_of((*where, index)),
                    f"groups.{name}[{index}]",
                )
        groups[name] = tuple(members)
    negation = data["negation"]
    sentences = data["sentences"]
    medication = data.get("medication") or {"with": [], "without": []}
    durations = data.get("durations") or {}
    classes = data.get("classes") or {}
    misc: dict[str, list[str]] = {
        "with": medication["with"],
        "without": medication["without"],
        **{key: list(durations.get(key, ())) for key in ("since", "current", "this_drug", "request_date")},
        **{f"class:{name}": list(terms) for name, terms in classes.items()},
    }
    pain_relief = [
        _compile(document, ("pain_relief", "patterns", index), pattern, needs_groups=True)
        for index, pattern in enumerate((data.get("pain_relief") or {}).get("patterns", ()))
    ]
    return ConceptModel(
        concepts=concepts,
        groups=groups,
        sentence_cues=LabelledPhrases(
            {key: sentences.get(key, ()) for key in ("case", "patient", "guideline")},
        ),
        negation_cues=LabelledPhrases(
            {
                key: negation.get(key, ())
                for key in ("requirement", "absence", "negation", "absence_after", "negation_after", "scope_end")
            }
        ),
        concept_phrases=LabelledPhrases(phrase_groups),
        concept_patterns=patterns,
        misc_cues=LabelledPhrases(misc),
        pain_relief=pain_relief,
        max_words=int(negation.get("max_words", 25)),
        class_terms={name: tuple(terms) for name, terms in classes.items()},
    )


def _compile(
    document: YamlDocument, where: tuple[str | int, ...], pattern: str, needs_groups: bool = False
) -> re.Pattern[str]:
    from .yamlio import field_name

    try:
        compiled = check_pattern(pattern)
    except UnsafePattern as error:
        raise DataError(document.path, str(error), document.line_of(where), field_name(where)) from None
    if needs_groups and not ("percent" in compiled.groupindex or {"before", "after"} <= set(compiled.groupindex)):
        raise DataError(
            document.path,
            "a pain-relief pattern needs a group (?P<percent>...) or the groups (?P<before>...) and (?P<after>...)",
            document.line_of(where),
            field_name(where),
        )
    return compiled
