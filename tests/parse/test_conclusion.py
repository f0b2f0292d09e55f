"""The rationale's verdict: every way of saying (not) medically necessary, negation read in general."""

from __future__ import annotations

import pytest

from checker.model import Passage
from checker.parse.conclusion import find_conclusion
from checker.parse.vocabulary import default_vocabulary


def verdict(text: str, drugs: frozenset[str] | None = None) -> str | None:
    vocabulary = default_vocabulary()
    found = find_conclusion(Passage(text, (0,), (1,)), vocabulary.verdicts, vocabulary.lexicon, drugs)
    return None if found is None else found.verdict


@pytest.mark.parametrize(
    "sentence",
    [
        "The request is not medically necessary.",
        "The request is not seen as medically necessary.",
        "The request cannot be considered medically necessary.",
        "The request cannot be deemed medically necessary.",
        "The request does not appear medically necessary.",
        "The request is not indicated as medically necessary.",
        "The MRI is not supported by the provided records as being medically necessary at this time.",
        "The request for MRI of the lumbar without contrast is determined to not be medically necessary.",
        "Medical necessity has not been established.",
        "Likewise, the medical necessity of this request is not established.",
        "Therefore, medical necessity cannot be established at this time.",
        "No, the request was not medically necessary, medically appropriate, or indicated here.",
        "The requirements for treatment have not been met and is not medically necessary.",
        "The request is non-certified.",
        "Therefore, the additional two sessions is not necessary.",
        "The request is, at this time, not medically necessary.",
        # Wordings beyond the published letters' own.
        "Therefore, the request for MRI of the lumbar spine is not medically necessary at this time.",
        "The request for physical therapy is not reasonable or necessary.",
        "The request for TENS unit is not certified.",
        "Therefore, the request for MRI of the right foot is not medically indicated and is not certified.",
        "The request is not medically necessary or medically indicated.",
        "As such, medical necessity for Norco 5/325mg oral tablet, one tablet twice daily 14 days #40 has not been "
        "established.",
        "Therefore, the medical necessity of associated surgical service: EKG has not been established.",
        "Medical necessity for the requested chiropractic therapy sessions for the cervical spine, #2 has not been "
        "demonstrated.",
        "The request for Celecoxib 200mg #90 is not approved.",
    ],
)
def test_not_necessary(sentence: str) -> None:
    assert verdict("The guidelines were reviewed. " + sentence) == "not-necessary"


@pytest.mark.parametrize(
    "sentence",
    [
        "The request is medically necessary.",
        "Both electromyography and nerve conduction studies are medically necessary.",
        "The original request, Partial Hospitalization day treatment, is medically necessary, as per MTUS.",
        "Although the patient has not improved with rest, the request is medically necessary.",
        "Medical necessity has been established.",
        "The request is medically necessary and appropriate.",
        "The requested amount is not in excess of the guidelines. The request is medically necessary.",
        # Wordings beyond the published letters' own.
        "The request for Sit-stand workstation is medically appropriate and necessary.",
        "The request for MRI of the right knee without contrast is approved.",
        "Therefore, the request for physical therapy is certified.",
        "The medical necessity of initial acupuncture, 1 to 2 times per week for 4 weeks, for the neck has been "
        "established.",
        "Medical necessity for acupuncture 3 times a week for 2 weeks, neck, right hand and head has been established.",
        "Therefore, the requested physical therapy is medically reasonable and necessary.",
        "The request is medically indicated and is certified.",
    ],
)
def test_necessary(sentence: str) -> None:
    assert verdict("The guidelines were reviewed. " + sentence) == "necessary"


def test_a_clause_after_a_comma_that_opens_a_new_subject_does_not_establish_the_noun() -> None:
    # The noun's object may hold commas; a comma before a new subject still ends its clause.
    assert verdict("Medical necessity for therapy was discussed, the patient has not been established.") is None


def test_the_last_verdict_wins_over_boilerplate_quotes_and_conditions() -> None:
    text = (
        "Post-op Percocet 5/325mg is not medically necessary. This decision addresses the medical necessity of "
        "opioids as they have been prescribed to this patient. The treating physician is advised to consult the "
        'guidelines, and if necessary, other relevant guidelines. The guideline says "EMG is medically necessary '
        'when radiculopathy is obvious." A TENS unit may be medically necessary if pain persists.'
    )
    assert verdict(text) == "not-necessary"


def test_the_verdict_about_another_item_in_the_same_sentence_is_passed_over() -> None:
    text = (
        "As the requested surgical intervention is not medically necessary per the documentation, the requested "
        "ancillary service is medically necessary."
    )
    assert verdict(text) == "necessary"  # the last verdict word is the item's


def test_a_verdict_on_another_drug_gives_way_to_the_items_own() -> None:
    text = (
        "The request for Norco 10/325mg #60 is medically necessary. Weaning with Tramadol is not medically necessary."
    )
    assert verdict(text, frozenset({"hydrocodone/acetaminophen"})) == "necessary"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "According to MTUS guidelines, Norco is a synthetic opioid indicated for pain management.",
        "The guidelines note that it may be necessary to obtain a more precise delineation of capabilities.",
        'The guideline states: "EMG is not necessary if radiculopathy is already clinically obvious."',
    ],
)
def test_no_verdict(text: str) -> None:
    assert verdict(text) is None
