"""Read a PDF letter's text layer, page by page, with pypdfium2.

pypdfium2 was chosen by measurement (docs/pdf.md): on the example letters laid out as PDFs it
reads every item as the .txt originals do, infers the spaces between separately placed words,
and extracts a letter in about 2 ms, where pypdf takes 7-28 ms and pdfplumber 170-200 ms.
Pages are joined with form feeds, so line numbers count lines of the extracted text and the
page of any line is known (`pages.page_map`).
"""

from __future__ import annotations

from checker.read.pages import PAGE_BREAK

PDF_MAGIC = b"%PDF-"
# pdfium marks a hyphen at a line end as a soft hyphen and joins the two lines; put both back.
_SOFT_HYPHENS = str.maketrans({"\ufffe": "-\n", "\x02": "-\n"})
# Text or pages far beyond any letter mean a hostile file (a compressed text bomb, a page tree
# that names one page hundreds of thousands of times): refused before they are read.
MAX_TEXT_CHARS = 5_000_000
MAX_PAGES = 2_000


class NotAPdf(ValueError):
    """The bytes are not a PDF whose text can be read; the message says why."""


def is_pdf(data: bytes) -> bool:
    """True when the bytes carry a PDF header (allowed anywhere in the first kilobyte)."""
    return PDF_MAGIC in data[:1024]


def pdf_text(data: bytes) -> str:
    """The text of every page, joined with form feeds; raises NotAPdf."""
    if not is_pdf(data):
        raise NotAPdf("named .pdf but not a PDF (no %PDF- header)")
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            raise NotAPdf("the PDF is password-protected: its text cannot be read") from None
        raise NotAPdf(f"cannot open the PDF: {_reason(error)}") from None
    pages: list[str] = []
    size = 0
    try:
        count = len(document)
        if count > MAX_PAGES:
            raise NotAPdf(f"the PDF has {count:,} pages, more than the {MAX_PAGES:,} a letter may have")
        for index in range(count):
            page = document[index]
            textpage = page.get_textpage()
            try:
                size += textpage.count_chars()
                if size > MAX_TEXT_CHARS:
                    raise NotAPdf(f"the PDF holds more than {MAX_TEXT_CHARS:,} characters of text: not a letter")
                text = textpage.get_text_range()
            finally:
                textpage.close()
                page.close()
            text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_SOFT_HYPHENS)
            pages.append(text.rstrip("\n") + "\n")
    except pdfium.PdfiumError as error:
        raise NotAPdf(f"cannot read page {len(pages) + 1} of the PDF: {_reason(error)}") from None
    finally:
        document.close()
    if not any(page.strip() for page in pages):
        raise NotAPdf(f"the PDF ({len(pages)} page(s)) has no text layer: a scanned image needs OCR first")
    return PAGE_BREAK.join(pages)


def _reason(error: Exception) -> str:
    message = str(error).strip()
    return message[0].lower() + message[1:] if message else type(error).__name__
