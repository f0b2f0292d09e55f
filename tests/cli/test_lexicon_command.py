"""`imr-check rules lexicon`: the lexicon's size by class, and the drug-like items it does not know."""

from __future__ import annotations

from pathlib import Path

from tests.support import EXAMPLES, invoke


def test_the_summary_counts_drugs_by_class() -> None:
    result = invoke("rules", "lexicon")
    assert result.exit_code == 0
    assert "benzodiazepine" in result.stdout and " drugs, " in result.stdout


def test_unknown_drug_like_items_are_listed_with_their_place(tmp_path: Path) -> None:
    letter = (EXAMPLES / "000_4d584a2f79dd9d78.txt").read_text(encoding="utf-8")
    (tmp_path / "a.txt").write_text(letter.replace("Norflex 100mg #60: Upheld", "Foozol 100mg #60: Upheld"), "utf-8")
    (tmp_path / "b.txt").write_text(letter.replace("Norflex 100mg #60: Upheld", "Wrist braces #2: Upheld"), "utf-8")
    result = invoke("rules", "lexicon", "--unknown", str(tmp_path))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "1 drug-like name the lexicon does not know (1 item):"
    assert "Foozol" in lines[1] and f"{tmp_path / 'a.txt'}:78" in lines[1]
    assert "braces" not in result.stdout  # a quantity alone does not make an item a drug


def test_known_letters_have_no_unknown_drugs() -> None:
    result = invoke("rules", "lexicon", "--unknown", str(EXAMPLES))
    assert result.stdout.strip() == "Every drug-like item names a drug the lexicon knows."


def test_unknown_needs_letters() -> None:
    assert invoke("rules", "lexicon", "--unknown").exit_code == 2
