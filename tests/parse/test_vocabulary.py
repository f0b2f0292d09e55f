"""The parser's data files: a bad edit is refused with its file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.datafiles.resources import rules_path
from checker.datafiles.yamlio import DataError
from checker.parse.vocabulary import load_vocabulary


def test_a_phrase_listed_under_two_meanings_is_refused(tmp_path: Path) -> None:
    text = rules_path("language.yaml").read_text(encoding="utf-8")
    edited = text.replace("  modified:\n    - modified\n", "  modified:\n    - modified\n    - Approved\n")
    assert edited != text
    language = tmp_path / "language.yaml"
    language.write_text(edited, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_vocabulary(language=language)
    error = caught.value
    # The later listing is the one refused: `approved` under certified, after `Approved` under modified.
    assert error.field == "ur_action.certified[1]"
    assert error.line == edited.splitlines().index("    - approved") + 1
    assert error.message == "'approved' is already listed under 'modified'"


def test_the_shipped_language_file_loads() -> None:
    vocabulary = load_vocabulary()
    found = [(m.label, m.text) for m in vocabulary.ur_actions.finditer("UR non-certified it; later approved")]
    assert found == [("non-certified", "non-certified"), ("certified", "approved")]
