"""Undo what PDF text extraction leaves behind, keeping a map back to original lines.

Extraction doubles line breaks, leaves trailing spaces, form feeds and typographic
characters, and splits words and dates across lines (`short-` / `term`, `09-` / `03- 2015`);
header and footer lines that recur on every page (`pages.page_furniture`) are dropped.
The normalized text has one non-empty line per entry, each tagged with the original line
number it starts on; fragments pulled up from the next line keep their own number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from checker.model import Passage
from checker.read.pages import NO_FURNITURE, PAGE_BREAK, page_furniture

# Typographic characters that extraction produces, mapped to what the grammar expects.
_TRANSLATE = str.maketrans(
    {
        "\u00a0": " ",
        "\u2002": " ",
        "\u2003": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\t": " ",
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\ufeff": None,
        "\u200b": None,
        "\x00": None,
    }
)
_SPACES = re.compile(r" {2,}")
# `08-28- 2015` and `09- 03-2015`: a date whose parts were split by a wrap.
_SPLIT_DATE = re.compile(r"\b(\d{1,2}-\d{1,2}-) (\d{2,4})\b|\b(\d{1,2}-) (\d{1,2}-\d{2,4})\b")
_PAGE_MARK = re.compile(r"(?i)^(?:-\s*)?page \d+(?: of \d+)?(?:\s*-)?$")
_PAGE_MARK_START = frozenset("-pP")
# What to pull up after a line ending in `<digit>-`: a date tail or a number-led token.
_DIGIT_TAIL = re.compile(r"\d{1,2}- ?\d{2,4}\b[^\s]*|\d\S*")
_WORD_TAIL = re.compile(r"[a-z]\S*")


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """Normalized lines, with the original line number of each and of any joined fragment."""

    lines: tuple[str, ...]
    numbers: tuple[int, ...]
    joins: dict[int, tuple[tuple[int, int], ...]]

    def passage(self, start: int, stop: int) -> Passage:
        """Join lines `start..stop-1` with single spaces into a Passage that maps offsets back."""
        parts: list[str] = []
        starts: list[int] = []
        numbers: list[int] = []
        offset = 0
        for index in range(start, stop):
            line = self.lines[index]
            starts.append(offset)
            numbers.append(self.numbers[index])
            for column, number in self.joins.get(index, ()):
                starts.append(offset + column)
                numbers.append(number)
            parts.append(line)
            offset += len(line) + 1
        return Passage(" ".join(parts), tuple(starts), tuple(numbers))


def _clean(line: str) -> str:
    line = line.strip()
    if "  " in line:
        line = _SPACES.sub(" ", line)
    if "- " in line:
        line = _SPLIT_DATE.sub(_join_date, line)
    return line


def _join_date(match: re.Match[str]) -> str:
    if match.group(1) is not None:
        return match.group(1) + match.group(2)
    return match.group(3) + match.group(4)


def normalize(text: str) -> NormalizedText:
    """Normalize decoded letter text; see the module docstring for what changes."""
    if not text.isascii():
        text = text.translate(_TRANSLATE)
    else:  # the only ASCII characters the table maps; str.translate reads every character
        if "\t" in text:
            text = text.replace("\t", " ")
        if "\x00" in text:
            text = text.replace("\x00", "")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines: list[str] = []
    numbers: list[int] = []
    joins: dict[int, tuple[tuple[int, int], ...]] = {}
    furniture = page_furniture(text) if PAGE_BREAK in text else NO_FURNITURE
    repeated = bool(furniture.keys)
    for number, raw in enumerate(text.split("\n"), start=1):
        pieces = raw.split("\f") if "\f" in raw else (raw,)
        for piece in pieces:
            line = _clean(piece)
            # A page mark starts with "-" or "page": the test is skipped for every other line.
            if not line or (line[0] in _PAGE_MARK_START and _PAGE_MARK.match(line)) or (repeated and line in furniture):
                continue
            if lines and lines[-1].endswith("-") and len(lines[-1]) > 1:
                line = _pull_fragment(lines, numbers, joins, line, number)
                if not line:
                    continue
            lines.append(line)
            numbers.append(number)
    return NormalizedText(tuple(lines), tuple(numbers), joins)


def _pull_fragment(
    lines: list[str],
    numbers: list[int],
    joins: dict[int, tuple[tuple[int, int], ...]],
    line: str,
    number: int,
) -> str:
    """Move the start of `line` onto the previous line when a wrap split a word or date."""
    previous = lines[-1]
    before = previous[-2]
    if before.isdigit():
        match = _DIGIT_TAIL.match(line)
    elif before.isalpha():
        match = _WORD_TAIL.match(line)
    else:
        return line
    if match is None:
        return line
    fragment = match.group().replace(" ", "")
    index = len(lines) - 1
    joins[index] = (*joins.get(index, ()), (len(previous), number))
    lines[-1] = previous + fragment
    return line[match.end() :].lstrip()
