"""Fast paths agree with the plain regular expressions they replace, on real and random text."""

from __future__ import annotations

import random
import re

import pytest
from lark import Lark, Token
from lark.exceptions import LarkError

from checker.facts import measures
from checker.facts.dates import _REQUEST, _may_name_request
from checker.model import Passage
from checker.parse.conclusion import _first_to_last, _quoted_spans, find_conclusion
from checker.parse.grammars import load, phrase_parser
from checker.parse.layouts import read_layout
from checker.parse.lexicon import DrugLexicon
from checker.parse.phrases import PhraseMatch, _key
from checker.parse.sentences import _ABBREVIATIONS, sentence_spans
from checker.parse.tokenfeed import TokenParser
from checker.parse.vocabulary import default_vocabulary
from checker.read.normalize import _TRANSLATE, normalize
from tests.support import EXAMPLES, TESTS

LAYOUTS = TESTS / "fixtures" / "layouts"

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


def test_one_drugs_names_in_lower_case_match_its_case_insensitive_pattern(lexicon: DrugLexicon) -> None:
    drugs = [d for d in lexicon.drugs if len(d.names) > 1][:40]
    names = [n for drug in drugs for n in drug.names]
    words = [*names, *(n.upper() for n in names[:20]), "and", "x-", "_", "(", "10mg", "co-"]
    words += ["\u017foma", "Kelvin\u212a"]
    found = 0
    for index, text in enumerate(_texts(words, seed=29, count=3000)):
        generic = drugs[index % len(drugs)].generic
        pattern = lexicon.names_of(generic)
        assert pattern is not None
        assert lexicon.name_spans(generic, text) == [m.span() for m in pattern.finditer(text)], text
        found += len(lexicon.name_spans(generic, text))
    assert found > 300


def test_a_phrase_occurs_in_a_window_as_the_case_insensitive_search_finds() -> None:
    phrases = default_vocabulary().ur.actions
    keys = list(phrases._labels)
    words = [*keys, *(k.upper() for k in keys[:30]), "not", "the", "-", "x", "non", "caf\u00e9", "Kelvin\u212a"]
    found = 0
    rng = random.Random(31)
    for text in _texts(words, seed=37, count=2000):
        for _ in range(5):
            start = rng.randint(0, len(text))
            end = rng.randint(start, len(text) + 5)
            slow = phrases.pattern.search(text, start, end) is not None
            assert phrases.occurs(text, start, end) == slow, (text, start, end)
            found += slow
    assert found > 1000


def test_conclusions_read_from_the_last_sentence_match_one_scan_of_the_rationale(lexicon: DrugLexicon) -> None:
    vocabulary = default_vocabulary()
    words = vocabulary.verdicts
    assert words.phrases.within_sentences
    rationales = []
    for path in [*sorted(EXAMPLES.glob("*.txt")), *sorted(LAYOUTS.glob("*.txt"))]:
        letter, _ = read_layout(normalize(path.read_text(encoding="utf-8")), vocabulary)
        rationales += [(item.rationale, frozenset({item.drug}) if item.drug else None) for item in letter.items]
    pieces = [*words.phrases._labels, "Norco 10/325mg #60", "Tramadol", "the request for", "is", "if", "not"]
    pieces += ["therefore", "because", ",", ";", '"', "\u201cquoted", "Dr.", "e.g.", "x-", "The", "weaning with"]
    rng = random.Random(41)
    for _ in range(3000):
        sentences = [" ".join(rng.choice(pieces) for _ in range(rng.randint(1, 8))) for _ in range(rng.randint(1, 5))]
        text = "".join(sentence + rng.choice([". ", ".", "! ", "? ", '." ', " ", "\n"]) for sentence in sentences)
        rationales.append((Passage(text), rng.choice([None, frozenset({"hydrocodone"}), frozenset({"tramadol"})])))
    concluded = 0
    for rationale, drugs in rationales:
        spans = sentence_spans(rationale.text)
        quoted = _quoted_spans(rationale.text)
        one_scan = _first_to_last(rationale, spans, quoted, words, lexicon, drugs)
        assert find_conclusion(rationale, words, lexicon, drugs) == one_scan, rationale.text
        concluded += one_scan is not None
    assert concluded > 1000


