"""What the layout readers share: turning a grammar failure into a per-letter error."""

from __future__ import annotations

from ..extract import NotALetter
from ..normalize import NormalizedText
from ..structure import StructureError


def structure_failure(error: StructureError, text: NormalizedText) -> NotALetter:
    """A grammar failure as a per-letter error pointing at the original line."""
    line = None
    if error.index is not None and error.index < len(text.numbers):
        line = text.numbers[error.index]
    return NotALetter(f"cannot parse letter: {error}", line)
