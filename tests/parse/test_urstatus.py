"""What the case summary says utilization review did, item by item."""

from __future__ import annotations

from checker.model import Passage
from checker.parse.treatment import parse_treatment
from checker.parse.urstatus import ur_account, ur_mentions
from checker.rulebook.book import Rulebook


def _accounts(summary: str, rulebook: Rulebook) -> dict[str, str]:
    vocabulary = rulebook.vocabulary
    mentions = ur_mentions(Passage(summary, (0,), (1,)), vocabulary.ur_actions, vocabulary.lexicon)
    out = {}
    for request in ("Norco 10/325mg #60", "Norco 10/325mg #120", "Norco 5/325mg #90", "Lyrica 75mg #60"):
        treatment = parse_treatment(request)
        drug, _ = vocabulary.lexicon.identify(treatment)
        out[request] = ur_account(drug, treatment, mentions).status
    return out


def test_two_requests_for_one_drug_are_told_apart_by_quantity(parser_rulebook: Rulebook) -> None:
    summary = (
        "The utilization review certified Norco 10/325mg #60 and non-certified Norco 10/325mg #120. "
        "Norco 5/325mg #90 was modified."
    )
    assert _accounts(summary, parser_rulebook) == {
        "Norco 10/325mg #60": "certified",
        "Norco 10/325mg #120": "non-certified",
        "Norco 5/325mg #90": "modified",
        "Lyrica 75mg #60": "unknown",
    }


def test_without_a_better_fit_the_last_mention_of_the_drug_decides(parser_rulebook: Rulebook) -> None:
    summary = "Norco was certified on 1/2/2015. The later review denied the request for Norco."
    assert _accounts(summary, parser_rulebook)["Norco 10/325mg #60"] == "non-certified"
