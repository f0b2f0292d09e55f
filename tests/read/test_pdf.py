"""PDF letters: built from the example letters at test time, they read as the .txt originals."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest
from fpdf import FPDF

from checker.cli.app import app
from checker.datafiles.resources import schema_path
from checker.model import LetterResult
from checker.pipeline import check, check_source
from checker.read.ingest import Source
from checker.read.pages import page_map
from checker.read.pdf import pdf_text
from checker.rulebook.book import Rulebook, default_rulebook
from tests.pdfs import letter_pdf
from tests.support import EXAMPLES, CliRunner, example_text

NAMES = sorted(p.name for p in EXAMPLES.glob("*.txt"))
runner = CliRunner()


@pytest.fixture(scope="module")
def rulebook() -> Rulebook:
    return default_rulebook()


def reading(result: LetterResult) -> list[tuple]:
    """Everything about each item that must not depend on the file being text or PDF."""
    assert result.status == "ok", result.errors
    out = []
    for item_result in result.items:
        item = item_result.item
        citations = tuple((c.role, c.sections, tuple((p.first, p.last) for p in c.pages)) for c in item.citations)
        verdict = item.conclusion.verdict if item.conclusion else None
        flags = sorted((f.rule, f.category, f.severity) for f in item_result.flags)
        out.append(
            (item.treatment.text, item.decision, item.drug, item.drug_class, item.ur_status, verdict, citations, flags)
        )
    return out


@pytest.mark.parametrize("words", [False, True], ids=["line-strings", "placed-words"])
@pytest.mark.parametrize("name", NAMES)
def test_a_pdf_letter_reads_as_its_text(rulebook: Rulebook, name: str, words: bool) -> None:
    text = example_text(name)
    result = check_source(Source(name.replace(".txt", ".pdf"), letter_pdf(text, words=words)), rulebook)
    assert reading(result) == reading(check(text, rulebook))


@pytest.mark.parametrize("name", NAMES)
def test_lines_and_pages_point_into_the_extracted_text(rulebook: Rulebook, name: str) -> None:
    data = letter_pdf(example_text(name))
    extracted = pdf_text(data)
    lines = extracted.split("\n")
    pages = page_map(extracted)
    assert pages is not None and pages.pages >= 2
    result = check_source(Source("letter.pdf", data), rulebook)
    for item_result in result.items:
        item = item_result.item
        assert lines[item.line - 1].lstrip("\f").startswith(item.treatment.text)
        assert item.page == pages.page_of(item.line)
        for flag in item_result.flags:
            for evidence in flag.evidence:
                assert evidence.page == pages.page_of(evidence.line)
                # Evidence quotes a sentence; the line it names holds part of it.
                assert set(lines[evidence.line - 1].split()) & set(evidence.text.split())


def test_page_headers_and_footers_stay_out_of_the_letter(rulebook: Rulebook) -> None:
    result = check_source(Source("l.pdf", letter_pdf(example_text(NAMES[4]), case_number="CM14-0077777")), rulebook)
    for item_result in result.items:
        text = item_result.item.rationale.text
        assert "CM14-0077777" not in text and "Page 2 of" not in text


def test_json_report_gives_pages_and_validates(tmp_path: Path) -> None:
    (tmp_path / "004.pdf").write_bytes(letter_pdf(example_text("004_5bb1afb40656a8b8.txt")))
    shutil.copy(EXAMPLES / "000_4d584a2f79dd9d78.txt", tmp_path / "000.txt")
    result = runner.invoke(app, ["--format", "json", str(tmp_path)])
    report = json.loads(result.stdout)
    jsonschema.Draft7Validator(json.loads(schema_path("report.schema.json").read_text())).validate(report)
    text_letter, pdf_letter = report["letters"]
    assert pdf_letter["path"].endswith("004.pdf") and pdf_letter["status"] == "ok"
    assert [item["page"] for item in pdf_letter["items"]] == [1, 2, 2]
    evidence = [e for item in pdf_letter["items"] for f in item["flags"] for e in f["evidence"]]
    assert evidence and all(e["page"] >= 1 for e in evidence)
    assert all("page" not in item for item in text_letter["items"])


def test_text_command_shows_the_lines_reports_count(tmp_path: Path, rulebook: Rulebook) -> None:
    pdf = tmp_path / "004.pdf"
    pdf.write_bytes(letter_pdf(example_text("004_5bb1afb40656a8b8.txt")))
    norco = check_source(Source(str(pdf), pdf.read_bytes()), rulebook).items[2].item
    shown = runner.invoke(app, ["text", "-n", str(pdf)]).stdout.split("\n")
    assert shown[norco.line - 1].split(None, 2) == [f"p{norco.page}", str(norco.line), "Norco 325mg #90: Overturned"]
    plain = runner.invoke(app, ["text", str(pdf)]).stdout
    assert plain.split("\n")[norco.line - 1].lstrip("\f") == "Norco 325mg #90: Overturned"


def test_parse_gives_the_page_of_each_item(tmp_path: Path) -> None:
    pdf = tmp_path / "004.pdf"
    pdf.write_bytes(letter_pdf(example_text("004_5bb1afb40656a8b8.txt")))
    detail = json.loads(runner.invoke(app, ["parse", str(pdf)]).stdout)
    assert detail["pages"][0] == 1 and len(detail["pages"]) >= 2
    assert [item["page"] for item in detail["items"]] == [1, 2, 2]


def _blank_pdf() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    return bytes(pdf.output())


def _locked_pdf() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica")
    pdf.cell(0, 5, "IMR ISSUES, DECISIONS AND RATIONALES")
    pdf.set_encryption(owner_password="owner", user_password="user")
    return bytes(pdf.output())


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (lambda: letter_pdf(example_text(NAMES[0]))[:2000], "cannot open the PDF"),
        (lambda: b"IMR ISSUES, DECISIONS AND RATIONALES\n", "not a PDF"),
        (_blank_pdf, "no text layer"),
        (_locked_pdf, "password-protected"),
        (lambda: b"%PDF-1.7\n" + bytes(range(256)) * 8, "cannot open the PDF"),
    ],
    ids=["truncated", "text-named-pdf", "scanned", "encrypted", "garbage"],
)
def test_broken_pdfs_get_a_clear_error(rulebook: Rulebook, data, reason: str) -> None:  # type: ignore[no-untyped-def]
    result = check_source(Source("broken.pdf", data()), rulebook)
    assert result.status == "error" and reason in result.errors[0].message


def test_default_glob_finds_pdfs_and_text(tmp_path: Path) -> None:
    (tmp_path / "a.pdf").write_bytes(letter_pdf(example_text(NAMES[0])))
    shutil.copy(EXAMPLES / NAMES[1], tmp_path / "b.txt")
    (tmp_path / "c.docx").write_bytes(b"ignored")
    report = json.loads(runner.invoke(app, ["--format", "json", str(tmp_path)]).stdout)
    assert [(Path(letter["path"]).name, letter["status"]) for letter in report["letters"]] == [
        ("a.pdf", "ok"),
        ("b.txt", "ok"),
    ]
