"""What the case summary says utilization review did, item by item, for drugs and every other kind."""

from __future__ import annotations

import pytest

from checker.model import Passage
from checker.parse.treatment import parse_treatment
from checker.parse.urstatus import URRequest, read_statements
from checker.rulebook.book import Rulebook


def _accounts(summary: str, rulebook: Rulebook, requests: list[str]) -> dict[str, str]:
    vocabulary = rulebook.vocabulary
    statements = read_statements(Passage(summary, (0,), (1,)), vocabulary.ur, vocabulary.item_words, vocabulary.lexicon)
    items = []
    for request in requests:
        treatment = parse_treatment(request)
        drug, drug_class = vocabulary.lexicon.identify(treatment)
        items.append(URRequest(treatment, drug, drug_class))
    return {r: a.status for r, a in zip(requests, statements.accounts(items), strict=True)}


def test_two_requests_for_one_drug_are_told_apart_by_quantity(parser_rulebook: Rulebook) -> None:
    summary = (
        "The utilization review certified Norco 10/325mg #60 and non-certified Norco 10/325mg #120. "
        "Norco 5/325mg #90 was modified."
    )
    requests = ["Norco 10/325mg #60", "Norco 10/325mg #120", "Norco 5/325mg #90", "Lyrica 75mg #60"]
    assert _accounts(summary, parser_rulebook, requests) == {
        "Norco 10/325mg #60": "certified",
        "Norco 10/325mg #120": "non-certified",
        "Norco 5/325mg #90": "modified",
        "Lyrica 75mg #60": "unknown",
    }


def test_without_a_better_fit_the_last_mention_of_the_drug_decides(parser_rulebook: Rulebook) -> None:
    summary = "Norco was certified by utilization review on 1/2/2015. The later review denied the request for Norco."
    assert _accounts(summary, parser_rulebook, ["Norco 10/325mg #60"])["Norco 10/325mg #60"] == "non-certified"


@pytest.mark.parametrize(
    ("summary", "item", "status"),
    [
        # Other words for the same item, in the shapes published letters use.
        (
            "UR dated 11-14-16 non-certified the request for MRI of the lumbar without contrast.",
            "MRI of the lumbar spine without contrast",
            "non-certified",
        ),
        (
            "In a utilization review report, the claims administrator failed to approve a request for a shoulder MRI "
            "imaging.",
            "MRI of the right shoulder without contrast",
            "non-certified",
        ),
        (
            "The utilization review 11-28-2016 modified the request for occupational therapy.",
            "Occupational therapy for six sessions",
            "modified",
        ),
        (
            "The appeal requested authorization for electromyogram and nerve conduction studies of bilateral upper "
            "extremities. The Utilization Review dated 12-8-16, denied the request.",
            "EMG/NCV of the bilateral upper extremities",
            "non-certified",
        ),
        (
            "The requests for cervical spine x-rays, lumbar spine x- rays, and CT scan of the cervical spine were "
            "denied.",
            "Lumbar spine x-rays",
            "non-certified",
        ),
        (
            "A prior determination was found not medically necessary due to no findings to warrant the requested x-ray "
            "of the pelvis, lumbar spine, and left shoulder.",
            "X-rays of the left shoulder",
            "non-certified",
        ),
        (
            "The request for the MRI of the cervical and lumbar spine was previously denied.",
            "MRI of the lumbar spine",
            "non-certified",
        ),
        (
            "The original utilization review dated 11/21/2016 denied the request for shoulder surgery.",
            "Left shoulder arthroscopy with Bankart repair",
            "non-certified",
        ),
        (
            "Additionally, the requested medications were non-certified due to a lack of evidence.",
            "Orphenadrine Citrate ER 100mg tabs #30",
            "non-certified",
        ),
        (
            "The requested oral suspensions were previously denied.",
            "Fanatrex 25mg/ml oral suspension 420ml",
            "non-certified",
        ),
        # Wordings beyond the published letters' own.
        (
            "A utilization review determination dated December 1, 2016 did not certify the request for MRI of the "
            "lumbar spine.",
            "MRI of the lumbar spine",
            "non-certified",
        ),
        (
            "The utilization review dated 12/1/16 did not authorize Cyclobenzaprine 7.5mg #60.",
            "Cyclobenzaprine 7.5mg #60",
            "non-certified",
        ),
        ("The UR decision of 12-01-2016 was to deny the request for TENS unit.", "TENS unit", "non-certified"),
        (
            "On 11-28-2016, Utilization Review modified the request for Norco 10/325mg #60 to Norco 10/325mg #25.",
            "Norco 10/325mg #35",
            "modified",
        ),
        (
            "The request for physical therapy was deemed not medically necessary by UR on 12-01-2016.",
            "Physical therapy 2 times a week for 6 weeks",
            "non-certified",
        ),
        (
            "On 12/01/2016, the claims administrator partially approved Occupational therapy for nine sessions, "
            "certifying Occupational therapy for three sessions.",
            "Occupational therapy for six sessions",
            "modified",
        ),
        # Negation trap: what UR certified stays certified.
        ("The utilization review dated 12/1/16 certified the request for TENS unit.", "TENS unit", "certified"),
        # What the summary does not speak of is unknown: another region, another side, another modality.
        (
            "The Utilization Review dated 12-8-16 denied the request for EMG-NCS of bilateral upper extremities.",
            "EMG/NCV of the bilateral lower extremities",
            "unknown",
        ),
        (
            "The request for the MRI of the cervical and lumbar spine was previously denied.",
            "MRI of the left wrist",
            "unknown",
        ),
        ("The requested additional physical therapy was previously denied.", "Four sessions of biofeedback", "unknown"),
        # Not UR: the patient's denials and modified work.
        ("She denied any numbness. Work status was modified.", "MRI of the cervical spine", "unknown"),
    ],
)
def test_statements_in_other_words(parser_rulebook: Rulebook, summary: str, item: str, status: str) -> None:
    assert _accounts(summary, parser_rulebook, [item])[item] == status


