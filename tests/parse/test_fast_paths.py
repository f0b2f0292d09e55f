"""Fast paths agree with the plain regular expressions they replace, on real and random text."""

from __future__ import annotations

import random
import re

import pytest

from checker.parse.lexicon import DrugLexicon
from checker.parse.sentences import _ABBREVIATIONS, sentence_spans
from checker.parse.vocabulary import default_vocabulary
from tests.support import EXAMPLES

# The boundary as first written: lookbehinds at every position; a closing quote stays with its sentence.
_REFERENCE_BOUNDARY = re.compile(
    r"(?<=[.!?])(?:\s+(?=[A-Z\"'(\[\u201c])|(?=[A-Z][a-z]))"
    r"|(?<=[.!?][\"\u201d])\s+(?=[A-Z\"'(\[\u201c])"
    r"|(?<=[a-z]\.)(?=[A-Z][a-z])"
)


def _reference_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in _REFERENCE_BOUNDARY.finditer(text):
        end = match.start()
        if text[:end].endswith(_ABBREVIATIONS):
            continue
        if text[start:end].strip():
            spans.append((start, end))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    trimmed = []
    for s, e in spans:
        piece = text[s:e]
        trimmed.append((s + len(piece) - len(piece.lstrip()), e - (len(piece) - len(piece.rstrip()))))
    return trimmed


def _texts(words: list[str], seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    joins = [" ", "", "-", "/", ", ", ". ", ".", "? ", "\n"]
    examples = [path.read_text(encoding="utf-8") for path in sorted(EXAMPLES.glob("*.txt"))]
    return examples + [
        "".join(rng.choice(words) + rng.choice(joins) for _ in range(rng.randint(1, 12))) for _ in range(count)
    ]


@pytest.fixture(scope="module")
def lexicon() -> DrugLexicon:
    return default_vocabulary().lexicon


def test_drug_mentions_match_the_alternation(lexicon: DrugLexicon) -> None:
    names = [drug.names[0] for drug in lexicon.drugs] + [n for drug in lexicon.drugs for n in drug.names[1:2]]
    words = [*names, *(n.upper() for n in names[:20]), "and", "x-", "(", ")", "10mg", "#60", "Norco10", "norco_"]
    words += ["co-" + n for n in names[:10]] + ["Ⅻ", "\u017foma", "Kelvin\u212a"]
    found = 0
    for text in _texts(words, seed=5, count=3000):
        fast = [(m.start, m.end, m.drug.generic) for m in lexicon.mentions(text)]
        slow = [(m.start(), m.end(), lexicon._resolve(m.group()).generic) for m in lexicon._pattern.finditer(text)]
        assert fast == slow, text
        found += len(fast)
    assert found > 1000


def test_sentence_spans_match_the_lookbehind_pattern() -> None:
    words = ["The", "request", "Dr.", "e.g.", "Norco", "is", "established.The", "?", "(b)", "'quoted'", "A", "x.Y"]
    words += ['activity."', '"Relief', "\u201cRelief", "pain.\u201d", 'x."Y']
    for text in _texts(words, seed=7, count=3000):
        assert sentence_spans(text) == _reference_spans(text), text
