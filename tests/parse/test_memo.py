"""Readings kept for one letter: shared while it is checked, forgotten before the next."""

from __future__ import annotations

from checker.parse import memo
from checker.parse.vocabulary import default_vocabulary
from checker.pipeline import check
from checker.rulebook.book import default_rulebook
from tests.support import EXAMPLES


def test_a_memo_forgets_everything_when_the_next_letter_starts() -> None:
    kept: memo.Memo[str, int] = memo.Memo()
    kept.put("a", 1)
    assert kept.get("a") == 1
    memo.next_letter()
    assert kept.get("a") is None


def test_a_memo_never_holds_more_than_its_limit() -> None:
    kept: memo.Memo[int, int] = memo.Memo()
    for number in range(memo.LIMIT * 3):
        kept.put(number, number)
    assert len(kept._values) <= memo.LIMIT
    assert kept.get(memo.LIMIT * 3 - 1) == memo.LIMIT * 3 - 1


def test_a_phrase_set_gives_the_same_matches_from_its_memo_and_afresh() -> None:
    phrases = default_vocabulary().verdicts.phrases
    text = "The request is not medically necessary. Medical necessity has not been established."
    first = list(phrases.finditer(text))
    assert first and list(phrases.finditer(text)) == first
    memo.next_letter()
    assert list(phrases.finditer(text)) == first


def test_checking_a_letter_twice_gives_the_same_result() -> None:
    rulebook = default_rulebook()
    for path in sorted(EXAMPLES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert check(text, rulebook, str(path)) == check(text, rulebook, str(path))
