"""The standard layout: `IMR ISSUES, DECISIONS AND RATIONALES` with `<treatment>: Upheld` items."""

from __future__ import annotations

from ..extract import build_letter
from ..headers import rejoin_headers
from ..model import Letter, Problem
from ..normalize import NormalizedText
from ..structure import StructureError, parse_layout
from ..vocabulary import Vocabulary
from .common import structure_failure


def read(text: NormalizedText, vocabulary: Vocabulary) -> tuple[Letter, list[Problem]]:
    text = rejoin_headers(text)
    try:
        layout = parse_layout(text)
    except StructureError as error:
        raise structure_failure(error, text) from None
    return build_letter(text, layout, vocabulary)
