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


def _refs(text: str, known: frozenset[str] = frozenset()) -> list[tuple[str, str, str | None, tuple[str, ...]]]:
    citation = parse_citation("reviewer", text, 1, known)
    return [(s.source, s.title, s.year, s.sections) for s in citation.sources]


def test_several_documents_join_with_and_before_a_document_name() -> None:
    text = (
        "MAXIMUS guideline: Decision based on MTUS Neck and Upper Back Complaints 2004, Section(s): Special "
        "Studies, Summary, and Shoulder Complaints 2004, Section(s): Surgical Considerations, and Elbow "
        "Complaints 2007, and Forearm, Wrist, and Hand Complaints 2004, Section(s): Special Studies, and\n"
        "Chronic Pain Medical Treatment 2016, Section(s): Diabetic neuropathy, Electrodiagnostic testing (EMG/NCS)."
    )
    assert _refs(text) == [
        ("MTUS", "Neck and Upper Back Complaints", "2004", ("Special Studies", "Summary")),
        ("MTUS", "Shoulder Complaints", "2004", ("Surgical Considerations",)),
        ("MTUS", "Elbow Complaints", "2007", ()),
        ("MTUS", "Forearm, Wrist, and Hand Complaints", "2004", ("Special Studies",)),
        (
            "MTUS",
            "Chronic Pain Medical Treatment",
            "2016",
            ("Diabetic neuropathy", "Electrodiagnostic testing (EMG/NCS)"),
        ),
    ]


def test_numbered_opioid_sections_keep_their_commas_and_colons() -> None:
    text = (
        "Decision based on MTUS Opioid Treatment 2016, Section(s): 3.3.1.2 Opioids for Chronic Pain and Chronic "
        "Opioid Treatment: Screening for Risk of Addiction or Adverse Events, Prior to Chronic Opioid Treatment: "
        "Screening for Alcohol Misuse/Abuse, 3. Opioids for Chronic Pain and Chronic Opioid Treatment: Overview of "
        "Recommendations Regarding Chronic Opioid Treatment, 4.1 Tapering Opioids: Indications for Tapering Opioids."
    )
    (source,) = parse_citation("claims_administrator", text, 1).sources
    assert source.title == "Opioid Treatment" and source.year == "2016"
    assert [s.split(" ")[0] for s in source.sections] == ["3.3.1.2", "3.", "4.1"]
    assert source.sections[0].endswith("Prior to Chronic Opioid Treatment: Screening for Alcohol Misuse/Abuse")


def test_a_bare_number_in_a_section_list_is_a_page() -> None:
    citation = parse_citation(
        "reviewer", "Decision based on MTUS Elbow Complaints 2007, Section(s): 326, Diagnostic Criteria.", 1
    )
    assert citation.sources[0].sections == ("Diagnostic Criteria",)
    assert [(p.first, p.last) for p in citation.pages] == [(326, 326)]


def test_known_names_with_commas_and_periods_stay_whole() -> None:
    known = frozenset(
        {
            "tens, chronic pain (transcutaneous electrical nerve stimulation)",
            "opioids, cancer pain vs. nonmalignant pain",
        }
    )
    assert _refs(
        "Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): TENS, chronic pain "
        "(transcutaneous electrical nerve stimulation). Decision based on Non-MTUS Citation Official Disability "
        "Guidelines, Neck and Upper Back, TENS (Transcutaneous electrical nerve stimulation); Low Back - Lumbar & "
        "Thoracic (Acute & Chronic).",
        known,
    ) == [
        (
            "MTUS",
            "Chronic Pain Medical Treatment",
            "2016",
            ("TENS, chronic pain (transcutaneous electrical nerve stimulation)",),
        ),
        (
            "ODG",
            "Official Disability Guidelines",
            None,
            (
                "Neck and Upper Back",
                "TENS (Transcutaneous electrical nerve stimulation)",
                "Low Back - Lumbar & Thoracic (Acute & Chronic)",
            ),
        ),
    ]
    assert _refs(
        "Decision based on MTUS Chronic Pain Medical Treatment 2009, Section(s): Opioids, cancer pain vs. "
        "nonmalignant pain, Opioids for chronic pain.",
        known,
    )[0][3] == ("Opioids, cancer pain vs. nonmalignant pain", "Opioids for chronic pain")


