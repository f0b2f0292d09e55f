"""Drug-like items the lexicon does not know: what a policy editor adds to rules/drugs.yaml next.

An item is drug-like when its header gives a strength ("10mg", "5%", "25mg/ml") or a dosage form
("tablets", "cream", "oral suspension") and the lexicon names no drug in it. Quantities alone
("Wrist braces #2") do not make an item a drug.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from checker.pipeline import LetterError, decode_source, read_letter
from checker.read.ingest import find_letters, read_source
from checker.rulebook.book import Rulebook


@dataclass
class UnknownName:
    """One name the lexicon does not know, and where letters use it."""

    name: str
    places: list[tuple[str, int, str]] = field(default_factory=list)  # (letter, line, treatment)


def unknown_drug_names(paths: Iterable[str], rulebook: Rulebook, glob: str) -> Iterator[UnknownName]:
    """Each unknown drug-like name in the letters under `paths`, most used first."""
    found: dict[str, UnknownName] = {}
    for path in find_letters(paths, glob):
        try:
            text, _ = decode_source(read_source(path))
            letter, _ = read_letter(text, rulebook.vocabulary)
        except LetterError:
            continue  # `imr-check` reports letters it cannot read; this command lists names only
        for item in letter.items:
            treatment = item.treatment
            if item.drug is not None or (treatment.strength is None and treatment.form is None):
                continue
            key = treatment.name.lower()
            found.setdefault(key, UnknownName(treatment.name)).places.append((path, item.line, treatment.text))
    yield from sorted(found.values(), key=lambda u: (-len(u.places), u.name.lower()))
