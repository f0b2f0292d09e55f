"""Build letter PDFs at test time, the way the published letters are laid out."""

from __future__ import annotations

from fpdf import FPDF

_LINE_HEIGHT = 5
_FONT_SIZE = 10


class _LetterPDF(FPDF):
    def __init__(self, case_number: str) -> None:
        super().__init__(format="letter")
        self.case_number = case_number
        self.set_auto_page_break(auto=True, margin=20)

    def header(self) -> None:
        self.set_font("Helvetica", size=9)
        self.cell(0, 6, f"IMR Case Number: {self.case_number}", new_x="LMARGIN", new_y="NEXT")
        self.ln(2)

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("Helvetica", size=9)
        self.cell(0, 6, f"Page {self.page_no()} of {{nb}}", align="C")


def letter_pdf(text: str, case_number: str = "CM15-0012345", words: bool = False) -> bytes:
    """A PDF of `text`, one text line per PDF line (blank lines dropped), with a case-number
    header and a `Page N of M` footer on every page.

    With `words`, each word is placed on its own, with no space characters, and long lines are
    justified to the margin, as word processors write PDFs: extractors must infer the spaces.
    """
    pdf = _LetterPDF(case_number)
    pdf.alias_nb_pages()
    pdf.add_page()
    pdf.set_font("Helvetica", size=_FONT_SIZE)
    width = pdf.w - pdf.l_margin - pdf.r_margin
    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            continue
        if not words:
            pdf.cell(0, _LINE_HEIGHT, line, new_x="LMARGIN", new_y="NEXT")
            continue
        if pdf.will_page_break(_LINE_HEIGHT):
            pdf.add_page()
        _place_words(pdf, line.split(), width)
        pdf.ln(_LINE_HEIGHT)
    return bytes(pdf.output())


def _place_words(pdf: FPDF, words: list[str], width: float) -> None:
    space = pdf.get_string_width(" ")
    inked = sum(pdf.get_string_width(w) for w in words)
    natural = inked + space * (len(words) - 1)
    # Justify lines that come near the margin; leave short lines (headings, ends) ragged.
    gap = (width - inked) / (len(words) - 1) if len(words) > 1 and natural > 0.8 * width else space
    x = pdf.l_margin
    baseline = pdf.get_y() + _LINE_HEIGHT * 0.75
    for word in words:
        pdf.text(x, baseline, word)
        x += pdf.get_string_width(word) + gap
