"""The published letter layouts: detect which one a letter uses and read it into the model.

Each layout has its own grammar (`grammar/letter.lark`, `format2.lark`, `format3.lark`) and
reader module; all of them build the same `Letter`, so the rulebook never needs to know which
layout a letter came in.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from checker.model import Letter, Problem
from checker.parse import format2, format3, standard
from checker.parse.vocabulary import Vocabulary
from checker.read.normalize import NormalizedText

Reader = Callable[[NormalizedText, Vocabulary], tuple[Letter, list[Problem]]]
READERS: dict[str, Reader] = {"standard": standard.read, "format2": format2.read, "format3": format3.read}
LAYOUTS = tuple(READERS)

# Headings only one layout uses; the first one found decides.
_MARKERS = re.compile(
    r"(?P<standard>(?i:IMR ISSUES,? DECISIONS,? AND RATIONALES|Claims Administrator guideline:))"
    r"|(?P<format2>(?i:IMR DECISION\(?S\)? AND RATIONALE\(?S\)?|Section of the MTUS used by|DOCUMENTS REVIEWED\s*:?$))"
    r"|(?P<format3>MEDICAL PROFESSIONAL REVIEW|ISSUES? (?:AT|IN) DISPUTE:|RATIONALE FOR WHY THE REQUESTED)"
)


def recognised_layout(text: NormalizedText) -> str | None:
    """The layout whose headings the letter uses, or None when no heading is recognised."""
    for line in text.lines:
        match = _MARKERS.match(line)
        if match is not None and match.lastgroup is not None:
            return match.lastgroup
    return None


def detect_layout(text: NormalizedText) -> str:
    """The layout whose headings the letter uses; `standard` when none is recognised."""
    return recognised_layout(text) or "standard"


def read_layout(text: NormalizedText, vocabulary: Vocabulary) -> tuple[Letter, list[Problem]]:
    """Parse `text` in its own layout; raises NotALetter with an original line number."""
    return READERS[detect_layout(text)](text, vocabulary)
