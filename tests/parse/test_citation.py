from __future__ import annotations

import pytest

from checker.parse.citation import parse_citation, split_sections


@pytest.mark.parametrize(
    ("text", "pages"),
    [
        (
            "Decision based on MTUS Chronic Pain Treatment Guidelines Cyclobenzaprine, Page(s): 41, 63.",
            [(41, 41), (63, 63)],
        ),
        ("Decision based on MTUS Chronic Pain Treatment Guidelines Muscle Relaxants Page(s): 63-66.", [(63, 66)]),
        (
            "Decision based on MTUS Chronic Pain Treatment Guidelines opioids Page(s): 78-80, 93, 111,.",
            [(78, 80), (93, 93), (111, 111)],
        ),
        (
            "Decision based on MTUS Chronic Pain Treatment Guidelines Opioids section Page(s): 44; 74-95.",
            [(44, 44), (74, 95)],
        ),
        ("Decision based on MTUS Chronic Pain Treatment Guidelines Page(s): 91.", [(91, 91)]),
    ],
)
def test_page_lists_and_ranges_become_numbers(text: str, pages: list[tuple[int, int]]) -> None:
    citation = parse_citation("reviewer", text, 1)
    assert [(p.first, p.last) for p in citation.pages] == pages


def test_sources_and_sections() -> None:
    citation = parse_citation(
        "reviewer",
        "MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009, Section(s): Muscle "
        "relaxants (for pain). Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Pain "
        "section, Muscle relaxants.",
        7,
    )
    assert [s.source for s in citation.sources] == ["MTUS", "ODG"]
    assert citation.sources[0].sections == ("Muscle relaxants (for pain)",)
    assert citation.line == 7


def test_acoem_chapter_citation() -> None:
    citation = parse_citation(
        "reviewer",
        "Decision based on MTUS ACOEM Practice Guidelines, 2nd Edition (2004), Chapter 12 Low Back, Page(s): 303-304.",
        1,
    )
    assert citation.sources[0].source == "ACOEM"
    assert [(p.first, p.last) for p in citation.pages] == [(303, 304)]


def test_known_section_names_with_commas_stay_whole() -> None:
    known = {"opioids, criteria for use"}
    assert split_sections("Opioids, criteria for use, Opioids for chronic pain", known) == [
        "Opioids, criteria for use",
        "Opioids for chronic pain",
    ]
    assert split_sections("Duragesic section, Opioids section") == ["Duragesic", "Opioids"]


def test_unparseable_guideline_text_is_kept_whole() -> None:
    citation = parse_citation("claims_administrator", "see attached", 3)
    assert citation.sources[0].source == "other"
    assert citation.sources[0].title == "see attached"
