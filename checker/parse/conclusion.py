"""Find the sentence in which a rationale states its verdict, and the treatment it names.

A verdict turns on a verdict word ("medically necessary", "medically indicated", "non-certified")
whose meaning a negation earlier in its clause reverses, however far the negation stands from it:
"is not medically necessary", "cannot be deemed medically necessary", "does not appear medically
necessary", "is not supported by the provided records as being medically necessary". A verdict
noun ("medical necessity") states a verdict only with a predicate that establishes it ("medical
necessity has not been established"). A bare word ("necessary", "supported") counts only after
a copula and only when no sentence uses a verdict word. Words in a quotation, in a condition ("if
medically necessary", "may be necessary") or in boilerplate about the decision itself are not
verdicts. The verdict is the last one in the rationale that does not name another drug.

All the words are data (`conclusion` in rules/language.yaml).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from checker.model import Conclusion, Passage, Verdict
from checker.parse.lexicon import DrugLexicon
from checker.parse.phrases import PhraseMatch, PhraseSet
from checker.parse.sentences import sentence_spans
from checker.parse.treatment import parse_treatment

# What joins a treatment to its verdict ("... #90 is determined to not be medically necessary").
_VERB_TAIL = re.compile(r"\s+(?:is|was|are|were|has|have|does|do|remains?)\b.*$", re.IGNORECASE | re.DOTALL)
_WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?|[,;:]")
_QUOTE = re.compile('"')
# A comma followed by one of these opens a new clause ("Although it has not improved, the request is ...").
_CLAUSE_OPENERS = frozenset(
    [
        "the",
        "this",
        "these",
        "those",
        "that",
        "it",
        "they",
        "he",
        "she",
        "there",
        "such",
        "a",
        "an",
        "his",
        "her",
        "its",
        "their",
        "we",
        "i",
    ]
)
_COPULAS = frozenset(
    ["is", "are", "was", "were", "be", "been", "being", "remains", "remain", "seems", "seem", "appears", "appear"]
)
_BETWEEN_COPULA_AND_WORD = frozenset(
    [
        "not",
        "no",
        "longer",
        "also",
        "therefore",
        "thus",
        "still",
        "currently",
        "clearly",
        "considered",
        "deemed",
        "found",
        "determined",
        "to",
    ]
)
# How far back a negation may stand from the word it negates, in words.
_SCOPE = 16


@dataclass(frozen=True, slots=True)
class VerdictWords:
    """The words of the language file's `conclusion` part, compiled once."""

    # Every phrase a verdict is read from, in one set, so a rationale is scanned once. Labels:
    # necessary / not-necessary (terms: a verdict wherever they stand), noun (a verdict only with
    # an establishing predicate), bare (only after a copula, and only when no term or noun states
    # one), negation, and skip (a sentence holding it is never the verdict).
    phrases: PhraseSet
    establishing: frozenset[str]
    conditions: frozenset[str]
    clause_breaks: frozenset[str]

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> VerdictWords:
        """From the language file's `conclusion` part (already validated against its schema)."""

        def words(key: str) -> frozenset[str]:
            return frozenset(str(w).lower() for w in data[key])

        groups = {
            **data["terms"],
            "noun": data["nouns"],
            "bare": data["bare"],
            "negation": data["negations"],
            "skip": data["not_a_verdict"],
        }
        return cls(
            phrases=PhraseSet(groups),
            establishing=words("establishing"),
            conditions=words("conditions"),
            clause_breaks=words("clause_breaks"),
        )


@dataclass(frozen=True, slots=True)
class _Found:
    verdict: Verdict
    start: int  # of the verdict word, in the rationale
    sentence: tuple[int, int]


