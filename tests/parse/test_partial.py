"""Partial authorisations: the disputed portion is the item; the original request and the
authorised portion are kept beside it, and UR modified the request."""

from __future__ import annotations

import pytest

from checker.parse.partial import header_parts
from checker.pipeline import check
from checker.rulebook.book import parse_only_rulebook


@pytest.mark.parametrize(
    ("text", "disputed", "original", "authorized"),
    [
        (
            "Norco 10/325mg #60 was the original request. Norco 10/325mg #25 was authorized by the Claims "
            "Administrator. The remaining IMR eligible portion of the original request, Norco 10/325mg #35 is",
            "Norco 10/325mg #35",
            "Norco 10/325mg #60",
            "Norco 10/325mg #25",
        ),
        (
            "Purchase of a bath/shower chair was the original request. The Claims Administrator authorized a "
            "bath/shower chair for 1 month, leaving the original request IMR eligible. The original request, "
            "purchase of a bath/shower chair",
            "purchase of a bath/shower chair",
            "Purchase of a bath/shower chair",
            "a bath/shower chair for 1 month",
        ),
        (
            "Associated surgical service: Cold therapy unit",
            "Associated surgical service: Cold therapy unit",
            None,
            None,
        ),
    ],
)
def test_header_parts(text: str, disputed: str, original: str | None, authorized: str | None) -> None:
    parts = header_parts(text)
    assert (parts.disputed, parts.original, parts.authorized) == (disputed, original, authorized)


LETTER = """CLINICAL CASE SUMMARY
The injured worker has wrist pain after a fracture. The Utilization Review on 11-15-2016 modified the request.
IMR ISSUES, DECISIONS AND RATIONALES
The Final Determination was based on decisions for the disputed items/services set forth below:
Eight physical therapy sessions for the lumbar spine, left shoulder, left wrist and left knee
was the original request. Six physical therapy sessions for the lumbar spine, left shoulder
and left knee was authorized by the Claims Administrator. The remaining IMR eligible
portion of the original request, two physical therapy sessions for the left wrist is: Upheld
Claims Administrator guideline: The Claims Administrator did not cite any medical evidence for its decision.
MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2016.
Decision rationale: The guidelines allow a short course. The original request was for eight
sessions. Therefore, the additional two sessions are not medically necessary.
MRI of the left wrist: Overturned
Claims Administrator guideline: Decision based on ACOEM.
MAXIMUS guideline: Decision based on MTUS Forearm, Wrist, and Hand Complaints 2004.
Decision rationale: There are red flags. The request is medically necessary.
"""


def test_a_header_wrapped_over_four_lines_is_one_item_and_keeps_its_parts() -> None:
    result = check(LETTER, parse_only_rulebook())
    assert result.status == "ok"
    first, second = (r.item for r in result.items)
    assert first.treatment.text == "two physical therapy sessions for the left wrist"
    assert first.original_request is not None and first.original_request.text.startswith("Eight physical")
    assert first.authorized is not None and first.authorized.text.startswith("Six physical therapy")
    assert first.ur_status == "modified"
    assert first.line == 5  # where the header starts
    # The paragraph before the header is never part of it, nor is the previous rationale.
    assert second.treatment.text == "MRI of the left wrist"
