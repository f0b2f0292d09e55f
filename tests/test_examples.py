"""The five real letters parse into exactly the items, citations and conclusions they state."""

from __future__ import annotations

import pytest
import yaml

from checker.model import LetterResult
from checker.pipeline import check
from checker.rulebook.book import Rulebook
from tests.support import EXAMPLES, EXPECTED, example_text

# (treatment, decision, drug, drug_class, ur_status, header line) per letter, read off the letters.
EXPECTED_ITEMS = {
    "000_4d584a2f79dd9d78.txt": [
        ("Norflex 100mg #60", "upheld", "orphenadrine", "muscle_relaxant", "non-certified", 78),
        ("Lyrica 100 mg #60", "overturned", "pregabalin", "aed", "certified", 140),
    ],
    "001_d144e1222e08eb40.txt": [
        ("Norco 7.5 mg QTY 120.00", "upheld", "hydrocodone/acetaminophen", "opioid", "non-certified", 69),
        ("Zanaflex 2 mg QTY 120.00", "upheld", "tizanidine", "muscle_relaxant", "non-certified", 123),
        ("Neurontin 600 mg QTY 60.00", "upheld", "gabapentin", "aed", "non-certified", 159),
    ],
    "002_c5f77487a4b823e6.txt": [
        ("Flexeril 5mg #60", "upheld", "cyclobenzaprine", "muscle_relaxant", "unknown", 63),
        ("Norco 10/325mg #360", "upheld", "hydrocodone/acetaminophen", "opioid", "unknown", 109),
    ],
    "003_da630829cdb6960e.txt": [
        ("Relafen 750mg #60", "upheld", "nabumetone", "nsaid", "non-certified", 63),
        ("Soma 350mg #60", "upheld", "carisoprodol", "muscle_relaxant", "non-certified", 95),
        ("Norco 10/325mg #120", "upheld", "hydrocodone/acetaminophen", "opioid", "non-certified", 123),
    ],
    "004_5bb1afb40656a8b8.txt": [
        ("Lorozone 750mg #60", "upheld", "chlorzoxazone", "muscle_relaxant", "unknown", 85),
        ("Duragesic 12 mcg/hr patch #10", "overturned", "fentanyl", "opioid", "unknown", 143),
        ("Norco 325mg #90", "overturned", "hydrocodone/acetaminophen", "opioid", "unknown", 187),
    ],
}

# Reviewer (MAXIMUS) citation per item: (sections, pages as (first, last)).
EXPECTED_REVIEWER_CITATIONS = {
    "000_4d584a2f79dd9d78.txt": [
        (("Muscle relaxants (for pain)", "Pain", "Muscle relaxants"), ()),
        (("Pregabalin (Lyrica)", "Pain", "Lyrica"), ()),
    ],
    "001_d144e1222e08eb40.txt": [
        (("Opioids, criteria for use", "Opioids for chronic pain", "Opioids, cancer pain vs. nonmalignant pain"), ()),
        (("Muscle relaxants (for pain)",), ()),
        (("Antiepilepsy drugs (AEDs)",), ()),
    ],
    "002_c5f77487a4b823e6.txt": [
        (("Cyclobenzaprine", "Muscle Relaxants"), ((41, 41), (63, 63))),
        (("Opioids",), ((74, 96),)),
    ],
    "003_da630829cdb6960e.txt": [
        (("NSAIDs",), ((67, 67),)),
        (("SOMA",), ((29, 29),)),
        (("Criteria for use of opioids",), ((76, 79),)),
    ],
    "004_5bb1afb40656a8b8.txt": [
        (("Muscle Relaxants (For Pain)",), ((63, 66),)),
        (("Duragesic (fentanyl transdermal system)", "Opioids"), ((44, 44), (74, 95))),
        (("Opioids",), ((74, 95),)),
    ],
}

# Conclusion per item: (verdict, line of the verdict phrase) or None when the rationale states none.
EXPECTED_CONCLUSIONS = {
    "000_4d584a2f79dd9d78.txt": [("not-necessary", 137), ("necessary", 191)],
    "001_d144e1222e08eb40.txt": [("not-necessary", 119), ("not-necessary", 155), ("not-necessary", 193)],
    "002_c5f77487a4b823e6.txt": [("not-necessary", 105), ("not-necessary", 153)],
    "003_da630829cdb6960e.txt": [None, None, None],
    "004_5bb1afb40656a8b8.txt": [("not-necessary", 137), ("necessary", 183), ("not-necessary", 223)],
}


@pytest.fixture(scope="module")
def results(parser_rulebook: Rulebook) -> dict[str, LetterResult]:
    return {name: check(example_text(name), parser_rulebook, name) for name in EXPECTED_ITEMS}


