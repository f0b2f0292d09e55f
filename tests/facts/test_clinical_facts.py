"""Facts the clinical criteria read: whose a statement is, doses in morphine equivalents, what a
flag reports missing, and misreadings a generated corpus found."""

from __future__ import annotations

import pytest

from checker.facts.anchors import Anchors, belongs
from checker.facts.dosing import morphine_equivalent, per_day, stated
from checker.facts.item import ItemFacts
from checker.facts.passage import read_passage
from checker.model import Passage
from checker.parse.treatment import parse_treatment
from checker.pipeline import read_letter
from checker.rulebook.book import default_rulebook
from checker.run.ruletests import build_letter

RULEBOOK = default_rulebook()
MODEL = RULEBOOK.concepts
assert MODEL is not None
LEXICON = RULEBOOK.vocabulary.lexicon


def facts_of(summary: str, item: str, rationale: str = "The request is medically necessary.") -> ItemFacts:
    text = build_letter({"summary": summary, "item": item, "rationale": rationale})
    letter, _ = read_letter(text, RULEBOOK.vocabulary)
    return RULEBOOK.item_facts(letter)[0]


@pytest.mark.parametrize(
    ("sentence", "at", "drugs", "drug_class", "expected"),
    [
        # the nearest name before a statement owns it
        ("Physical therapy 2 times a week for 4 weeks and Tizanidine 4mg were planned.", "4 weeks",
         {"tizanidine"}, "muscle_relaxant", False),
        ("Tizanidine was started, along with physical therapy for 6 weeks.", "6 weeks", {"tizanidine"},
         "muscle_relaxant", False),
        ("Tizanidine has been taken for 6 weeks.", "6 weeks", {"tizanidine"}, "muscle_relaxant", True),
        # names of one list share what follows them
        ("He has taken Norco and Soma for 6 months.", "6 months", {"hydrocodone/acetaminophen"}, "opioid", True),
        # a statement before every name belongs to all of them
        ("50% relief with Lyrica and Norco.", "50%", {"pregabalin"}, "aed", True),
        ("The epidural injection gave 70% relief.", "70%", {"pregabalin"}, "aed", False),
        # a sentence that names no treatment is about none in particular
        ("He reports 50% relief.", "50%", {"pregabalin"}, "aed", True),
        # medications in general may be any drug's
        ("His medications give 40% relief.", "40%", {"gabapentin"}, "aed", True),
    ],
)  # fmt: skip
def test_a_statement_belongs_to_the_treatment_named_before_it(
    sentence: str, at: str, drugs: set[str], drug_class: str, expected: bool
) -> None:
    found = Anchors(sentence, LEXICON, MODEL)
    owners = found.owners(0, len(sentence), sentence.index(at))
    assert belongs(owners, frozenset(drugs), drug_class, named=False) is expected


def test_a_named_statement_must_name_the_drug() -> None:
    sentence = "A trial of physical therapy was initiated."
    found = Anchors(sentence, LEXICON, MODEL)
    owners = found.owners(0, len(sentence), sentence.index("trial"))
    assert not belongs(owners, frozenset({"pregabalin"}), "aed", named=True)
    sentence = "Lyrica was initiated as a trial."
    found = Anchors(sentence, LEXICON, MODEL)
    assert belongs(found.owners(0, len(sentence), sentence.index("initiated")), frozenset({"pregabalin"}), "aed", True)


@pytest.mark.parametrize(
    ("text", "units"),
    [
        ("1 tab every 4-6 hours as needed", 4.0),  # the lower bound of a range
        ("1-2 tablets q4h prn", 6.0),
        ("2 tabs TID", 6.0),
        ("twice daily", 2.0),
        ("take one tablet by mouth every 8 hours", 3.0),
        ("as directed", None),
    ],
)
def test_how_often_a_day(text: str, units: float | None) -> None:
    found = per_day(text)
    assert (found.units if found else None) == units


def test_every_opioid_of_the_lexicon_has_a_morphine_conversion() -> None:
    # counted or, like buprenorphine, listed as not counted with the reason: never forgotten
    table = RULEBOOK.books["mtus-2009"].tables.morphine
    assert table is not None
    opioids = {drug.generic for drug in RULEBOOK.vocabulary.lexicon.drugs if drug.drug_class == "opioid"}
    assert "codeine" in opioids and "pentazocine" in opioids
    assert sorted(opioids - set(table.by_drug)) == []