def find_conclusion(
    rationale: Passage, words: VerdictWords, lexicon: DrugLexicon, drugs: frozenset[str] | None = None
) -> Conclusion | None:
    """The rationale's verdict: the last one that does not conclude on a drug outside `drugs` (the
    item's drugs, when it names any); None when the rationale never states one."""
    text = rationale.text
    spans = sentence_spans(text)
    quoted = _quoted_spans(text)
    if not words.phrases.within_sentences:
        return _first_to_last(rationale, spans, quoted, words, lexicon, drugs)
    # The verdict is most often in the last sentences: read them from the last, each alone (the
    # same phrases as one scan of the whole rationale finds in it), and stop at the first strong
    # verdict for the item. The candidates are weighed in the order `_last_for_item` weighs them.
    fallback: _Chosen | None = None
    weak: list[_Found] = []
    for index in range(len(spans) - 1, -1, -1):
        start, end = spans[index]
        found_words = words.phrases.matches(text[start:end])
        if not found_words:
            continue
        strong, weak_here = _candidates(text, (start, end), found_words, quoted, words)
        for found in reversed(strong):
            chosen, for_item = _choose(found, text, lexicon, drugs)
            if for_item:
                return chosen.conclusion(rationale)
            fallback = fallback or chosen
        weak[:0] = weak_here
    if fallback is not None:
        return fallback.conclusion(rationale)
    chosen_weak = _last_for_item(weak, text, lexicon, drugs)
    return chosen_weak.conclusion(rationale) if chosen_weak is not None else None


def _first_to_last(
    rationale: Passage,
    spans: list[tuple[int, int]],
    quoted: list[tuple[int, int]],
    words: VerdictWords,
    lexicon: DrugLexicon,
    drugs: frozenset[str] | None,
) -> Conclusion | None:
    """`find_conclusion` from one scan of the whole rationale, shared out by sentence: for
    phrases that may run across sentences."""
    text = rationale.text
    by_sentence = _by_sentence(words.phrases.finditer(text), spans)
    strong: list[_Found] = []
    weak: list[_Found] = []
    for index, found_words in sorted(by_sentence.items()):
        strong_here, weak_here = _candidates(text, spans[index], found_words, quoted, words)
        strong += strong_here
        weak += weak_here
    for candidates in (strong, weak):
        chosen = _last_for_item(candidates, text, lexicon, drugs)
        if chosen is not None:
            return chosen.conclusion(rationale)
    return None


def _candidates(
    text: str,
    sentence: tuple[int, int],
    found_words: Sequence[PhraseMatch],
    quoted: list[tuple[int, int]],
    words: VerdictWords,
) -> tuple[list[_Found], list[_Found]]:
    """The strong and the weak verdicts of one sentence (`found_words`: its phrases, with
    offsets in it), outside quotations."""
    strong: list[_Found] = []
    weak: list[_Found] = []
    labels = {m.label for m in found_words}
    if "skip" in labels or labels <= {"negation"}:
        return strong, weak
    start, end = sentence
    for found, is_strong in _verdicts(text[start:end], words, list(found_words)):
        if not any(a <= start + found[1] < b for a, b in quoted):
            (strong if is_strong else weak).append(_Found(found[0], start + found[1], (start, end)))
    return strong, weak


@dataclass(frozen=True, slots=True)
class _Chosen:
    found: _Found
    named: str | None

    def conclusion(self, rationale: Passage) -> Conclusion:
        start, end = self.found.sentence
        return Conclusion(
            verdict=self.found.verdict,
            text=rationale.text[start:end],
            line=rationale.line_at(self.found.start),
            treatment=parse_treatment(self.named) if self.named else None,
        )


def _last_for_item(
    candidates: list[_Found], text: str, lexicon: DrugLexicon, drugs: frozenset[str] | None
) -> _Chosen | None:
    """The last candidate whose sentence does not conclude on another drug; else the last one."""
    fallback: _Chosen | None = None
    for found in reversed(candidates):
        chosen, for_item = _choose(found, text, lexicon, drugs)
        if for_item:
            return chosen
        fallback = fallback or chosen
    return fallback


