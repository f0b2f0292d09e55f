"""What the parser needs to know besides the grammar: drugs, section names and phrasing."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .lexicon import DrugLexicon, drugs_from_data
from .phrases import PhraseSet
from .resources import rules_path
from .yamlio import DataError, YamlDocument, field_name, validated

LEXICON_SCHEMA = "lexicon.schema.json"
LANGUAGE_SCHEMA = "language.schema.json"
SECTIONS_SCHEMA = "sections.schema.json"


@dataclass(frozen=True)
class Vocabulary:
    lexicon: DrugLexicon
    conclusions: PhraseSet
    ur_actions: PhraseSet
    section_names: frozenset[str]


def load_vocabulary(
    drugs: Path | None = None, language: Path | None = None, sections: Path | None = None
) -> Vocabulary:
    """Load and validate the three data files; raises DataError(s) naming file, line and field."""
    schema_dir = rules_path("schema")
    drug_doc = validated(drugs or rules_path("drugs.yaml"), schema_dir / LEXICON_SCHEMA)
    language_doc = validated(language or rules_path("language.yaml"), schema_dir / LANGUAGE_SCHEMA)
    section_file = sections or rules_path("mtus-2009", "sections.yaml")
    names: set[str] = set()
    if section_file.exists():
        section_doc = validated(section_file, schema_dir / SECTIONS_SCHEMA)
        for section in section_doc.data.get("sections", []):
            names.add(section["name"].lower())
            names.update(alias.lower() for alias in section.get("aliases", ()))
    try:
        lexicon = DrugLexicon(drugs_from_data(drug_doc.data, drug_doc.path))
    except (KeyError, ValueError) as error:
        raise DataError(drug_doc.path, f"not a drug lexicon: {error}") from None
    return Vocabulary(
        lexicon=lexicon,
        conclusions=_phrase_set(language_doc, "conclusion"),
        ur_actions=_phrase_set(language_doc, "ur_action"),
        section_names=frozenset(names),
    )


def _phrase_set(document: YamlDocument, part: str) -> PhraseSet:
    """The phrases of one part of the language file; a phrase may mean one thing only."""
    seen: dict[str, str] = {}
    for label, phrases in document.data[part].items():
        for index, phrase in enumerate(phrases):
            key = " ".join(phrase.lower().split())
            if seen.setdefault(key, label) != label:
                where = (part, label, index)
                raise DataError(
                    document.path,
                    f"{phrase!r} is already listed under {seen[key]!r}",
                    document.line_of(where),
                    field_name(where),
                )
    return PhraseSet(document.data[part])


@cache
def default_vocabulary() -> Vocabulary:
    return load_vocabulary()
