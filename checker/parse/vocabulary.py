"""What the parser needs to know besides the grammar: drugs, section names and phrasing."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from checker.datafiles.resources import rules_path
from checker.datafiles.yamlio import DataError, YamlDocument, field_name, validated
from checker.parse.conclusion import DenialWords, VerdictWords
from checker.parse.guideline import build_guideline
from checker.parse.itemkind import ItemKinds, build_kinds
from checker.parse.itemwords import ItemWords
from checker.parse.lexicon import DrugLexicon, drugs_from_data
from checker.parse.phrases import PhraseSet
from checker.parse.urstatus import URWords

LEXICON_SCHEMA = "lexicon.schema.json"
LANGUAGE_SCHEMA = "language.schema.json"
SECTIONS_SCHEMA = "sections.schema.json"
KINDS_SCHEMA = "kinds.schema.json"


@dataclass(frozen=True)
class Vocabulary:
    lexicon: DrugLexicon
    verdicts: VerdictWords
    denials: DenialWords
    ur: URWords
    item_words: ItemWords
    section_names: frozenset[str]
    kinds: ItemKinds | None = None  # item kinds and body regions (rules/kinds.yaml)

    @property
    def ur_actions(self) -> PhraseSet:
        return self.ur.actions


def load_vocabulary(
    drugs: Path | None = None,
    language: Path | None = None,
    section_names: Collection[str] | None = None,
    kinds: Path | None = None,
) -> Vocabulary:
    """Load and validate the data files; raises DataError(s) naming file, line and field.

    `section_names` are the guideline's section names and aliases, lower case; by default they
    come from the shipped MTUS 2009 sections file.
    """
    schema_dir = rules_path("schema")
    drug_doc = validated(drugs or rules_path("drugs.yaml"), schema_dir / LEXICON_SCHEMA)
    language_doc = validated(language or rules_path("language.yaml"), schema_dir / LANGUAGE_SCHEMA)
    kinds_doc = validated(kinds or rules_path("kinds.yaml"), schema_dir / KINDS_SCHEMA)
    if section_names is None:
        sections_doc = validated(rules_path("mtus-2009", "sections.yaml"), schema_dir / SECTIONS_SCHEMA)
        section_names = build_guideline(sections_doc).by_name.keys()
    try:
        lexicon = DrugLexicon(drugs_from_data(drug_doc.data, drug_doc.path))
    except (KeyError, ValueError) as error:
        raise DataError(drug_doc.path, f"not a drug lexicon: {error}") from None
    return Vocabulary(
        lexicon=lexicon,
        verdicts=_verdict_words(language_doc),
        denials=DenialWords.from_data(language_doc.data["previous_denial"]),
        ur=URWords.from_data(_phrase_set(language_doc, "ur_action").groups, language_doc.data["ur_statement"]),
        item_words=ItemWords.from_data(language_doc.data["item_words"]),
        section_names=frozenset(section_names),
        kinds=build_kinds(kinds_doc),
    )


def _phrase_set(
    document: YamlDocument, part: str, groups: dict[str, list[str]] | None = None, path: tuple[str, ...] = ()
) -> PhraseSet:
    """The phrases of one part of the language file; a phrase may mean one thing only."""
    groups = document.data[part] if groups is None else groups
    seen: dict[str, str] = {}
    for label, phrases in groups.items():
        for index, phrase in enumerate(phrases):
            key = " ".join(phrase.lower().split())
            if seen.setdefault(key, label) != label:
                where = (*(path or (part,)), label, index)
                raise DataError(
                    document.path,
                    f"{phrase!r} is already listed under {seen[key]!r}",
                    document.line_of(where),
                    field_name(where),
                )
    return PhraseSet(groups)


def _verdict_words(document: YamlDocument) -> VerdictWords:
    """The `conclusion` part; a verdict term may mean one thing only."""
    _phrase_set(document, "conclusion", document.data["conclusion"]["terms"], ("conclusion", "terms"))
    return VerdictWords.from_data(document.data["conclusion"])


@cache
def default_vocabulary() -> Vocabulary:
    return load_vocabulary()