def _choose(found: _Found, text: str, lexicon: DrugLexicon, drugs: frozenset[str] | None) -> tuple[_Chosen, bool]:
    """A candidate with the treatment its sentence names before it, and whether it may be the
    item's verdict: it does not conclude on a drug outside `drugs`."""
    start, _ = found.sentence
    before = text[start : found.start]
    named = list(lexicon.mentions(before))
    phrase = _VERB_TAIL.sub("", before[named[-1].start :]) if named else None
    return _Chosen(found, phrase), not (named and drugs and named[-1].drug.generic not in drugs)


def _by_sentence(matches: Iterable[PhraseMatch], spans: list[tuple[int, int]]) -> dict[int, list[PhraseMatch]]:
    """Matches over a whole text, by the index of the sentence holding them, with offsets in it."""
    starts = [start for start, _ in spans]
    out: dict[int, list[PhraseMatch]] = {}
    for match in matches:
        index = bisect_right(starts, match.start) - 1
        if index >= 0 and match.end <= spans[index][1]:
            start = spans[index][0]
            out.setdefault(index, []).append(
                PhraseMatch(match.label, match.start - start, match.end - start, match.text)
            )
    return out


def _verdicts(
    sentence: str, words: VerdictWords, found: list[PhraseMatch]
) -> Iterator[tuple[tuple[Verdict, int], bool]]:
    """((verdict, offset), strong) for each verdict word the sentence uses (`found`: its phrases,
    with offsets in it), in order."""
    terms = [m for m in found if m.label in ("necessary", "not-necessary")]
    nouns = [m for m in found if m.label == "noun"]
    bare = [m for m in found if m.label == "bare"]
    negations = [(m.start, m.end) for m in found if m.label == "negation"]
    tokens = [(m.group().lower(), m.start()) for m in _WORD.finditer(sentence)]
    stated = sorted(m.end for m in terms + nouns)
    for match in terms:
        if _conditional(sentence, match.start, match.end, tokens, words):
            continue
        meaning: Verdict = "necessary" if match.label == "necessary" else "not-necessary"
        own = _not_spent(match.start, stated, tokens, negations)
        yield (_negated(meaning, _negated_before(match.start, tokens, own, words)), match.start), True
    for match in nouns:
        predicate = _establishing_after(match.end, tokens, words)
        if predicate is None or _conditional(sentence, match.start, match.end, tokens, words):
            continue
        own = _not_spent(match.start, stated, tokens, negations)
        negated = _negated_before(match.start, tokens, own, words) or any(
            match.end <= a < predicate for a, _ in negations
        )
        yield (_negated("necessary", negated), match.start), True
    for match in bare:
        if not _after_copula(match.start, tokens) or _conditional(sentence, match.start, match.end, tokens, words):
            continue
        yield (_negated("necessary", _negated_before(match.start, tokens, negations, words)), match.start), False


