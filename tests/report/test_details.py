"""Report details a CI engineer reads: plurals, JUnit times, SARIF rule names and help links,
PDF pages in SARIF, JUnit and CSV, and an unparsable letter that keeps its recognised layout."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema

from tests.pdfs import letter_pdf
from tests.rulebook_copies import copy_rules, edit
from tests.support import EXAMPLES, TESTS, example_text, invoke

SARIF_SCHEMA = json.loads((TESTS / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
LETTER = str(EXAMPLES / "004_5bb1afb40656a8b8.txt")


def test_one_is_singular_everywhere() -> None:
    text = invoke(str(EXAMPLES / "000_4d584a2f79dd9d78.txt")).stdout
    assert "(standard, 2 items, 1 flag)" in text
    assert text.rstrip().splitlines()[-1].startswith("1 letter, 2 items, 1 flag (1 error)")
    markdown = invoke("--format", "markdown", str(EXAMPLES / "000_4d584a2f79dd9d78.txt")).stdout
    assert "1 flag in 1 letter" in markdown
    verbose = invoke("-v", "--format", "json", str(EXAMPLES / "000_4d584a2f79dd9d78.txt")).stderr
    assert "1 letter, 2 items, 1 flag," in verbose


def test_junit_has_times_that_add_up() -> None:
    root = ET.fromstring(invoke("--format", "junit", str(EXAMPLES)).stdout)
    suites = root.findall("testsuite")
    assert float(root.get("time", "-1")) >= 0
    assert abs(sum(float(s.get("time", "-1")) for s in suites) - float(root.get("time", "-1"))) < 0.01
    for suite in suites:
        cases = suite.findall("testcase")
        assert all(float(c.get("time", "-1")) >= 0 for c in cases)
        assert abs(sum(float(c.get("time", "0")) for c in cases) - float(suite.get("time", "0"))) < 0.01


def test_sarif_rules_have_a_name_apart_from_the_id_and_a_help_link_when_documented(tmp_path: Path) -> None:
    sarif = json.loads(invoke("--format", "sarif", LETTER).stdout)
    rules = sarif["runs"][0]["tool"]["driver"]["rules"]
    assert all(r["name"] != r["id"] and r["name"][0].isupper() and " " not in r["name"] for r in rules)
    assert (
        next(r for r in rules if r["id"] == "core/DEC-001")["name"]
        == "HeaderDecisionContradictsTheRationalesConclusion"
    )
    rules_dir = copy_rules(tmp_path)
    edit(
        rules_dir / "guidelines.yaml",
        "name: imr-check guidelines",
        "name: imr-check guidelines\ndocs: https://qa.example.org/rules.html",
    )
    edit(
        rules_dir / "mtus-2009" / "rulebook.yaml",
        "sections: sections.yaml",
        "docs: https://qa.example.org/mtus-2009.html\nsections: sections.yaml",
    )
    documented = json.loads(invoke("--format", "sarif", "--rules", str(rules_dir), LETTER).stdout)
    jsonschema.Draft7Validator(SARIF_SCHEMA).validate(documented)
    uris = {r["id"]: r["helpUri"] for r in documented["runs"][0]["tool"]["driver"]["rules"]}
    assert uris["core/DEC-001"] == "https://qa.example.org/rules.html#core/dec-001"
    assert uris["mtus-2009/OPI-001"] == "https://qa.example.org/mtus-2009.html#mtus-2009/opi-001"


def test_pdf_pages_show_in_sarif_junit_and_csv(tmp_path: Path) -> None:
    (tmp_path / "004.pdf").write_bytes(letter_pdf(example_text("004_5bb1afb40656a8b8.txt")))
    pdf = str(tmp_path / "004.pdf")
    detail = json.loads(invoke("--format", "json", pdf).stdout)["letters"][0]
    pages = {(f["rule"], f["evidence"][0]["page"]) for item in detail["items"] for f in item["flags"] if f["evidence"]}
    assert pages

    sarif = json.loads(invoke("--format", "sarif", pdf).stdout)
    jsonschema.Draft7Validator(SARIF_SCHEMA).validate(sarif)
    results = sarif["runs"][0]["results"]
    assert {(r["ruleId"], r["properties"]["page"]) for r in results if "page" in r["properties"]} == pages
    assert all(r["locations"][0]["physicalLocation"]["region"]["properties"]["page"] >= 1 for r in results)

    rows = list(csv.DictReader(io.StringIO(invoke("--format", "csv", pdf).stdout)))
    assert {(r["rule"], int(r["page"])) for r in rows if r["page"]} == pages

    junit = ET.fromstring(invoke("--format", "junit", pdf).stdout)
    names = [c.get("name", "") for c in junit.iter("testcase")]
    assert names and all(", page " in name for name in names)
    failures = "".join(f.text or "" for f in junit.iter("failure"))
    assert "(page " in failures

    text_rows = list(csv.DictReader(io.StringIO(invoke("--format", "csv", LETTER).stdout)))
    assert text_rows and all(r["page"] == "" for r in text_rows)


def test_an_unparsable_letter_keeps_its_recognised_layout(tmp_path: Path) -> None:
    cut = example_text("004_5bb1afb40656a8b8.txt").split("IMR ISSUES, DECISIONS AND RATIONALES")[0]
    (tmp_path / "cut.txt").write_text(cut + "IMR ISSUES, DECISIONS AND RATIONALES\n", encoding="utf-8")
    (tmp_path / "list.txt").write_text("milk\neggs\n", encoding="utf-8")
    letters = json.loads(invoke("--format", "json", str(tmp_path)).stdout)["letters"]
    by_name = {Path(letter["path"]).name: letter for letter in letters}
    assert by_name["cut.txt"]["status"] == "error" and by_name["cut.txt"]["format"] == "standard"
    assert by_name["list.txt"]["status"] == "error" and by_name["list.txt"]["format"] is None
