"""Compare PDF text extractors on the example letters: fidelity to the .txt originals and speed.

Run: python benchmarks/pdf_extract.py [repetitions]

Each example letter is laid out as a PDF (tests/pdfs.py: one text line per PDF line, a
case-number header and a `Page N of M` footer on every page), extracted by each library, and
checked. Fidelity: the share of items whose treatment, decision, drug, class, UR status,
conclusion and cited sections and pages equal the .txt original's, and the share of the
original's normalized lines found word for word in the extraction. Speed: milliseconds to
extract one letter, and the library's import time.
"""

from __future__ import annotations

import io
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checker.pipeline import check  # noqa: E402
from checker.read.normalize import normalize  # noqa: E402
from checker.rulebook.book import parse_only_rulebook  # noqa: E402
from tests.pdfs import letter_pdf  # noqa: E402


def with_pypdf(data: bytes) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def with_pdfplumber(data: bytes) -> list[str]:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def with_pypdfium2(data: bytes) -> list[str]:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        pages = []
        for page in document:
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range().replace("\r\n", "\n"))
            textpage.close()
            page.close()
        return pages
    finally:
        document.close()


def with_checker(data: bytes) -> list[str]:
    """What imr-check runs: pypdfium2, with the line-end hyphens pdfium folds put back."""
    from checker.read.pdf import pdf_text

    return pdf_text(data).split("\f")


EXTRACTORS: dict[str, tuple[str, Callable[[bytes], list[str]]]] = {
    "pypdf": ("pypdf", with_pypdf),
    "pdfplumber": ("pdfplumber", with_pdfplumber),
    "pypdfium2": ("pypdfium2", with_pypdfium2),
    "checker.read.pdf": ("pypdfium2", with_checker),
}


def _import_ms(module: str) -> float:
    """The library's import time in a fresh interpreter (what a one-letter run pays)."""
    code = f"import time; t = time.perf_counter(); import {module}; print((time.perf_counter() - t) * 1000)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(done.stdout)


def reading(result) -> list[tuple]:  # type: ignore[no-untyped-def]
    out = []
    for item_result in result.items:
        item = item_result.item
        out.append(
            (
                item.treatment.text,
                item.decision,
                item.drug,
                item.drug_class,
                item.ur_status,
                item.conclusion.verdict if item.conclusion else None,
                tuple((c.role, c.sections, tuple((p.first, p.last) for p in c.pages)) for c in item.citations),
            )
        )
    return out


def main() -> None:
    repetitions = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    rulebook = parse_only_rulebook()
    letters = sorted((ROOT / "examples" / "letters").glob("*.txt"))
    originals = {p.name: p.read_text(encoding="utf-8") for p in letters}
    for words in (False, True):
        pdfs = {name: letter_pdf(text, words=words) for name, text in originals.items()}
        style = "each word placed alone, justified" if words else "one string per line"
        size = sum(len(d) for d in pdfs.values()) // len(pdfs)
        print(f"\n{len(pdfs)} letters as PDFs ({style}), {size:,} bytes each on average")
        compare(pdfs, originals, rulebook, repetitions)


def compare(pdfs: dict[str, bytes], originals: dict[str, str], rulebook, repetitions: int) -> None:  # type: ignore[no-untyped-def]
    print(f"{'library':<12} {'import ms':>9} {'items same':>11} {'lines same':>11} {'ms/letter':>10}")
    for label, (module, extract) in EXTRACTORS.items():
        import_ms = _import_ms(module)
        same_items = total_items = same_lines = total_lines = 0
        for name, data in pdfs.items():
            text = "\f".join(extract(data))
            want = reading(check(originals[name], rulebook))
            got = reading(check(text, rulebook))
            total_items += len(want)
            same_items += sum(1 for a, b in zip(want, got, strict=False) if a == b) if len(want) == len(got) else 0
            wanted_lines = normalize(originals[name]).lines
            got_lines = set(normalize(text).lines)
            total_lines += len(wanted_lines)
            same_lines += sum(1 for line in wanted_lines if line in got_lines)
        started = time.perf_counter()
        for _ in range(repetitions):
            for data in pdfs.values():
                extract(data)
        per_letter = (time.perf_counter() - started) * 1000 / (repetitions * len(pdfs))
        print(
            f"{label:<12} {import_ms:>9.0f} {same_items:>5}/{total_items:<5} {same_lines:>5}/{total_lines:<5}"
            f" {per_letter:>10.1f}"
        )


if __name__ == "__main__":
    main()
