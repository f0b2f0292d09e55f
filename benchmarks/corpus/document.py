"""A generated letter as a document (a field table, headings, paragraphs), and its text.

The text is what extracting a published PDF letter gives (/work/research/realtext): single-spaced
lines wrapped near 95 characters, a trailing space on every line a paragraph continues after, no
blank lines, and a form feed at the start of the first line of every page after the first. Pages
are filled as a PDF page would be: a paragraph's gap takes the room of a line, page one loses
room to the letterhead and the field table.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

# Lines of text a page holds (page one: below the letterhead and the field table); a paragraph
# gap takes one line's room. Measured on the published PDFs: 168 pages for 65 letters.
FIRST_PAGE_LINES = 41
PAGE_LINES = 47


@dataclass(frozen=True)
class Para:
    """A heading, a paragraph (with an optional bold label in front), or lines kept as they are."""

    text: str
    label: str = ""
    style: str = "body"  # body | heading | lines

    @property
    def joined(self) -> str:
        return f"{self.label} {self.text}".strip() if self.label else self.text


@dataclass
class Document:
    case_number: str
    paras: list[Para]
    # The standard layout's field table on page one: rows of (label, value, label, value).
    fields: list[tuple[str, str, str, str]] = field(default_factory=list)
    letterhead: bool = True
    # A running header (the case number) and footer (page N of M) on every page, as some PDFs carry.
    running_header: bool = False


def wrap(text: str, rng: random.Random) -> list[str]:
    """Break a paragraph into lines as a proportional font at 12 points does: about 86 to 99
    characters, never inside a word."""
    lines: list[str] = []
    line = ""
    width = rng.randint(86, 99)
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line, width = word, rng.randint(86, 99)
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    return lines


def field_lines(fields: list[tuple[str, str, str, str]]) -> list[str]:
    """The field table as text extraction reads it: a row's cells on one line; a label too wide
    for its cell ("Application Received:") wraps, its value after it."""
    out: list[str] = []
    for left, value, right, other in fields:
        if right == "Application Received:":
            out += [f"{left} {value} Application ", "Received: ", other]
        elif right:
            out.append(f"{left} {value} {right} {other}")
        else:
            out.append(f"{left} {value}")
    return out


def render_text(document: Document, rng: random.Random) -> str:
    lines: list[str] = field_lines(document.fields)
    room = FIRST_PAGE_LINES - (2 if document.fields else 0)
    used = len(lines)
    for para in document.paras:
        if para.style == "lines":
            block = para.text.split("\n")
        elif para.style == "heading":
            block = [para.text]
        else:
            wrapped = wrap(para.joined, rng)
            block = [f"{line} " for line in wrapped[:-1]] + wrapped[-1:]
        for line in block:
            if used >= room:
                lines.append("\f" + line)
                used, room = 1, PAGE_LINES
            else:
                lines.append(line)
                used += 1
        used += 1 if para.style != "lines" else 0
    return "\n".join(lines) + "\n"
