"""Reading case facts: quoted guideline text, negation and its scope, pain relief, durations."""

from __future__ import annotations

from datetime import date

import pytest

from checker.facts.measures import amounts_in_weeks, dates, pain_relief
from checker.facts.passage import read_passage
from checker.model import Passage
from checker.rulebook.book import default_rulebook

MODEL = default_rulebook().concepts
assert MODEL is not None


def states(text: str, default_case: bool = False) -> dict[str, set[str]]:
    reading = read_passage(Passage(text, (0,), (1,)), MODEL, default_case)
    found: dict[str, set[str]] = {}
    for mention in reading.mentions:
        found.setdefault(mention.concept, set()).add(mention.state)
    return found


@pytest.mark.parametrize(
    ("text", "concept", "state"),
    [
        ("There is no documentation of side effects.", "adverse_effects", "missing"),
        ("He denies side effects.", "adverse_effects", "documented"),
        ("There was no aberrant behavior on the last drug screen.", "aberrant_behaviour", "documented"),
        ("There is no evidence presented of random drug testing results.", "aberrant_behaviour", "missing"),
        ("He denies any new injury since last visit.", "acute_exacerbation", "absent"),
        ("She reports a flare-up of low back pain.", "acute_exacerbation", "documented"),
        ("Side effects were not documented by the provider in this case.", "adverse_effects", "missing"),
        ("He reports no new injury, but describes an acute flare of spasm.", "acute_exacerbation", "documented"),
        (
            "Norco was used for a long time without documentation of functional improvement.",
            "daily_activities",
            "missing",
        ),
    ],
)
def test_negation_and_its_scope(text: str, concept: str, state: str) -> None:
    assert state in states(text, default_case=True)[concept]


def test_a_negation_does_not_reach_past_its_clause() -> None:
    found = states("He has no side effects; he reports improved function with medication.", default_case=True)
    assert found["daily_activities"] == {"documented"}


def test_quoted_guideline_text_documents_nothing() -> None:
    text = (
        "According to MTUS guidelines, ongoing use of opioids should follow specific rules. Four domains have been "
        "proposed as most relevant for ongoing monitoring: pain relief, side effects, physical and psychosocial "
        "functioning, and aberrant drug-related behaviors. Side effects include drowsiness. In this case, the "
        "injured worker reports improved function."
    )
    found = states(text)
    assert "adverse_effects" not in found
    assert "aberrant_behaviour" not in found
    assert "analgesia" not in found
    assert found["daily_activities"] == {"documented"}


def test_guideline_conditions_about_the_patient_are_not_case_facts() -> None:
    text = "Long-term use may be appropriate if the patient is showing measurable functional improvement."
    assert states(text) == {}


@pytest.mark.parametrize(
    ("sentence", "percent"),
    [
        ("He reports 50% reduction in pain with medications.", 50),
        ("The pain medication is reported to improve his pain from 10/10 to 7/10.", 30),
        ("His pain is rated 10/10 without and 7/10 with medication.", 30),
        ("He rates his pain with medications at 7/10 and without medications 10/10.", 30),
        (
            "He rates the pain 8 out of 10, 4 out of 10 at best with medication and 10 out of 10 (not rated 7-30-15) "
            "without medication.",
            60,
        ),
    ],
)
def test_pain_relief(sentence: str, percent: float) -> None:
    assert max(f.value for f in pain_relief(sentence, 0, MODEL)) == percent


def test_scores_without_medication_cues_are_no_relief() -> None:
    assert pain_relief("On 01/23/2013 pain was 3/10; on 11/12/2013 it was 4/10.", 0, MODEL) == []


def test_dates_and_amounts() -> None:
    assert [d for d, _, _ in dates("since at least 05/2012, seen 8-13-15 and on February 26, 2015")] == [
        date(2012, 5, 1),
        date(2015, 8, 13),
        date(2015, 2, 26),
    ]
    assert [f.value for f in amounts_in_weeks("for the past 6 months, then 10 days", 0)] == [26.0, 1.4]
    # The guideline's limit and an injury's age are not durations of use.
    assert amounts_in_weeks("short-term (less than two weeks) use; injured over four years ago", 0) == []
