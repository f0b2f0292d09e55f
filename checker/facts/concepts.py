"""The concepts file, compiled once per rulebook load: phrase lists become a few combined patterns.

A `ConceptModel` holds one pattern per job (sentence cues, negation cues, concepts, medication
and duration cues), so analysing a letter runs each pattern once over each passage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from checker.datafiles.regexcheck import UnsafePattern, check_pattern
from checker.datafiles.yamlio import DataError, YamlDocument
from checker.parse.phrases import PhraseSet

# A phrase label's suffix: the phrase documents its concept, but negated it means absent.
ABSENT_WHEN_NEGATED = "~absent"


@dataclass(frozen=True)
class Concept:
    name: str
    label: str
    negated: str  # what a negated mention means: "absent" or "documented"
    documented_when: str | None = None
    about_the_drug: str | None = None  # "not_another" or "named": whose a mention is (facts/anchors.py)


@dataclass
class ConceptModel:
    """Everything compiled from a concepts file."""

    concepts: dict[str, Concept]
    groups: dict[str, tuple[str, ...]]
    sentence_cues: PhraseSet
    negation_cues: PhraseSet
    concept_phrases: PhraseSet
    concept_patterns: list[tuple[str, re.Pattern[str]]]
    misc_cues: PhraseSet
    pain_relief: list[re.Pattern[str]]
    max_words: int
    class_terms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # What a statement can be about: class words, 'this medication', medications in general,
    # treatments that are not drugs (labels class:NAME, this_drug, medications, treatment).
    anchor_cues: PhraseSet | None = None
    # Words an item header may use, by what they say (patch, urine_drug_test).
    header_words: PhraseSet | None = None
    # A quick look before a passage is read in full: its absence cues, and the phrases of the
    # concepts the rationale-against-the-record rule compares (the group `contradictable`).
    absence_cues: PhraseSet | None = None
    contradictable: PhraseSet | None = None


def build_concepts(document: YamlDocument) -> ConceptModel:
    """Compile a schema-valid concepts document; raises DataError for bad groups or patterns."""
    data = document.data
    concepts: dict[str, Concept] = {}
    phrase_groups: dict[str, list[str]] = {}
    patterns: list[tuple[str, re.Pattern[str]]] = []
    for name, entry in data["concepts"].items():
        concepts[name] = Concept(
            name,
            entry["label"],
            entry.get("negated", "absent"),
            entry.get("documented_when"),
            entry.get("about_the_drug"),
        )
        phrase_groups[name] = list(entry["phrases"])
        if entry.get("absent_when_negated"):
            # matched as the concept, but a negation of one of these means it is absent
            phrase_groups[f"{name}{ABSENT_WHEN_NEGATED}"] = list(entry["absent_when_negated"])
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
    attribution = data.get("attribution") or {}
    anchors = {
        **{f"class:{name}": list(terms) for name, terms in classes.items()},
        "this_drug": list(durations.get("this_drug", ())),
        "medications": list(attribution.get("medications", ())),
        "treatment": list(attribution.get("treatments", ())),
    }
    pain_relief = [
        _compile(document, ("pain_relief", "patterns", index), pattern, needs_groups=True)
        for index, pattern in enumerate((data.get("pain_relief") or {}).get("patterns", ()))
    ]
    return ConceptModel(
        concepts=concepts,
        groups=groups,
        sentence_cues=PhraseSet(
            {key: sentences.get(key, ()) for key in ("case", "patient", "guideline")},
        ),
        negation_cues=PhraseSet(
            {
                key: negation.get(key, ())
                for key in (
                    "requirement",
                    "absence",
                    "negation",
                    "absence_after",
                    "negation_after",
                    "requirement_after",
                    "scope_end",
                )
            }
        ),
        concept_phrases=PhraseSet(phrase_groups),
        concept_patterns=patterns,
        misc_cues=PhraseSet(misc),
        pain_relief=pain_relief,
        max_words=int(negation.get("max_words", 25)),
        class_terms={name: tuple(terms) for name, terms in classes.items()},
        anchor_cues=PhraseSet(anchors),
        header_words=PhraseSet({name: list(words) for name, words in (data.get("headers") or {}).items()}),
        absence_cues=PhraseSet({key: negation.get(key, ()) for key in ("absence", "absence_after")}),
        contradictable=PhraseSet(
            {name: phrase_groups.get(name, []) for name in groups.get("contradictable", ()) if name in phrase_groups}
        ),
    )


def _compile(
    document: YamlDocument, where: tuple[str | int, ...], pattern: str, needs_groups: bool = False
) -> re.Pattern[str]:
    from checker.datafiles.yamlio import field_name

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
