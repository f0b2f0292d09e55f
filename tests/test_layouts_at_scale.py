"""Generated letters rewritten in format2 and format3 raise the same flags as in the standard layout.

The corpus comes from benchmarks/make_corpus.py (a fixed seed, planted inconsistencies of every
category); tests/relayout.py rewrites each parsed letter in the other layouts' headings and prose.
"""

from __future__ import annotations

import pytest

from checker.model import LetterResult
from checker.pipeline import check, read_letter
from checker.rulebook.book import Rulebook, default_rulebook
from tests.relayout import as_format2, as_format3
from tests.support import ROOT, load_script

pytestmark = pytest.mark.slow  # hundreds of letters in every layout

LETTERS = 200


def _make_corpus():  # type: ignore[no-untyped-def]
    return load_script(ROOT / "benchmarks" / "make_corpus.py", "make_corpus")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    out = tmp_path_factory.mktemp("corpus")
    _make_corpus().make(LETTERS, out, seed=606, defect_rate=0.5, mode="examples")
    return [p.read_text(encoding="utf-8") for p in sorted(out.glob("*.txt"))]


def rules_by_item(result: LetterResult, reviewer_citations_only: bool = False) -> list[list[str]]:
    assert result.status == "ok", result.errors
    out = []
    for item_result in result.items:
        rules = []
        for flag in item_result.flags:
            # format3 states only the reviewer's guideline: a claims administrator's citation is not in it.
            if reviewer_citations_only and flag.rule.startswith("MTUS-CIT") and "the reviewer" not in flag.message:
                continue
            rules.append(flag.rule)
        out.append(sorted(rules))
    return out


def test_every_layout_is_flagged_like_the_standard_one(corpus: list[str]) -> None:
    rulebook: Rulebook = default_rulebook()
    flagged = 0
    for text in corpus:
        standard = check(text, rulebook)
        letter, _ = read_letter(text, rulebook.vocabulary)
        flagged += any(rules_by_item(standard))

        format3 = check(as_format3(letter), rulebook)
        assert format3.layout == "format3"
        assert rules_by_item(format3) == rules_by_item(standard, reviewer_citations_only=True)

        # format2 states no decision word: an item's decision is its conclusion, so compare the
        # items whose header agrees with their conclusion (the others cannot be written in it).
        format2 = check(as_format2(letter), rulebook)
        assert format2.layout == "format2"
        agree = [
            i.item.conclusion is not None
            and (i.item.conclusion.verdict == "not-necessary") == (i.item.decision == "upheld")
            for i in standard.items
        ]
        want = [rules for rules, same in zip(rules_by_item(standard), agree, strict=True) if same]
        got = [rules for rules, same in zip(rules_by_item(format2), agree, strict=True) if same]
        assert got == want
    assert flagged > LETTERS // 4, "the corpus plants inconsistencies, so the comparison means something"
