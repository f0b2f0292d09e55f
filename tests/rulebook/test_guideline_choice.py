"""Each item is judged by the rulebook of the guideline it cites, then by the letter's date, then
by the default; an item citing only guidelines no rulebook covers gets the core rules and a note."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from checker.model import LetterResult
from checker.pipeline import check, check_source
from checker.read.ingest import read_source
from checker.rulebook.book import default_rulebook
from tests.rulebook_copies import letter
from tests.support import REAL, example_text


def _expected() -> dict[str, list[dict[str, object]]]:
    data = yaml.safe_load((REAL / "items.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _judged(result: LetterResult) -> list[str | None]:
    return [i.guideline.id if i.guideline else None for i in result.items]


@pytest.mark.parametrize("case", sorted(_expected()))
def test_every_real_item_is_judged_by_the_guideline_its_citations_name(case: str) -> None:
    result = check_source(read_source(str(Path(REAL, f"{case}.pdf"))), default_rulebook())
    assert _judged(result) == [e["guideline"] for e in _expected()[case]]


def test_every_rulebook_of_the_index_judges_some_real_item_or_has_a_reason_not_to() -> None:
    judged = {e["guideline"] for items in _expected().values() for e in items}
    # The real letters (2016-2017) cite no 2009 Chronic Pain item first, and none cites the 2018 formulary.
    assert judged == {b.id for b in default_rulebook().books.values() if b.role == "guideline"} - {
        "mtus-2009",
        "mtus-formulary-2018",
    }


def test_the_example_letters_are_judged_by_the_2009_rulebook() -> None:
    for name in ("000_4d584a2f79dd9d78.txt", "002_c5f77487a4b823e6.txt", "004_5bb1afb40656a8b8.txt"):
        result = check(example_text(name), default_rulebook(), name)
        assert set(_judged(result)) == {"mtus-2009"}, name


@pytest.mark.parametrize(
    ("name", "old", "new"),
    [
        ("000_4d584a2f79dd9d78.txt", "Chronic Pain Medical Treatment 2009", "Chronic Pain Medical Treatment 2016"),
        ("001_d144e1222e08eb40.txt", "Chronic Pain Medical Treatment 2009", "Chronic Pain Medical Treatment 2016"),
        (
            "003_da630829cdb6960e.txt",
            "MTUS Chronic Pain Treatment Guidelines",
            "MTUS Chronic Pain Medical Treatment 2016,",
        ),
    ],
)
def test_a_letter_with_its_citations_reworded_from_2009_to_2016_is_judged_by_the_2016_rulebook(
    name: str, old: str, new: str
) -> None:
    text = example_text(name)
    pattern = re.compile(r"\s+".join(re.escape(word) for word in old.split()))
    assert pattern.search(text)
    original = check(text, default_rulebook(), name)
    reworded = check(pattern.sub(new, text), default_rulebook(), name)
    assert set(_judged(original)) == {"mtus-2009"}
    assert set(_judged(reworded)) == {"mtus-2016-chronic-pain"}
    # The 2016 rulebook's rules judge them: any flag of a guideline rule is namespaced by it.
    book_rules = {f.rule.split("/")[0] for i in reworded.items for f in i.flags} - {"core", "citations"}
    assert book_rules <= {"mtus-2016-chronic-pain"}


def test_a_2016_citation_in_a_real_letter_reworded_to_2009_is_judged_by_2009_with_a_note() -> None:
    from checker.pipeline import decode_source

    text, _ = decode_source(read_source(str(REAL / "CM16-0232543.pdf")))
    reworded = text.replace("Chronic Pain Medical Treatment 2016", "Chronic Pain Medical Treatment 2009")
    result = check(reworded, default_rulebook())
    norflex = result.items[0]
    assert norflex.guideline is not None and norflex.guideline.id == "mtus-2009"
    assert [n.message for n in norflex.notes] == [
        "The citation names Chronic Pain Medical Treatment 2009, but the request date 11/14/2016 (the request for "
        "authorization in the case summary) falls under MTUS Chronic Pain Medical Treatment Guidelines (2016)."
    ]


@pytest.mark.parametrize(
    ("summary", "drug", "judged"),
    [
        ("The request for authorization dated 11/14/2016 asked for it.", "Flexeril 5mg #60", "mtus-2016-chronic-pain"),
        # from July 29, 2016 the Opioid guideline, not the Chronic Pain one, governs opioids
        ("The request for authorization dated 11/14/2016 asked for it.", "Norco 10/325mg #90", "mtus-2016-opioids"),
        ("The request for authorization dated 03/02/2015 asked for it.", "Norco 10/325mg #90", "mtus-2009"),
        ("Utilization review on 8-13-15 non-certified the request.", "Norco 10/325mg #90", "mtus-2009"),
        ("The injured worker has chronic low back pain.", "Norco 10/325mg #90", "mtus-2009"),  # no date: the default
    ],
)
def test_an_item_citing_no_guideline_is_judged_by_the_version_its_date_falls_under(
    summary: str, drug: str, judged: str
) -> None:
    none_cited = "The Expert Reviewer did not cite any medical evidence for its decision."
    text = letter(
        summary=summary,
        item=f"{drug}: Upheld",
        guideline=none_cited,
        claims_guideline="The Claims Administrator did not cite any medical evidence for its decision.",
        rationale=f"{drug} is not medically necessary.",
    )
    result = check(text, default_rulebook()).items[0]
    assert result.guideline is not None and result.guideline.id == judged
    assert result.notes == ()


def test_a_citation_without_a_year_is_dated_by_the_letter() -> None:
    text = letter(
        summary="The request for authorization dated 01/05/2017 asked for Flexeril.",
        item="Flexeril 5mg #60: Upheld",
        guideline="Decision based on MTUS Chronic Pain Treatment Guidelines Muscle Relaxants.",
        rationale="Flexeril 5mg #60 is not medically necessary.",
    )
    result = check(text, default_rulebook()).items[0]
    assert result.guideline is not None and result.guideline.id == "mtus-2016-chronic-pain"


def test_an_item_citing_only_an_unknown_guideline_gets_the_core_rules_and_a_note() -> None:
    text = letter(
        item="MRI of the left hip: Overturned",
        guideline="The Expert Reviewer based their decision on recommendation(s) outside of the MTUS Guidelines. "
        "Decision based on Non-MTUS Citation ACOEM Hip and Groin Chapter/Diagnostic and treatment recommendations.",
        claims_guideline="The Claims Administrator did not cite any medical evidence for its decision.",
        rationale="The MRI of the left hip is not medically necessary.",
    )
    result = check(text, default_rulebook()).items[0]
    assert result.guideline is not None and (result.guideline.id, result.guideline.title) == (
        "core",
        "Core checks (every item)",
    )
    assert [n.kind for n in result.notes] == ["info"]
    assert "ACOEM Hip and Groin Chapter" in result.notes[0].message
    assert {f.rule for f in result.flags} == {"core/DEC-001"}  # the header contradicts the conclusion


def test_the_reviewers_citation_comes_first_and_an_mtus_document_before_the_odg() -> None:
    text = letter(
        item="Physical therapy, 2 times a week for 4 weeks, right knee: Upheld",
        claims_guideline="Decision based on MTUS Knee Complaints 2004, Section(s): Initial Care.",
        guideline="Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Knee and Leg. "
        "Decision based on MTUS Acupuncture Treatment 2007.",
        rationale="The physical therapy is not medically necessary.",
    )
    result = check(text, default_rulebook()).items[0]
    assert result.guideline is not None and result.guideline.id == "mtus-acupuncture-2007"