@pytest.mark.parametrize("name", sorted(EXPECTED_ITEMS))
def test_items_are_exactly_those_of_the_letter(results: dict[str, LetterResult], name: str) -> None:
    result = results[name]
    assert result.status == "ok", result.errors
    got = [
        (i.item.treatment.text, i.item.decision, i.item.drug, i.item.drug_class, i.item.ur_status, i.item.line)
        for i in result.items
    ]
    assert got == EXPECTED_ITEMS[name]


@pytest.mark.parametrize("name", sorted(EXPECTED_ITEMS))
def test_header_lines_point_at_the_original_file(results: dict[str, LetterResult], name: str) -> None:
    original = (EXAMPLES / name).read_text(encoding="utf-8").split("\n")
    for item_result in results[name].items:
        item = item_result.item
        assert original[item.line - 1].strip().startswith(item.treatment.text)


@pytest.mark.parametrize("name", sorted(EXPECTED_ITEMS))
def test_reviewer_citations(results: dict[str, LetterResult], name: str) -> None:
    got = []
    for item_result in results[name].items:
        reviewer = [c for c in item_result.item.citations if c.role == "reviewer"]
        assert len(reviewer) == 1
        got.append((reviewer[0].sections, tuple((p.first, p.last) for p in reviewer[0].pages)))
    assert got == EXPECTED_REVIEWER_CITATIONS[name]


def test_claims_administrator_pages_are_numbers(results: dict[str, LetterResult]) -> None:
    duragesic = results["004_5bb1afb40656a8b8.txt"].items[1].item
    claims = next(c for c in duragesic.citations if c.role == "claims_administrator")
    assert [(p.first, p.last) for p in claims.pages] == [(78, 80), (93, 93), (111, 111)]
    assert claims.sections == ("topical analgesics", "opioids")
    assert claims.sources[0].source == "MTUS"


def test_odg_is_recognised_as_a_non_mtus_source(results: dict[str, LetterResult]) -> None:
    norflex = results["000_4d584a2f79dd9d78.txt"].items[0].item
    reviewer = next(c for c in norflex.citations if c.role == "reviewer")
    assert [s.source for s in reviewer.sources] == ["MTUS", "ODG"]


@pytest.mark.parametrize("name", sorted(EXPECTED_ITEMS))
def test_conclusions(results: dict[str, LetterResult], name: str) -> None:
    got = [
        None if i.item.conclusion is None else (i.item.conclusion.verdict, i.item.conclusion.line)
        for i in results[name].items
    ]
    assert got == EXPECTED_CONCLUSIONS[name]


def test_overturned_header_with_negative_conclusion_is_reported_as_written(
    results: dict[str, LetterResult],
) -> None:
    norco = results["004_5bb1afb40656a8b8.txt"].items[2].item
    assert norco.decision == "overturned"
    assert norco.conclusion is not None
    assert norco.conclusion.verdict == "not-necessary"
    # The rationale names the treatment differently from the header.
    named = norco.conclusion.treatment
    assert named is not None
    assert named.strength is not None and named.strength.values == (10.0, 325.0)
    assert named.quantity == 90
    assert norco.treatment.strength is not None and norco.treatment.strength.values == (325.0,)


def test_ur_account_names_the_line_and_treatment(results: dict[str, LetterResult]) -> None:
    lyrica = results["000_4d584a2f79dd9d78.txt"].items[1].item
    assert lyrica.ur.status == "certified"
    assert lyrica.ur.line == 61
    assert lyrica.ur.treatment is not None and lyrica.ur.treatment.quantity == 60


def test_rationale_maps_back_to_original_lines(results: dict[str, LetterResult]) -> None:
    norflex = results["000_4d584a2f79dd9d78.txt"].items[0].item
    text = norflex.rationale.text
    offset = text.index("Zanaflex was prescribed as far")
    assert norflex.rationale.line_at(offset) == 123


def test_reviewer_specialty(parser_rulebook: Rulebook) -> None:
    from checker.pipeline import read_letter

    letter, _ = read_letter(example_text("000_4d584a2f79dd9d78.txt"), parser_rulebook.vocabulary)
    assert letter.reviewer_specialty == "Internal Medicine"
    letter, _ = read_letter(example_text("004_5bb1afb40656a8b8.txt"), parser_rulebook.vocabulary)
    assert letter.reviewer_specialty == "Occupational Medicine"


def test_fields_agree_with_the_shared_labels(results: dict[str, LetterResult]) -> None:
    labels = yaml.safe_load(EXPECTED.read_text(encoding="utf-8"))
    for name, items in labels.items():
        got = [
            (i.item.treatment.text, i.item.decision, i.item.drug_class, i.item.ur_status) for i in results[name].items
        ]
        want = [(i["treatment"], i["decision"], i["drug_class"], i["ur_status"]) for i in items]
        assert got == want, name
