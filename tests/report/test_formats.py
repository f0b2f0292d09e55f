"""Every report format rendered from the same run data: the example letters and the shipped rulebook."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest

from checker.datafiles.resources import schema_path
from checker.model import LetterResult
from checker.read.ingest import find_letters
from checker.report.formats import FORMATS, Formatter, RunInfo
from checker.report.ruleinfo import describe_rules
from checker.report.views import Summary
from checker.rulebook.book import Rulebook, default_rulebook
from checker.run.runner import check_paths
from checker.run.settings import FORMAT_NAMES
from tests.support import EXPECTED, ROOT, TESTS

# (letter prefix, treatment, rule) for every flag the shipped rulebook raises on the examples;
# the categories are those EXPECTED.yaml requires, plus guideline-not-recommended on Duragesic.
# The header conflict on 004 Norco makes the opioid monitoring flag there redundant.
EXPECTED_FLAGS = {
    ("000", "Lyrica 100 mg #60", "core/UR-001"),
    ("004", "Duragesic 12 mcg/hr patch #10", "mtus-2009/OPI-001"),
    ("004", "Duragesic 12 mcg/hr patch #10", "mtus-2009/NR-002"),
    ("004", "Norco 325mg #90", "core/DEC-001"),
    ("004", "Norco 325mg #90", "core/ITEM-001"),
}

SARIF_SCHEMA = TESTS / "data" / "sarif-schema-2.1.0.json"
BROKEN = "examples/letters/../../tests/data/not-a-letter.txt"


@pytest.fixture(scope="module")
def rulebook() -> Rulebook:
    return default_rulebook()


@pytest.fixture(scope="module")
def run_data(rulebook: Rulebook) -> list[LetterResult]:
    """One run over the examples (paths relative to the repository) plus one unreadable letter."""
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)
        results = list(check_paths([*find_letters(["examples/letters"]), "tests/data/not-a-letter.txt"], rulebook))
    # Waive the Duragesic first-line flag on 004 (allowed, not required), so every format shows a waived flag.
    letter = results[4]
    items = tuple(
        replace(
            i, flags=tuple(replace(f, waived="QA accepted") if _is_waived(i.item.line, f.rule) else f for f in i.flags)
        )
        for i in letter.items
    )
    results[4] = replace(letter, items=items)
    return results


def _is_waived(line: int, rule: str) -> bool:
    return line == 143 and rule == "mtus-2009/NR-002"


def render(name: str, results: list[LetterResult], fail_on: str = "error", allow_unreadable: bool = False) -> str:
    rulebook = default_rulebook()
    info = RunInfo("0.1.0", rulebook.name, rulebook.version, len(rulebook.rules), False, fail_on, allow_unreadable,
                   describe_rules(rulebook))  # fmt: skip
    stream = io.StringIO()
    formatter = FORMATS[name](stream, info)
    summary = Summary()
    formatter.begin()
    for result in results:
        summary.add(result)
        formatter.letter(result)
    formatter.end(summary)
    return stream.getvalue()


@pytest.fixture(autouse=True)
def _in_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def counted(results: list[LetterResult]) -> list:
    return [f for r in results for _, f in r.flagged() if f.waived is None]


def test_the_run_data_has_the_expected_flags(run_data: list[LetterResult]) -> None:
    found = {(Path(r.path).name[:3], i.item.treatment.text, f.rule) for r in run_data for i in r.items for f in i.flags}
    assert found == EXPECTED_FLAGS
    assert run_data[-1].status == "error"


def test_jsonl_is_one_letter_per_line_like_the_json_report(run_data: list[LetterResult]) -> None:
    lines = render("jsonl", run_data).splitlines()
    report = json.loads(render("json", run_data))
    assert [json.loads(line) for line in lines] == report["letters"]
    assert len(lines) == 6


def test_json_marks_waived_flags_and_does_not_count_them(run_data: list[LetterResult]) -> None:
    report = json.loads(render("json", run_data))
    jsonschema.Draft7Validator(json.loads(schema_path("report.schema.json").read_text())).validate(report)
    norco = report["letters"][4]["items"][2]
    assert {f["rule"]: f.get("waived") for f in norco["flags"]} == {"core/DEC-001": None, "core/ITEM-001": None}
    duragesic = report["letters"][4]["items"][1]
    assert {f["rule"]: f.get("waived") for f in duragesic["flags"]} == {
        "mtus-2009/OPI-001": None, "mtus-2009/NR-002": "QA accepted",
    }  # fmt: skip
    assert report["summary"]["flags"] == 4 and report["summary"]["waived"] == 1
    assert report["summary"]["by_severity"] == {"error": 2, "warning": 2}
    # a flag in five parts: what is inconsistent, the criterion, what was found and is missing,
    # what to check; its location is the item's header, the first piece of evidence
    dec = next(f for f in norco["flags"] if f["rule"] == "core/DEC-001")
    assert "Upheld means the denial stands" in dec["criterion"] and "change the header to Upheld" in dec["check"]
    assert [(e["line"], e["role"]) for e in dec["evidence"]] == [(187, "header"), (223, "conclusion")]
    opioids = next(f for f in duragesic["flags"] if f["rule"] == "mtus-2009/OPI-001")
    assert opioids["criterion"].startswith("MTUS 2009, Opioids, on-going management, p. 78: ")
    assert {"what": "adverse effects", "state": "not mentioned", "line": None} in opioids["missing"]
    assert {e["role"] for e in opioids["evidence"]} == {"header", "found"}


def test_sarif_validates_and_locates_each_flag(run_data: list[LetterResult]) -> None:
    sarif = json.loads(render("sarif", run_data))
    jsonschema.validate(sarif, json.loads(SARIF_SCHEMA.read_text(encoding="utf-8")))
    run = sarif["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [r.id for r in default_rulebook().rules]
    by_id = {r["id"]: r for r in rules}
    assert "Guideline: MTUS" in by_id["mtus-2009/OPI-001"]["help"]["text"]
    # the rule's criterion and check, in its help and full description
    assert "Criterion: MTUS 2009, Opioids, on-going management, p. 78: " in by_id["mtus-2009/OPI-001"]["help"]["text"]
    assert "Check: Look in the progress notes" in by_id["mtus-2009/OPI-001"]["help"]["text"]
    assert "Criterion: " in by_id["mtus-2009/OPI-001"]["fullDescription"]["text"]
    assert by_id["mtus-2009/OPI-001"]["shortDescription"]["text"]
    assert by_id["mtus-2009/OPI-001"]["defaultConfiguration"]["level"] == "warning"
    assert by_id["citations/CIT-002"]["defaultConfiguration"]["level"] == "note"
    results = run["results"]
    assert len(results) == 5
    dec = next(r for r in results if r["ruleId"] == "core/DEC-001")
    location = dec["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "examples/letters/004_5bb1afb40656a8b8.txt"
    assert location["region"]["startLine"] == 187
    assert [r["physicalLocation"]["region"]["startLine"] for r in dec["relatedLocations"]] == [223]
    assert [r["message"]["text"] for r in dec["relatedLocations"]] == ["conclusion"]
    assert "change the header to Upheld" in dec["properties"]["check"]
    assert dec["level"] == "error" and rules[dec["ruleIndex"]]["id"] == "core/DEC-001"
    waived = [r for r in results if "suppressions" in r]
    assert [(r["ruleId"], r["suppressions"][0]["justification"]) for r in waived] == [
        ("mtus-2009/NR-002", "QA accepted")
    ]
    fingerprints = [r["partialFingerprints"]["imrCheck/v1"] for r in results]
    assert len(set(fingerprints)) == 5
    notes = run["invocations"][0]["toolExecutionNotifications"]
    errors = [n for n in notes if n["level"] == "error"]
    assert [n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for n in errors] == [
        "tests/data/not-a-letter.txt"
    ]
    # Letter 003's rationales never state a verdict: each item has a warning saying so.
    warnings = [n["message"]["text"] for n in notes if n["level"] == "warning"]
    assert sum("no conclusion found" in text for text in warnings) == 3


def test_sarif_fingerprints_survive_unrelated_edits(tmp_path: Path) -> None:
    letter = ROOT / "examples/letters/004_5bb1afb40656a8b8.txt"
    original = tmp_path / "a" / "004.txt"
    original.parent.mkdir()
    original.write_text(letter.read_text(encoding="utf-8"), encoding="utf-8")
    rulebook = default_rulebook()

    def fingerprints() -> list[tuple[int, str]]:
        with pytest.MonkeyPatch.context() as patch:
            patch.chdir(tmp_path)
            results = list(check_paths(["a/004.txt"], rulebook))
            sarif = json.loads(render("sarif", results))
        return [
            (r["locations"][0]["physicalLocation"]["region"]["startLine"], r["partialFingerprints"]["imrCheck/v1"])
            for r in sarif["runs"][0]["results"]
        ]

    before = fingerprints()
    text = original.read_text(encoding="utf-8")
    original.write_text(
        text.replace("CLINICAL CASE SUMMARY", "Note added for the file.\n\nCLINICAL CASE SUMMARY"), "utf-8"
    )
    after = fingerprints()
    assert [line for line, _ in after] != [line for line, _ in before]
    assert [fp for _, fp in after] == [fp for _, fp in before]


@pytest.mark.parametrize(("fail_on", "failures"), [("error", 2), ("warning", 4), ("info", 4), ("never", 0)])
def test_junit_has_a_failure_per_flag_at_or_above_the_fail_level(
    run_data: list[LetterResult], fail_on: str, failures: int
) -> None:
    root = ET.fromstring(render("junit", run_data, fail_on))
    assert root.tag == "testsuites"
    assert len(root.findall(".//failure")) == failures == int(root.get("failures", "-1"))
    assert sum(int(s.get("failures", "-1")) for s in root.findall("testsuite")) == failures
    assert int(root.get("tests", "-1")) == len(root.findall(".//testcase")) == 13 + 1
    assert int(root.get("errors", "-1")) == 1 == len(root.findall(".//testcase/error"))
    norco = next(c for c in root.iter("testcase") if c.get("name", "").startswith("Norco 325mg #90"))
    assert norco.get("classname") == "examples/letters/004_5bb1afb40656a8b8.txt" and norco.get("line") == "187"
    if fail_on == "error":
        (failure,) = norco.findall("failure")
        assert failure.get("type") == "decision-rationale-conflict"
        assert "004_5bb1afb40656a8b8.txt:223: conclusion: " in (failure.text or "")
        assert "criterion: Upheld means the denial stands" in (failure.text or "")
        assert "check: Read the rationale's reasoning" in (failure.text or "")
        assert "core/ITEM-001" in (norco.findtext("system-out") or "")
        duragesic = next(c for c in root.iter("testcase") if c.get("name", "").startswith("Duragesic"))
        assert "waived: QA accepted" in (duragesic.findtext("system-out") or "")


def test_junit_skips_unreadable_letters_when_allowed(run_data: list[LetterResult]) -> None:
    root = ET.fromstring(render("junit", run_data, allow_unreadable=True))
    assert root.get("errors") == "0" and root.get("skipped") == "1"


def test_csv_has_one_row_per_flag(run_data: list[LetterResult]) -> None:
    rows = list(csv.DictReader(io.StringIO(render("csv", run_data))))
    assert len(rows) == 5
    assert list(rows[0]) == [
        "letter", "line", "treatment", "drug", "class", "decision", "rule", "category", "severity", "message",
        "waived", "page",
    ]  # fmt: skip
    norco = next(r for r in rows if r["rule"] == "core/DEC-001")
    assert norco["letter"] == "examples/letters/004_5bb1afb40656a8b8.txt"
    assert (norco["line"], norco["treatment"], norco["drug"], norco["class"], norco["decision"]) == (
        "187", "Norco 325mg #90", "hydrocodone/acetaminophen", "opioid", "overturned",
    )  # fmt: skip
    assert [r["waived"] for r in rows if r["waived"]] == ["QA accepted"]


def test_markdown_has_the_summary_and_every_flag(run_data: list[LetterResult]) -> None:
    text = render("markdown", run_data)
    assert text.startswith("## imr-check: 4 flags in 6 letters")
    assert "| 6 | 13 | 4 | 2 | 2 | 0 | 1 | 0 | 1 |" in text
    rows = [line for line in text.splitlines() if line.startswith("| `")]
    assert len(rows) == 5
    dec = next(row for row in rows if "core/DEC-001" in row)
    assert "<br>**criterion:** Upheld means the denial stands" in dec and "<br>**check:** Read the" in dec
    assert any("`examples/letters/004_5bb1afb40656a8b8.txt:187`" in row and "core/DEC-001" in row for row in rows)
    assert "tests/data/not-a-letter.txt" in text


def test_html_is_self_contained_and_shows_the_evidence_in_context(run_data: list[LetterResult]) -> None:
    page = render("html", run_data)
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "url(" not in page and "<script" not in page and "@import" not in page
    assert '<dd id="sum-letters">6</dd>' in page and '<dd id="sum-flags">4</dd>' in page
    assert '<dd id="sum-waived">1</dd>' in page and '<dd id="sum-unreadable">1</dd>' in page
    marked = r'<mark class="evidence"><span class="ln">(\d+)</span>(?:<span class="role">[^<]*</span>)?([^<]*)</mark>'
    evidence = re.findall(marked, page)
    # each evidence line says what it is; each flag its criterion and what to check
    assert '<span class="role">conclusion</span>' in page and '<span class="role">header</span>' in page
    assert '<dt class="criterion">criterion</dt>' in page and '<dt class="check">check</dt>' in page
    # the conclusion starts on line 221 and ends on 223: both lines are highlighted
    assert ("223", "325mg #90 is determined to not be medically necessary.") in evidence
    assert any(n == "221" and text.endswith("The request for Norco 10-") for n, text in evidence)
    # the lines around the evidence are shown too
    context = re.search(r'<div class="context">((?:(?!</div>).)*\b223\b(?:(?!</div>).)*)</div>', page)
    assert context is not None and context.group(1).count('class="row"') >= 2
    assert page.index('id="summary"') < page.index('id="letters"')


def test_every_format_accepts_an_empty_run() -> None:
    for name in FORMATS:
        assert render(name, []) is not None
    jsonschema.validate(json.loads(render("sarif", [])), json.loads(SARIF_SCHEMA.read_text(encoding="utf-8")))
    assert ET.fromstring(render("junit", [])).get("tests") == "0"


def test_counted_flags_match_across_formats(run_data: list[LetterResult]) -> None:
    expected = len(counted(run_data))
    assert json.loads(render("json", run_data))["summary"]["flags"] == expected
    sarif = json.loads(render("sarif", run_data))["runs"][0]["results"]
    assert len([r for r in sarif if "suppressions" not in r]) == expected
    assert len([r for r in csv.DictReader(io.StringIO(render("csv", run_data))) if not r["waived"]]) == expected
    assert len(ET.fromstring(render("junit", run_data, "info")).findall(".//failure")) == expected


def test_every_format_name_has_a_writer() -> None:
    assert tuple(FORMATS) == FORMAT_NAMES
    assert all(issubclass(FORMATS[name], Formatter) for name in FORMATS)


def test_every_format_carries_the_flags_expected_yaml_requires(run_data: list[LetterResult]) -> None:
    import yaml

    expected = yaml.safe_load(EXPECTED.read_text(encoding="utf-8"))
    required = {
        (name, item["treatment"], category)
        for name, items in expected.items()
        for item in items
        for category in item["required"]
    }
    assert required, "EXPECTED.yaml requires some flags"

    def key(path: str, treatment: str, category: str) -> tuple[str, str, str]:
        return (Path(path).name, treatment, category)

    json_flags = {
        key(letter["path"], item["treatment"], f["category"])
        for letter in json.loads(render("json", run_data))["letters"]
        for item in letter["items"]
        for f in item["flags"]
    }
    sarif_flags = {
        key(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], r["properties"]["treatment"],
            r["properties"]["category"])
        for r in json.loads(render("sarif", run_data))["runs"][0]["results"]
    }  # fmt: skip
    csv_flags = {
        key(r["letter"], r["treatment"], r["category"]) for r in csv.DictReader(io.StringIO(render("csv", run_data)))
    }
    junit = ET.fromstring(render("junit", run_data, "info"))
    junit_flags = {
        key(case.get("classname", ""), case.get("name", "").rsplit(" (", 1)[0], failure.get("type", ""))
        for case in junit.iter("testcase")
        for failure in case.findall("failure")
    }
    # the waived opioid-monitoring flag on 004 Norco is no JUnit failure; every required one is
    for found in (json_flags, sarif_flags, csv_flags, junit_flags):
        assert required <= found


def test_html_shows_evidence_in_context_for_a_pdf_letter(tmp_path: Path, rulebook: Rulebook) -> None:
    from tests.pdfs import letter_pdf

    pdf = tmp_path / "004.pdf"
    pdf.write_bytes(letter_pdf((ROOT / "examples/letters/004_5bb1afb40656a8b8.txt").read_text(encoding="utf-8")))
    results = list(check_paths([str(pdf)], rulebook))
    dec = next(f for i in results[0].items for f in i.flags if f.rule == "core/DEC-001")
    page = render("html", results)
    marked = re.findall(
        r'<mark class="evidence"><span class="ln">(\d+)</span>(?:<span class="role">[^<]*</span>)?([^<]*)</mark>', page
    )
    assert str(dec.evidence[-1].line) in {n for n, _ in marked}
    assert any("medically necessary" in text for _, text in marked)
    assert page.count('class="row"') > len(marked) // 2  # neighbouring lines came from the PDF's text