def test_sentence_spans_match_the_lookbehind_pattern() -> None:
    words = ["The", "request", "Dr.", "e.g.", "Norco", "is", "established.The", "?", "(b)", "'quoted'", "A", "x.Y"]
    words += ['activity."', '"Relief', "\u201cRelief", "pain.\u201d", 'x."Y']
    for text in _texts(words, seed=7, count=3000):
        assert sentence_spans(text) == _reference_spans(text), text


def test_phrase_sets_in_lower_case_match_the_case_insensitive_pattern() -> None:
    vocabulary = default_vocabulary()
    sets = (vocabulary.verdicts.phrases, vocabulary.ur.actions, vocabulary.item_words.synonyms)
    for index, phrases in enumerate(sets):
        keys = list(phrases._labels)
        words = [*keys, *(k.upper() for k in keys[:30]), *(k.replace(" ", "  \n") for k in keys[:30])]
        words += ["not", "the", "-", "x", "Dr.", "non", "caf\u00e9", "Kelvin\u212a"]
        found = 0
        for text in _texts(words, seed=11 + index, count=2000):
            slow = [
                PhraseMatch(phrases._labels[_key(m.group())], m.start(), m.end(), m.group())
                for m in phrases.pattern.finditer(text)
            ]
            assert list(phrases.matches(text)) == slow, text
            found += len(slow)
        assert found > 1000


