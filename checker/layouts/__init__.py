"""The published letter layouts: detect which one a letter uses and read it into the model.

Each layout has its own grammar and reader module; all of them build the same `Letter`,
so the rulebook never needs to know which layout a letter came in.
"""

from __future__ import annotations

from ..model import Letter, Problem
from ..normalize import NormalizedText
from ..vocabulary import Vocabulary
from . import standard

LAYOUTS = ("standard",)


def detect_layout(text: NormalizedText) -> str:
    """The layout whose headings the letter uses; `standard` when none is recognised."""
    return "standard"


def read_layout(text: NormalizedText, vocabulary: Vocabulary) -> tuple[Letter, list[Problem]]:
    """Parse `text` in its own layout; raises NotALetter with an original line number."""
    reader = standard.read
    return reader(text, vocabulary)
