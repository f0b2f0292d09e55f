"""What the parser needs to know besides the grammar: drugs, section names and phrasing."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .lexicon import DrugLexicon, drugs_from_data
from .phrases import PhraseSet
from .resources import rules_path
from .yamlio import DataError, validated

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
        conclusions=PhraseSet(language_doc.data["conclusion"]),
        ur_actions=PhraseSet(language_doc.data["ur_action"]),
        section_names=frozenset(names),
    )


@cache
def default_vocabulary() -> Vocabulary:
    return load_vocabulary()