def test_morphine_equivalents_from_the_calculator() -> None:
    table = RULEBOOK.books["mtus-2009"].tables.morphine
    assert table is not None
    norco = table.conversion("hydrocodone/acetaminophen", None)
    oxycodone = table.conversion("oxycodone", None)
    patch = table.conversion("fentanyl", "patch")
    assert norco is not None and oxycodone is not None and patch is not None
    dose = morphine_equivalent(parse_treatment("Norco 10/325mg"), per_day("2 tablets every 4 hours"), norco)
    assert dose is not None and dose.mg == 120 and "computed from 10 mg hydrocodone" in dose.shown
    assert "CDC 2016" in dose.shown
    dose = morphine_equivalent(parse_treatment("Roxicodone 30mg"), per_day("every 4 hours"), oxycodone)
    assert dose is not None and dose.mg == 270
    dose = morphine_equivalent(parse_treatment("Duragesic 50mcg/hr"), None, patch)
    assert dose is not None and dose.mg == 120
    # "Norco 325mg" names the acetaminophen: no dose
    assert morphine_equivalent(parse_treatment("Norco 325mg"), per_day("every 6 hours"), norco) is None
    # buprenorphine is not counted
    buprenorphine = table.conversion("buprenorphine", None)
    assert buprenorphine is not None and not buprenorphine.counted
    assert stated("His MED is 180 mg a day.") == (180.0, 4)


def test_a_stated_dose_and_a_computed_one_say_how_they_were_read() -> None:
    stated_dose = facts_of("His morphine equivalent dose is 180 mg a day.", "Oxycontin 40mg #90: Overturned")
    value, _ = stated_dose.value("morphine_equivalent")
    assert value == 180 and value.shown.endswith("as the letter states")
    computed = facts_of("He takes Norco 10/325mg 1 tablet every 6 hours.", "Norco 10/325mg #120: Overturned")
    value, evidence = computed.value("morphine_equivalent")
    assert value == 40 and "computed from" in value.shown and evidence[0].line == 6


def test_durations_say_they_are_computed_or_stated() -> None:
    since = facts_of(
        "He has taken Flexeril since 05/2012. Request for authorization dated 08/06/2015.", "Flexeril 5mg #30: Upheld"
    )
    value, _ = since.value("weeks_of_use")
    assert value.shown == "about 170 weeks, computed from 05/2012 to the request date (08/06/2015)"
    stated_use = facts_of("He has taken Flexeril for the past 6 months.", "Flexeril 5mg #30: Upheld")
    value, _ = stated_use.value("weeks_of_use")
    assert value.shown == "6 months, as stated"


def test_a_patch_however_the_header_words_it() -> None:
    for header in ("Duragesic 25mcg #15", "Fentanyl 25mcg/hr #10", "Lidoderm 5% #30", "Fentanyl transdermal 25mcg"):
        assert facts_of("He has chronic pain.", f"{header}: Overturned").fact("form") == "patch", header
    assert facts_of("He has chronic pain.", "Fentora 100mcg #28: Overturned").fact("form") is None


def test_the_topical_table_names_each_ingredient_that_is_not_recommended() -> None:
    facts = facts_of("He has knee pain.", "Ketoprofen 10%/Gabapentin 6%/Menthol 2% cream 120g: Overturned")
    found = facts.fact("topical_not_recommended")
    assert [entry.split(":")[0] for entry in found] == ["ketoprofen", "gabapentin"]  # menthol is not addressed


def test_a_guideline_quotation_runs_on_across_its_sentences() -> None:
    text = (
        'The guidelines further state: "Only one medication should be given at a time. Relief of pain '
        "with the use of medications is generally temporary, and measures of the lasting benefit should "
        'include function." The request is for Lyrica. He reports pain relief with Lyrica.'
    )
    reading = read_passage(Passage(text, (0,), (1,)), MODEL, default_case=False)
    cases = [text[s.start : s.end] for s in reading.sentences if s.case_fact]
    assert cases == ["The request is for Lyrica.", "He reports pain relief with Lyrica."]


def test_what_a_negation_cue_stands_before_when_it_negates_nothing() -> None:
    text = "She rates her pain 8/10 without and 4/10 with medication and reports improved function."
    reading = read_passage(Passage(text, (0,), (1,)), MODEL, default_case=True)
    assert {m.state for m in reading.mentions if m.concept == "daily_activities"} == {"documented"}


def test_a_requirement_after_the_mention_documents_nothing() -> None:
    text = "He was approved for 6 sessions; evidence of objective functional improvement was required."
    reading = read_passage(Passage(text, (0,), (1,)), MODEL, default_case=True)
    assert not [m for m in reading.mentions if m.concept == "daily_activities"]
