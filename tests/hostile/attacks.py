"""Hostile inputs built at test time: PDF bombs, a quadratic letter, injection and escape letters.

Shared by the tests in this folder and by `benchmarks/hostile.py`, which measures the time and
memory a run over them takes.
"""

from __future__ import annotations

import zlib
from pathlib import Path

from tests.support import EXAMPLES

GOOD_LETTER = EXAMPLES / "004_5bb1afb40656a8b8.txt"
FLAGGED_TREATMENT = "Norco 325mg #90"  # an item of GOOD_LETTER that the shipped rules flag


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF of `objects` (object 1 is the catalog), with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _stream(content: bytes) -> bytes:
    packed = zlib.compress(content, 9)
    return b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\nendstream"


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def _one_page(content: bytes) -> bytes:
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
            _stream(content),
            _FONT,
        ]
    )


def text_bomb(operators: int = 5_000_000) -> bytes:
    """A page whose compressed content (about 50 KB) shows a character millions of times:
    laid out, it takes gigabytes inside the PDF library."""
    return _one_page(b"BT /F1 12 Tf 72 720 Td " + b"(A) Tj " * operators + b"ET")


def page_bomb(fanout: int = 30, depth: int = 4) -> bytes:
    """A page tree in which each node names the next `fanout` times: 810,000 pages from 1.5 KB."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    for level in range(depth):
        kid = 3 + level
        kids = b" ".join([b"%d 0 R" % kid] * fanout)
        objects.append(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, fanout ** (depth - level)))
    page = 2 + depth
    objects.append(
        b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 %d 0 R >> >> "
        b"/Contents %d 0 R >>" % (page - 1, page + 2, page + 1)
    )
    objects.append(_stream(b"BT /F1 12 Tf 72 720 Td (IMR) Tj ET"))
    objects.append(_FONT)
    return _pdf(objects)


def quadratic_letter(repeats: int = 3200) -> str:
    """The good letter with one case-summary line repeated: a sentence of thousands of drug
    mentions and UR actions, and a guideline line of thousands of sections."""
    text = GOOD_LETTER.read_text(encoding="utf-8")
    ur = "Utilization review non-certified the request for Norco 10/325mg #120 and certified Soma #30 \n"
    at = text.index("IMR ISSUES")
    text = text[:at] + ur * repeats + text[at:]
    label = "Claims Administrator guideline: Decision based on MTUS Chronic Pain Treatment Guidelines \n"
    at = text.index(label) + len(label)
    sections = "Opioids, Muscle relaxants, Anti-epilepsy drugs, Topical analgesics, NSAIDs, \n"
    return text[:at] + sections * repeats + text[at:]


def injection_letter() -> str:
    """The good letter with a treatment that a spreadsheet would run as a formula, and terminal
    escape sequences and markdown in its text."""
    text = GOOD_LETTER.read_text(encoding="utf-8")
    text = text.replace(FLAGGED_TREATMENT, '=HYPERLINK("x.invalid","Norco") 325mg #90', 1)
    return text.replace("Duragesic 12 mcg/hr", f"Duragesic{ESCAPES} 12 mcg/hr {MARKDOWN}")


ESCAPES = "\x1b]0;owned\x07\x1b[2J\x9b31m"  # set the window title, clear the screen, a C1 CSI
MARKDOWN = "![x](x.invalid/p.png) @admin #1"


CATASTROPHIC_PATTERN = "(?:[a-z ]{0,100}){0,100}!"


def hostile_folder(folder: Path, *, bombs: bool = True) -> dict[str, str]:
    """Write good and hostile letters into `folder`; returns file name -> what it is."""
    folder.mkdir(parents=True, exist_ok=True)
    kinds: dict[str, str] = {}
    for path in sorted(EXAMPLES.glob("*.txt")):
        (folder / path.name).write_bytes(path.read_bytes())
        kinds[path.name] = "good"
    (folder / "LOUD.TXT").write_bytes(GOOD_LETTER.read_bytes())
    kinds["LOUD.TXT"] = "good"
    (folder / "quadratic.txt").write_text(quadratic_letter(), encoding="utf-8")
    kinds["quadratic.txt"] = "good"
    (folder / "injection.txt").write_text(injection_letter(), encoding="utf-8")
    kinds["injection.txt"] = "good"
    name = b"not-utf8-\xff.txt"
    with open(Path(folder).joinpath(name.decode("utf-8", "surrogateescape")), "wb") as handle:
        handle.write(GOOD_LETTER.read_bytes())
    kinds[name.decode("utf-8", "surrogateescape")] = "good"
    (folder / "=cmd.txt").write_bytes(GOOD_LETTER.read_bytes())
    kinds["=cmd.txt"] = "good"
    (folder / f"escape{ESCAPES}.txt").write_bytes(GOOD_LETTER.read_bytes())
    kinds[f"escape{ESCAPES}.txt"] = "good"
    if bombs:
        (folder / "text-bomb.pdf").write_bytes(text_bomb())
        kinds["text-bomb.pdf"] = "hostile"
        (folder / "page-bomb.pdf").write_bytes(page_bomb())
        kinds["page-bomb.pdf"] = "hostile"
    (folder / "pdf-named.txt.pdf").write_bytes(b"%PDF-1.4 broken")
    kinds["pdf-named.txt.pdf"] = "hostile"
    return kinds