def test_a_request_goes_to_the_item_it_names_best(parser_rulebook: Rulebook) -> None:
    summary = (
        "The request for infrared acupuncture, manual acupuncture, and acupuncture with a capsaicin patch were "
        "previously denied."
    )
    items = ["Twelve infrared acupuncture visits", "Twelve acupuncture visits with Capsaicin patch",
             "Twelve elect acupuncture visits"]  # fmt: skip
    assert _accounts(summary, parser_rulebook, items) == {
        "Twelve infrared acupuncture visits": "non-certified",
        "Twelve acupuncture visits with Capsaicin patch": "non-certified",
        "Twelve elect acupuncture visits": "unknown",
    }


def test_one_sentence_can_modify_one_item_and_deny_another(parser_rulebook: Rulebook) -> None:
    summary = (
        "The Utilization Review report modified the request for 1 month supply of Trezix capsules to 5 capsules "
        "only and non-certified the request for 1 container of Flurbiprofen 10%-Cyclobenzaprine 3%."
    )
    items = ["One month supply of Trezix capsule", "One container of Flurbiprofen 10%, Cyclobenzaprine 3%"]
    assert list(_accounts(summary, parser_rulebook, items).values()) == ["modified", "non-certified"]


def test_a_statement_about_the_request_denies_what_it_refers_to_when_it_denies_anything(
    parser_rulebook: Rulebook,
) -> None:
    summary = (
        "The treating physician requested physical therapy 12 visits. The request was previously certified for 6 "
        "visits and the additional 6 visits were non-certified."
    )
    assert _accounts(summary, parser_rulebook, ["Physical therapy 6 visits"]) == {
        "Physical therapy 6 visits": "non-certified"
    }


def _from_rationale(rationale: str, rulebook: Rulebook, request: str) -> str:
    vocabulary = rulebook.vocabulary
    empty = Passage("The patient has neck pain.", (0,), (1,))
    statements = read_statements(empty, vocabulary.ur, vocabulary.item_words, vocabulary.lexicon)
    treatment = parse_treatment(request)
    drug, drug_class = vocabulary.lexicon.identify(treatment)
    item = URRequest(treatment, drug, drug_class, Passage(rationale, (0,), (1,)))
    return statements.accounts([item])[0].status


@pytest.mark.parametrize(
    ("rationale", "status"),
    [
        # UR's action, told in the past, counts when the summary says nothing of the item.
        ("The injured worker was requested for Lumbar MRI, but this was denied.", "non-certified"),
        # The reviewer's own verdict, in the present, is not UR's action.
        ("Accordingly, the request for Lumbar MRI is non-certified.", "unknown"),
        ("The request for Lumbar MRI is therefore not certified.", "unknown"),
        ("Therefore, the request for Lumbar MRI is not medically necessary.", "unknown"),
    ],
)
def test_rationale_ur_action_or_verdict(parser_rulebook: Rulebook, rationale: str, status: str) -> None:
    assert _from_rationale(rationale, parser_rulebook, "MRI of the lumbar spine") == status
