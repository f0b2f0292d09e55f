"""The vocabularies are defined once, in checker/model.py; every schema that lists one agrees."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from checker import model
from tests.support import ROOT

VOCABULARIES = {
    "drug class": model.DRUG_CLASSES,
    "flag category": model.CATEGORIES,
    "decision": model.DECISIONS,
    "UR status": model.UR_STATUSES,
    "severity": model.SEVERITIES,
}
SCHEMAS = sorted([*(ROOT / "rules" / "schema").glob("*.json"), *(ROOT / "checker" / "schemas").glob("*.json")])


def _enums(node: Any) -> Iterator[list[Any]]:
    if isinstance(node, dict):
        if isinstance(node.get("enum"), list):
            yield node["enum"]
        for value in node.values():
            yield from _enums(value)
    elif isinstance(node, list):
        for value in node:
            yield from _enums(value)


@pytest.mark.parametrize("schema", SCHEMAS, ids=lambda p: p.name)
def test_every_enum_that_lists_a_vocabulary_lists_all_of_it(schema: Path) -> None:
    for enum in _enums(json.loads(schema.read_text(encoding="utf-8"))):
        for name, words in VOCABULARIES.items():
            shared = set(enum) & set(words)
            # An enum that names most of a vocabulary is that vocabulary (a subset of two words may be a filter).
            if len(shared) >= 3 or (len(words) <= 3 and shared == set(words)):
                # "never" (fail-on) and "any" (a section for every class) extend a vocabulary.
                assert set(enum) - {"never", "any"} == set(words), f"{schema.name}: {name} enum {enum} != {words}"


def test_the_schemas_name_every_drug_class_and_category_somewhere() -> None:
    listed = {word for schema in SCHEMAS for enum in _enums(json.loads(schema.read_text())) for word in enum}
    assert set(model.DRUG_CLASSES) <= listed
    assert set(model.CATEGORIES) <= listed