def test_no_evidence_and_outside_the_mtus() -> None:
    none = parse_citation(
        "claims_administrator", "The Claims Administrator did not cite any medical evidence for its decision.", 1
    )
    assert none.no_evidence and none.sources == ()
    outside = parse_citation(
        "reviewer",
        "The Expert Reviewer based their decision on recommendation(s) outside of the MTUS Guidelines. Decision "
        "based on Non-MTUS Citation Official Disability Guidelines (ODG) Carpal Tunnel Syndrome (Acute & Chronic) "
        "and Other Medical Treatment Guidelines AANEM Recommended Policy for Electrodiagnostic Medicine.",
        1,
    )
    assert outside.outside_mtus and not outside.no_evidence
    assert [(s.source, s.title, s.sections) for s in outside.sources] == [
        ("ODG", "Official Disability Guidelines", ("Carpal Tunnel Syndrome (Acute & Chronic)",)),
        ("other", "AANEM Recommended Policy for Electrodiagnostic Medicine", ()),
    ]


def test_non_mtus_text_without_a_known_guideline_is_other() -> None:
    assert _refs("Decision based on Non-MTUS Citation http://www.drugs.com/famotidine.html.") == [
        ("other", "http://www.drugs.com/famotidine.html", None, ())
    ]
    assert [
        s
        for s, *_ in _refs(
            "Decision based on Non-MTUS Citation ACOEM guidelines and the Official Disability Guidelines."
        )
    ] == ["ACOEM", "ODG"]


def test_post_2016_forms() -> None:
    (acoem,) = parse_citation(
        "reviewer", "Decision based on MTUS (ACOEM Practice Guidelines, 3rd Edition (2011)), Low Back Disorders.", 1
    ).sources
    assert (acoem.source, acoem.year, acoem.sections) == ("ACOEM", "2011", ("Low Back Disorders",))
    assert "3rd Edition" in acoem.title
    (formulary,) = parse_citation(
        "reviewer", "Decision based on MTUS Drug Formulary 2018, Section(s): Perioperative Fill.", 1
    ).sources
    assert (formulary.source, formulary.title, formulary.year, formulary.sections) == (
        "MTUS",
        "Drug Formulary",
        "2018",
        ("Perioperative Fill",),
    )
    (bare,) = parse_citation("reviewer", "Decision based on MTUS Drug Formulary.", 1).sources
    assert (bare.title, bare.year) == ("Drug Formulary", None)


def test_every_citation_paragraph_of_the_real_letters_is_read_to_its_parts(parser_rulebook) -> None:  # type: ignore[no-untyped-def]
    """No paragraph of the 65 real letters falls back to one unparsed 'other' source."""
    from checker.pipeline import check_source
    from checker.read.ingest import read_source
    from tests.support import REAL

    paragraphs = 0
    for path in sorted(REAL.glob("*.pdf")):
        for item in check_source(read_source(str(path)), parser_rulebook).items:
            for citation in item.item.citations:
                paragraphs += 1
                where = f"{path.name}: {citation.text}"
                assert not any(s.title.startswith(("Decision based on", "The ")) for s in citation.sources), where
                mtus_refs = [s for s in citation.sources if s.source == "MTUS"]
                assert ("Decision based on MTUS" in citation.text) == bool(mtus_refs), where
                assert all(s.year for s in mtus_refs), where  # every 2016-2017 MTUS reference gives its year
                assert citation.no_evidence == ("did not cite any medical evidence" in citation.text), where
                assert citation.outside_mtus == ("outside of the MTUS" in citation.text), where
    assert paragraphs == 316