def _not_spent(
    offset: int, stated: list[int], tokens: list[tuple[str, int]], negations: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """The negations that may reach a verdict word at `offset`: those after the last verdict word
    before it that a copula parts from it. A negation before that one belongs to its own predicate
    ("is not medically indicated and is not certified" says "not certified" once, not "not not
    certified"), but reaches a list of verdict words ("is not medically necessary or medically
    indicated")."""
    after = 0
    for end in stated:
        if end <= offset and any(word in _COPULAS for word, at in tokens if end <= at < offset):
            after = end
    return [(a, b) for a, b in negations if a >= after]


def _negated(meaning: Verdict, negated: bool) -> Verdict:
    if not negated:
        return meaning
    return "not-necessary" if meaning == "necessary" else "necessary"


def _clause_start(offset: int, tokens: list[tuple[str, int]], words: VerdictWords) -> int:
    """Where the clause holding `offset` begins: after a semicolon or colon, a clause-opening word
    ("because", "therefore"), or a comma that a new subject follows; at most `_SCOPE` words back."""
    before = [(i, t) for i, t in enumerate(tokens) if t[1] < offset]
    start = 0
    for position, (index, (word, at)) in enumerate(reversed(before)):
        if position >= _SCOPE or word in (";", ":") or word in words.clause_breaks:
            return at + len(word)
        if word == "," and index + 1 < len(tokens) and tokens[index + 1][0] in _CLAUSE_OPENERS:
            return at + 1
    return start


def _negated_before(
    offset: int, tokens: list[tuple[str, int]], negations: list[tuple[int, int]], words: VerdictWords
) -> bool:
    start = _clause_start(offset, tokens, words)
    return any(start <= a and b <= offset for a, b in negations)


def _conditional(sentence: str, start: int, end: int, tokens: list[tuple[str, int]], words: VerdictWords) -> bool:
    """A verdict word after "if", "may", "whether" in its clause, or before "if" or "unless"."""
    clause = _clause_start(start, tokens, words)
    if any(clause <= at < start and word in words.conditions for word, at in tokens):
        return True
    following = [word for word, at in tokens if at >= end][:3]
    return any(word in ("if", "unless") for word in following)


def _establishing_after(end: int, tokens: list[tuple[str, int]], words: VerdictWords) -> int | None:
    """The offset of a predicate that establishes a verdict noun, in the same clause after it. A
    comma or colon ends the clause only when a new subject follows it: the noun's object may hold
    them ("medical necessity for Norco 5/325mg, one tablet twice daily, #40 has not been
    established", "medical necessity for associated surgical service: EKG has not been shown")."""
    for index, (word, at) in enumerate(tokens):
        if at < end:
            continue
        if word == ";" or word in words.clause_breaks:
            return None
        if word in (",", ":") and index + 1 < len(tokens) and tokens[index + 1][0] in _CLAUSE_OPENERS:
            return None
        if word in words.establishing:
            return at
    return None


def _after_copula(offset: int, tokens: list[tuple[str, int]]) -> bool:
    """A bare verdict word right after a copula, with only words such as "not", "considered",
    "deemed" or "therefore" between ("is not considered necessary", not "is a drug indicated")."""
    for word, _ in reversed([t for t in tokens if t[1] < offset]):
        if word in _COPULAS:
            return True
        if word not in _BETWEEN_COPULA_AND_WORD:
            return False
    return False


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """Stretches between paired double quotes: the guideline's words, not the reviewer's."""
    marks = [m.start() for m in _QUOTE.finditer(text)]
    return [(marks[i], marks[i + 1]) for i in range(0, len(marks) - 1, 2)]


@dataclass(frozen=True, slots=True)
class DenialWords:
    """The language file's `previous_denial` part: "the prior denial is upheld", "I overturn the
    non-certification"."""

    pattern: re.Pattern[str]
    upheld: frozenset[str]

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> DenialWords:
        def alternation(key: str) -> str:
            return "|".join(re.escape(" ".join(str(w).lower().split())).replace(r"\ ", r"\s+") for w in data[key])

        nouns, verbs = alternation("nouns"), alternation("upheld") + "|" + alternation("overturned")
        passive = (
            rf"\b(?:{nouns})\b[^.;]{{0,60}}?\b(?:is|was|are|were|be|been|remains?)\s+(?:hereby\s+)?(?P<after>{verbs})\b"
        )
        active = rf"\b(?P<before>{verbs})\s+(?:the\s+)?(?:[a-z]+\s+){{0,3}}?(?:{nouns})\b"
        return cls(re.compile(f"{passive}|{active}", re.IGNORECASE), frozenset(str(w).lower() for w in data["upheld"]))

    def decision(self, text: str) -> str | None:
        """upheld or overturned, from the last sentence of `text` that says what became of the
        previous denial; None when none does (or one says it is not upheld)."""
        for start, end in reversed(sentence_spans(text)):
            sentence = text[start:end]
            found = list(self.pattern.finditer(sentence))
            if not found:
                continue
            match = found[-1]
            if re.search(r"(?i)\bnot\b", sentence[match.start() : match.end()]):
                return None
            verb = (match.group("after") or match.group("before")).lower()
            return "upheld" if verb in self.upheld else "overturned"
        return None
