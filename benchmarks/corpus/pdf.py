"""A generated letter as a PDF laid out like the published ones (needs fpdf2: `pip install fpdf2`).

The published 2016-2017 PDFs are US Letter pages set in a 12-point serif with one-inch margins:
a letterhead and a bordered field table on page one, centred bold headings, paragraphs with a
bold lead-in ("Claims Administrator guideline:", "Decision rationale:") and a blank line between
them, ragged right, pages broken wherever the text runs out. They carry no running header; a
document can ask for one (the case number above, "Page N of M" below every page), as letters from
other sources do.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from typing import Any

from benchmarks.corpus.document import Document, Para

_FONT = "Times"
_SIZE = 12
_LEADING = 13.8  # points between lines
_GAP = 8.0  # points between paragraphs
_MARGIN = 72.0


def _latin1(text: str) -> str:
    """The core PDF fonts encode Latin-1; anything else becomes a question mark."""
    return text.encode("latin-1", "replace").decode("latin-1")


def _letter_pdf_class() -> Any:
    from fpdf import FPDF

    class LetterPDF(FPDF):  # type: ignore[misc]
        def __init__(self, document: Document) -> None:
            super().__init__(orientation="portrait", unit="pt", format="letter")
            self.document = document
            self.set_margins(_MARGIN, 54, _MARGIN)
            self.set_auto_page_break(auto=True, margin=54)
            self.alias_nb_pages()
            # A fixed date: the PDF's bytes (its file ID hashes the date) then depend on the letter only.
            self.set_creation_date(datetime(2017, 1, 2, tzinfo=UTC))

        def header(self) -> None:
            if self.document.running_header:
                self.set_font("Helvetica", size=8)
                self.cell(0, 10, f"IMR Case Number: {self.document.case_number}", new_x="LMARGIN", new_y="NEXT")
                self.ln(6)

        def footer(self) -> None:
            if self.document.running_header:
                self.set_y(-40)
                self.set_font("Helvetica", size=8)
                self.cell(0, 10, f"Page {self.page_no()} of {{nb}}", align="C")

    return LetterPDF


def render_pdf(document: Document) -> bytes:
    pdf = _letter_pdf_class()(document)
    pdf.add_page()
    if document.letterhead:
        pdf.set_font("Helvetica", style="B", size=15)
        pdf.cell(0, 16, "MAXIMUS", align="R", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", size=8)
        pdf.cell(0, 10, "Federal Services", align="R", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(14)
    if document.fields:
        _fields(pdf, document.fields)
    for para in document.paras:
        _para(pdf, para)
    return bytes(pdf.output())


def _fields(pdf: Any, fields: list[tuple[str, str, str, str]]) -> None:
    pdf.set_font("Helvetica", size=9)
    with pdf.table(
        col_widths=(95, 150, 95, 128), text_align="LEFT", first_row_as_headings=False, line_height=11
    ) as table:
        for row in fields:
            cells = table.row()
            for text in row:
                cells.cell(_latin1(text))
    pdf.ln(12)


def _para(pdf: Any, para: Para) -> None:
    if para.style == "heading":
        pdf.ln(4)
        pdf.set_font(_FONT, style="B", size=_SIZE)
        pdf.multi_cell(0, _LEADING, _latin1(para.text), align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
        return
    if para.style == "lines":
        for line in para.text.split("\n"):
            _lines(pdf, [("", line)])
    else:
        words = [("B", w) for w in para.label.split()] + [("", w) for w in para.text.split()]
        _lines(pdf, words)
    pdf.ln(_GAP)


def _lines(pdf: Any, words: list[tuple[str, str]]) -> None:
    """Set styled words in ragged-right lines of the page's width. fpdf2 can do this itself
    (`write`), at about a tenth of the speed."""
    room = pdf.w - pdf.l_margin - pdf.r_margin
    line: list[tuple[str, str]] = []
    used = 0.0
    for style, word in words:
        width = _width(style, word)
        space = _width(style, " ") if line else 0.0
        if line and used + space + width > room:
            _line(pdf, line)
            line, used, space = [], 0.0, 0.0
        line.append((style, word))
        used += space + width
    if line:
        _line(pdf, line)


def _line(pdf: Any, words: list[tuple[str, str]]) -> None:
    if pdf.will_page_break(_LEADING):
        pdf.add_page()
    runs: list[tuple[str, str]] = []
    for style, word in words:
        if runs and runs[-1][0] == style:
            runs[-1] = (style, f"{runs[-1][1]} {word}")
        else:
            runs.append((style, f" {word}" if runs else word))
    for style, text in runs:
        pdf.set_font(_FONT, style=style, size=_SIZE)
        pdf.cell(_width(style, text), _LEADING, _latin1(text))
    pdf.ln(_LEADING)


@cache
def _ruler() -> Any:
    """A document of its own to measure text in, so that measuring changes no letter's state
    (and a letter's bytes do not depend on what was measured before it)."""
    from fpdf import FPDF

    return FPDF(unit="pt")


@cache
def _width(style: str, text: str) -> float:
    ruler = _ruler()
    ruler.set_font(_FONT, style=style, size=_SIZE)
    return float(ruler.get_string_width(_latin1(text)))
