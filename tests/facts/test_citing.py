"""The references of an item, placed once per item and judging guideline while a letter is checked."""

from __future__ import annotations

from checker.facts import citing
from checker.parse import memo
from checker.pipeline import read_letter
from checker.rulebook.book import default_rulebook
from tests.support import EXAMPLES


def test_references_kept_for_an_item_are_those_placed_afresh() -> None:
    rulebook = default_rulebook()
    guides = rulebook.guides
    assert guides is not None
    compared = 0
    for path in sorted(EXAMPLES.glob("*.txt")):
        memo.next_letter()
        letter, _ = read_letter(path.read_text(encoding="utf-8"), rulebook.vocabulary)
        for item in letter.items:
            for judge in (None, "mtus-2009", "odg"):
                fresh = citing._references(item, guides, judge)
                for role in (None, "reviewer", "claims_administrator"):
                    wanted = [r for r in fresh if role is None or r.citation.role == role]
                    # twice: placed once, then read from what the letter keeps
                    assert citing.references(item, guides, judge, role) == wanted
                    assert citing.references(item, guides, judge, role) == wanted
                    compared += len(wanted)
                assert [r.sections() for r in citing.references(item, guides, judge)] == [r.sections() for r in fresh]
    assert compared > 20