def test_phrases_in_sentence_spans_match_scanning_each_sentence_alone() -> None:
    actions = default_vocabulary().ur.actions
    keys = list(actions._labels)
    words = [*keys, *(k.upper() for k in keys[:30]), "not", "the", "Dr.", "non-", "x", "_", "caf\u00e9", "Mr. A."]
    whole_scans = 0
    for text in _texts(words, seed=23, count=2000):
        spans = sentence_spans(text)
        alone = [actions.matches(text[a:b]) for a, b in spans]
        assert actions.in_spans(text, spans) == alone, text
        # Spans cut inside words force the sentence-by-sentence scan, and must agree too.
        halves = [(a, (a + b) // 2) for a, b in spans if b - a > 1]
        assert actions.in_spans(text, halves) == [actions.matches(text[a:b]) for a, b in halves], text
        whole_scans += sum(map(len, alone))
    assert whole_scans > 1000


def test_dates_in_lower_case_match_the_case_insensitive_pattern() -> None:
    words = ["Sept.", "Sep", "September", "may", "MAY", "Jan.", "december", "5,", "2016", "16", "12/31/16", "1-2-"]
    words += ["03/2016", "1/2/2016", "on", "12", "31", "DOI:", "Mar", "Junee", "2o16", "DECEMBER 5, 2016"]
    found = 0
    for text in _texts(words, seed=13, count=5000):
        if not text.isascii():
            continue
        slow = [(m.span(), m.group("mname") and m.group("mname").lower()) for m in measures._DATE.finditer(text)]
        fast = [(m.span(), m.group("mname")) for m in measures._DATE_LOWER.finditer(text.lower())]
        assert fast == slow, text
        found += len(fast)
    assert found > 1000


def test_a_request_date_cue_is_tried_only_where_request_or_rfa_stands() -> None:
    words = ["request", "Request", "REQUESTED", "requesting", "RFA", "rfa", "for", "authorization", "authorisation"]
    words += ["dated", "on", "of", "received", "the", "UR", "x", "2016", "."]
    tried = 0
    for text in _texts(words, seed=43, count=3000):
        if not text.isascii():
            continue
        lower = text.lower()
        for start in range(0, len(text), 7):
            end = min(len(text), start + 60)
            if not _may_name_request(lower, start, end):
                assert _REQUEST.search(text[start:end]) is None, text[start:end]
            else:
                tried += 1
    assert tried > 1000


def test_the_phrase_feeder_gives_larks_tree() -> None:
    grammar = load("treatment.lark")
    feeder = phrase_parser("treatment.lark")
    assert feeder.enabled
    words = ["Norco", "10/325mg", "#360", "mcg/hr", "patch", "tablets", "QTY:", "120.00", "5%", "ER", "x", "2", "#"]
    words += ["for", "the", "lumbar", "-", "/", "units", "1.5", "ml", "(", ")", "caps", "cream", "extended-release"]
    rng = random.Random(17)
    for _ in range(3000):
        text = " ".join(rng.choice(words) + rng.choice(["", "", " ", "mg"]) for _ in range(rng.randint(0, 8)))
        _assert_the_feeder_parses_as_lark(grammar, feeder, text)


def test_the_phrase_feeder_gives_larks_tree_where_the_lexer_narrows_its_terminals() -> None:
    # The citation grammar's states accept different terminals: each state scans with its own.
    grammar = load("citation.lark")
    feeder = phrase_parser("citation.lark")
    paragraphs = [
        "Decision based on MTUS Chronic Pain Medical Treatment Guidelines (2009), Section(s): Opioids,"
        " criteria for use, Page(s): 76-80.",
        "Decision based on MTUS Chronic Pain Medical Treatment Guidelines 2016, Section(s): Opioids, and"
        " Opioid Treatment Guidelines 2016, Section(s): 3.3.9 Opioids for chronic pain.",
        "Decision based on Non-MTUS Citation Official Disability Guidelines (ODG), Pain, Muscle relaxants.",
        "Decision based on MTUS ACOEM Practice Guidelines, 2nd Edition (2004), Chapter 12, pages 303-305.",
        "The Claims Administrator did not cite any medical evidence for its decision.",
        "The reviewer based his/her decision on recommendations outside of the MTUS.",
    ]
    words = " ".join(paragraphs).split()
    rng = random.Random(23)
    texts = paragraphs + [" ".join(rng.sample(words, rng.randint(1, 14))) for _ in range(1500)]
    texts += [text[: rng.randint(0, len(text))] for text in paragraphs for _ in range(20)]
    parsed = 0
    for text in texts:
        parsed += _assert_the_feeder_parses_as_lark(grammar, feeder, text)
    assert parsed >= len(paragraphs)


def _assert_the_feeder_parses_as_lark(grammar: Lark, feeder: TokenParser, text: str) -> bool:
    """The feeder gives Lark's tree, tokens and positions for `text`, or fails as Lark does;
    whether `text` parsed."""
    try:
        expected = grammar.parse(text)
    except LarkError as error:
        with pytest.raises(type(error)):
            feeder.parse(text)
        return False
    tree = feeder.parse(text)
    assert tree == expected, text
    assert [_where(t) for t in tree.scan_values(lambda _: True)] == [
        _where(t) for t in expected.scan_values(lambda _: True)
    ]
    return True


def _where(token: Token) -> tuple[object, ...]:
    return (token.type, str(token), token.start_pos, token.line, token.column, token.end_line, token.end_column)


def test_ascii_letters_normalize_as_through_the_translation_table() -> None:
    rng = random.Random(19)
    pieces = ["Page 2 of 5", "- page 3 -", "word", "\t", "\x00", "  ", "\n", "\f", "09-", "03- 2015", "short-", "term"]
    for _ in range(2000):
        text = "".join(rng.choice(pieces) + rng.choice([" ", "", "\n"]) for _ in range(rng.randint(1, 30)))
        # Through the table, no character is left that the table maps: the rest of normalize
        # is all that runs on it, as it always ran after the table.
        assert normalize(text) == normalize(text.translate(_TRANSLATE)), text
