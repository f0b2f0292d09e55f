"""The other published layouts parse into the same model as the standard one."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from checker.cli.app import app
from checker.datafiles.resources import schema_path
from checker.model import LetterResult
from checker.parse.layouts import detect_layout
from checker.pipeline import check
from checker.read.normalize import normalize
from checker.rulebook.book import Rulebook, default_rulebook
from tests.support import EXAMPLES, TESTS, CliRunner, example_text

LAYOUTS = TESTS / "fixtures" / "layouts"
FORMAT2 = "format2_norflex_lyrica.txt"
FORMAT3 = "format3_lorzone_duragesic_norco.txt"
# Each fixture carries the clinical content of one example letter in the standard layout.
TWIN = {FORMAT2: "000_4d584a2f79dd9d78.txt", FORMAT3: "004_5bb1afb40656a8b8.txt"}


def fixture_text(name: str) -> str:
    return (LAYOUTS / name).read_text(encoding="utf-8")


def items(result: LetterResult) -> list[tuple]:
    assert result.status == "ok", result.errors
    return [
        (i.item.treatment.text, i.item.decision, i.item.drug, i.item.drug_class, i.item.ur_status, i.item.line)
        for i in result.items
    ]


def readings(result: LetterResult) -> list[tuple]:
    """What the rules read off each item, whatever the layout."""
    assert result.status == "ok", result.errors
    out = []
    for item_result in result.items:
        item = item_result.item
        strength = item.treatment.strength.values if item.treatment.strength else None
        verdict = item.conclusion.verdict if item.conclusion else None
        named = item.conclusion.treatment if item.conclusion else None
        named_strength = named.strength.values if named and named.strength else None
        out.append((item.drug, item.drug_class, strength, item.decision, item.ur_status, verdict, named_strength))
    return out


@pytest.mark.parametrize(
    ("path", "layout"),
    [
        *((p, "standard") for p in sorted(EXAMPLES.glob("*.txt"))),
        (LAYOUTS / FORMAT2, "format2"),
        (LAYOUTS / FORMAT3, "format3"),
    ],
)
def test_layout_is_detected(path: Path, layout: str) -> None:
    assert detect_layout(normalize(path.read_text(encoding="utf-8"))) == layout


def test_format2_items_decisions_and_ur(parser_rulebook: Rulebook) -> None:
    result = check(fixture_text(FORMAT2), parser_rulebook)
    assert result.layout == "format2"
    assert items(result) == [
        ("Norflex 100mg #60", "upheld", "orphenadrine", "muscle_relaxant", "non-certified", 58),
        ("Lyrica 100mg #60", "overturned", "pregabalin", "aed", "certified", 80),
    ]
    lyrica = result.items[1].item
    assert lyrica.conclusion is not None and (lyrica.conclusion.verdict, lyrica.conclusion.line) == ("necessary", 99)
    assert lyrica.ur.line == 44


def test_format2_citations(parser_rulebook: Rulebook) -> None:
    result = check(fixture_text(FORMAT2), parser_rulebook)
    norflex, lyrica = (i.item for i in result.items)
    claims, reviewer = norflex.citations
    assert (claims.role, claims.line, claims.sources[0].source, claims.sections) == (
        "claims_administrator",
        61,
        "MTUS",
        (),
    )
    assert (reviewer.role, reviewer.line) == ("reviewer", 65)
    assert reviewer.sections == ("Muscle relaxants (for pain)",)
    assert [(p.first, p.last) for p in reviewer.pages] == [(63, 66)]
    lyrica_reviewer = lyrica.citations[1]
    assert [s.source for s in lyrica_reviewer.sources] == ["MTUS", "ODG"]
    assert lyrica_reviewer.sections == ("Pregabalin (Lyrica)", "Pain", "Lyrica")


def test_format3_items_decisions_and_citations(parser_rulebook: Rulebook) -> None:
    result = check(fixture_text(FORMAT3), parser_rulebook)
    assert result.layout == "format3"
    assert items(result) == [
        ("Lorozone 750mg #60", "upheld", "chlorzoxazone", "muscle_relaxant", "unknown", 8),
        ("Duragesic 12 mcg/hr patch #10", "overturned", "fentanyl", "opioid", "unknown", 9),
        ("Norco 325mg #90", "overturned", "hydrocodone/acetaminophen", "opioid", "unknown", 10),
    ]
    cited = [
        (c.role, c.line, c.sections, tuple((p.first, p.last) for p in c.pages))
        for i in result.items
        for c in i.item.citations
    ]
    assert cited == [
        ("reviewer", 28, ("Muscle Relaxants (For Pain)",), ((63, 66),)),
        ("reviewer", 31, ("Duragesic (fentanyl transdermal system)", "Opioids"), ((44, 44), (74, 95))),
        ("reviewer", 34, ("Opioids",), ((74, 95),)),
    ]
    conclusions = [(i.item.conclusion.verdict, i.item.conclusion.line) for i in result.items if i.item.conclusion]
    assert conclusions == [("not-necessary", 45), ("necessary", 52), ("not-necessary", 58)]
    # Each rationale is the issue's own part, without its number and treatment label.
    assert result.items[1].item.rationale.text.startswith("The MTUS Guidelines do not recommend the use of Duragesic")


@pytest.mark.parametrize("name", [FORMAT2, FORMAT3])
def test_the_same_letter_reads_the_same_in_every_layout(parser_rulebook: Rulebook, name: str) -> None:
    twin = check(example_text(TWIN[name]), parser_rulebook)
    assert readings(check(fixture_text(name), parser_rulebook)) == readings(twin)


def test_format3_ur_status_from_its_case_summary(parser_rulebook: Rulebook) -> None:
    text = fixture_text(FORMAT3).replace(
        "Diagnoses include 1)",
        "The utilization review dated 6/10/2014 non-certified Lorozone 750mg #60. The request for Norco"
        " 10/325mg #90 was modified. Diagnoses include 1)",
    )
    assert [i.item.ur_status for i in check(text, parser_rulebook).items] == ["non-certified", "unknown", "modified"]


def test_format3_single_issue_on_its_heading_line(parser_rulebook: Rulebook) -> None:
    text = "\n".join(
        [
            "MEDICAL PROFESSIONAL REVIEW",
            "ISSUE AT DISPUTE: Norco 10/325mg #120",
            "CASE SUMMARY:",
            "The claims administrator denied Norco 10/325mg #120 on 1/2/2015.",
            "MEDICAL TREATMENT GUIDELINE(S) RELIED UPON BY PROFESSIONAL REVIEWER AND WHY:",
            "MTUS Chronic Pain Medical Treatment Guidelines, Opioids, criteria for use, pages 76-80.",
            "RATIONALE FOR WHY THE REQUESTED TREATMENT/SERVICE IS/WAS NOT MEDICALLY NECESSARY:",
            "There is no documentation of functional improvement. Norco 10/325mg #120 is not medically necessary.",
        ]
    )
    result = check(text, parser_rulebook)
    assert items(result) == [
        ("Norco 10/325mg #120", "upheld", "hydrocodone/acetaminophen", "opioid", "non-certified", 2)
    ]
    assert result.items[0].item.citations[0].sections == ("Opioids, criteria for use",)


def test_format3_without_a_stated_decision_reads_the_conclusion_or_the_heading(parser_rulebook: Rulebook) -> None:
    text = fixture_text(FORMAT3).replace(": Upheld", "").replace(": Overturned", "")
    result = check(text, parser_rulebook)
    assert [i.item.decision for i in result.items] == ["upheld", "overturned", "upheld"]
    silent = text.replace("is\ndetermined to be medically necessary.", "was reviewed.")
    result = check(silent, parser_rulebook)
    assert [i.item.decision for i in result.items] == ["upheld", "upheld", "upheld"]
    assert any("read as upheld" in w.message and w.line == 9 for w in result.warnings)


def test_format2_question_wrapped_over_two_lines(parser_rulebook: Rulebook) -> None:
    text = fixture_text(FORMAT2).replace(
        "1. Is the request for Norflex 100mg #60 medically necessary and appropriate?",
        "1. Is the request for Norflex 100mg #60 medically\nnecessary and appropriate?",
    )
    result = check(text, parser_rulebook)
    assert result.items[0].item.treatment.text == "Norflex 100mg #60"
    assert result.items[1].item.line == 81


def test_format2_item_without_a_conclusion(parser_rulebook: Rulebook) -> None:
    text = fixture_text(FORMAT2).replace("is not medically necessary and appropriate.", "was reviewed.")
    result = check(text, parser_rulebook)
    assert result.status == "error"
    assert "item 1 ('Norflex 100mg #60') states no conclusion" in result.errors[0].message
    assert result.errors[0].line == 58
    upheld = text.replace("OVERTURN IN PART", "UPHOLD")
    assert check(upheld, parser_rulebook).items[0].item.decision == "upheld"


@pytest.mark.parametrize(
    ("name", "cut_before", "message"),
    [
        (FORMAT2, "IMR DECISION(S) AND RATIONALE(S)", "no 'IMR DECISION(S) AND RATIONALE(S)' section"),
        (FORMAT2, "1. Is the request", "lists no questions"),
        (FORMAT3, "ISSUE AT DISPUTE", "no 'ISSUE AT DISPUTE:' section"),
    ],
)
def test_cut_off_letters_in_other_layouts(parser_rulebook: Rulebook, name: str, cut_before: str, message: str) -> None:
    text = fixture_text(name)
    cut = text[: text.index(cut_before)]
    result = check(cut, parser_rulebook)
    assert result.status == "error" and message in result.errors[0].message


@pytest.mark.parametrize("name", [FORMAT2, FORMAT3])
def test_extraction_artefacts_in_other_layouts(parser_rulebook: Rulebook, name: str) -> None:
    text = fixture_text(name)
    plain = readings(check(text, parser_rulebook))
    doubled = text.replace("\n", " \n\n")
    assert readings(check(doubled, parser_rulebook)) == plain
    assert readings(check(text.replace("\n", "\r\n"), parser_rulebook)) == plain
    lines = text.split("\n")
    middle = len(lines) // 2
    paged = "\n".join([*lines[:middle], "Page 1 of 2", "\fIMR Case CM15-0191234", *lines[middle:], "Page 2 of 2"])
    result = check(paged, parser_rulebook)
    assert readings(result) == plain
    assert all("CM15-0191234" not in i.item.rationale.text for i in result.items)


def test_report_names_the_layout_of_each_letter() -> None:
    result = CliRunner().invoke(app, ["--format", "json", str(LAYOUTS), str(EXAMPLES / TWIN[FORMAT2])])
    report = json.loads(result.stdout)
    jsonschema.Draft7Validator(json.loads(schema_path("report.schema.json").read_text())).validate(report)
    formats = {Path(letter["path"]).name: letter["format"] for letter in report["letters"]}
    assert formats == {
        FORMAT2: "format2",
        FORMAT3: "format3",
        "format2_variations.txt": "format2",
        "format3_variations.txt": "format3",
        TWIN[FORMAT2]: "standard",
    }


@pytest.fixture(scope="module")
def rulebook() -> Rulebook:
    return default_rulebook()


@pytest.mark.parametrize("name", [FORMAT2, FORMAT3])
def test_the_rules_flag_each_layout_as_they_flag_the_standard_one(rulebook: Rulebook, name: str) -> None:
    def flags(result: LetterResult) -> list[list[tuple[str, str]]]:
        assert result.status == "ok", result.errors
        return [sorted((f.rule, f.category) for f in i.flags) for i in result.items]

    twin = flags(check(example_text(TWIN[name]), rulebook))
    assert flags(check(fixture_text(name), rulebook)) == twin
    assert any(twin), "the twin letter raises flags, so the comparison means something"


def test_format3_parts_follow_their_numbers_before_treatment_names(parser_rulebook: Rulebook) -> None:
    text = fixture_text(FORMAT3).replace(
        "The request for Lorozone 750mg #60 is determined to not be medically necessary.",
        "The request for Lorozone 750mg #60 is determined to not be medically necessary.\n"
        "Duragesic was discussed at the same visit.",
    )
    lorzone, duragesic, _ = (i.item for i in check(text, parser_rulebook).items)
    assert lorzone.rationale.text.endswith("Duragesic was discussed at the same visit.")
    assert duragesic.rationale.text.startswith("The MTUS Guidelines do not recommend the use of Duragesic")


def test_format3_parts_found_by_treatment_when_unnumbered(parser_rulebook: Rulebook) -> None:
    text = re.sub(r"(?m)^[123]\. ", "", fixture_text(FORMAT3))
    result = check(text, parser_rulebook)
    assert [i.item.treatment.text for i in result.items] == [
        "Lorozone 750mg #60",
        "Duragesic 12 mcg/hr patch #10",
        "Norco 325mg #90",
    ]
    assert readings(result) == readings(check(fixture_text(FORMAT3), parser_rulebook))
    assert not result.warnings


def test_format2_questions_headings_and_decisions_worded_otherwise(parser_rulebook: Rulebook) -> None:
    result = check((LAYOUTS / "format2_variations.txt").read_text(encoding="utf-8"), parser_rulebook)
    assert result.status == "ok" and result.layout == "format2"
    items = [r.item for r in result.items]
    # The item is the treatment inside the question, never the question.
    assert [i.treatment.text for i in items] == [
        "Norco 10/325mg #120",
        "twelve sessions of physical therapy for the lumbar spine",
        "MRI of the right knee",
        "Toradol 60mg injection",
    ]
    # A verdict; the previous denial upheld; a verdict; "I uphold the prior non-certification".
    assert [i.decision for i in items] == ["upheld", "upheld", "overturned", "upheld"]
    # Headings worded otherwise are still each item's own citations.
    for item in items:
        assert [c.role for c in item.citations] == ["claims_administrator", "reviewer"]
    assert "Knee Complaints" in items[2].citations[1].text
    assert [i.ur_status for i in items] == ["non-certified", "non-certified", "non-certified", "modified"]
    assert not any("no conclusion" in w.message for w in result.warnings)


def test_format3_numbered_issues_each_take_their_own_part_and_decision(parser_rulebook: Rulebook) -> None:
    result = check((LAYOUTS / "format3_variations.txt").read_text(encoding="utf-8"), parser_rulebook)
    assert result.status == "ok" and result.layout == "format3"
    soma, lidoderm = (r.item for r in result.items)
    assert (soma.treatment.text, soma.decision) == ("Soma 350mg #60", "upheld")
    assert (lidoderm.treatment.text, lidoderm.decision) == ("Lidoderm 5% patch #30", "overturned")
    assert "page 29" in soma.citations[0].text and "56-57" in lidoderm.citations[0].text
    assert "two years" in soma.rationale.text and "two years" not in lidoderm.rationale.text
    assert (soma.ur_status, lidoderm.ur_status) == ("non-certified", "non-certified")
