"""The standard layout: `IMR ISSUES, DECISIONS AND RATIONALES` with `<treatment>: Upheld` items."""

from __future__ import annotations

from checker.model import Letter, Problem
from checker.parse.extract import build_letter
from checker.parse.headers import rejoin_headers
from checker.parse.lines import structure_failure
from checker.parse.structure import StructureError, parse_layout
from checker.parse.vocabulary import Vocabulary
from checker.read.normalize import NormalizedText


def read(text: NormalizedText, vocabulary: Vocabulary) -> tuple[Letter, list[Problem]]:
    text = rejoin_headers(text)
    try:
        layout = parse_layout(text)
    except StructureError as error:
        raise structure_failure(error, text) from None
    return build_letter(text, layout, vocabulary)
