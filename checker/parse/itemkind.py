"""What kind of item a disputed treatment is, and which body regions its header names.

rules/kinds.yaml holds the words: kinds are tried in order (exceptions first: an "Ultrasound 1
times 8" is a therapy visit series, "PT/PTT" a clotting test), and regions are read from the
header after the words that only look like regions are taken out ("knee scooter", "hip pad").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from checker.datafiles.regexcheck import UnsafePattern, check_pattern
from checker.datafiles.yamlio import DataError, YamlDocument, field_name
from checker.parse.phrases import PhraseSet

_SPINE_LEVELS = frozenset({"cervical", "thoracic", "lumbar"})
# How many texts' kinds and regions are kept.
_REMEMBERED = 4096


@dataclass(frozen=True)
class _Test:
    kind: str
    phrases: PhraseSet | None
    patterns: tuple[re.Pattern[str], ...]
    drug_lexicon: bool

    def matches(self, text: str, is_drug: bool) -> bool:
        if self.drug_lexicon and is_drug:
            return True
        if self.phrases is not None and next(self.phrases.finditer(text), None) is not None:
            return True
        return any(p.search(text) for p in self.patterns)


@dataclass(frozen=True)
class ItemKinds:
    """kinds.yaml compiled: `kind_of` and `regions_of` one treatment text."""

    strip: tuple[re.Pattern[str], ...]
    tests: tuple[_Test, ...]
    not_regions: PhraseSet
    regions: PhraseSet
    region_patterns: tuple[tuple[str, re.Pattern[str]], ...]
    order: tuple[str, ...]  # regions in the file's order
    # Kinds and regions by text: item headers repeat across letters ("Norco 10/325mg #120"), and
    # trying every kind's phrases and patterns on one costs more than the rest of its reading.
    _known: dict[tuple[str, str, bool], object] = field(default_factory=dict, repr=False, compare=False)

    def _remembered(self, key: tuple[str, str, bool], value: object) -> None:
        if len(self._known) >= _REMEMBERED:
            self._known.clear()
        self._known[key] = value

    def stripped(self, treatment: str) -> str:
        for pattern in self.strip:
            treatment = pattern.sub(" ", treatment)
        return " ".join(treatment.split())

    def kind_of(self, treatment: str, is_drug: bool) -> str:
        key = ("kind", treatment, is_drug)
        known = self._known.get(key)
        if known is None:
            text = self.stripped(treatment)
            known = next((t.kind for t in self.tests if t.matches(text, is_drug)), "other")
            self._remembered(key, known)
        return str(known)

    def regions_of(self, text: str) -> tuple[str, ...]:
        """The regions `text` names, in the order it names them; a spine without a level is
        `spine`, and `back` alone counts only when no thoracic or lumbar level is named."""
        key = ("regions", text, False)
        known = self._known.get(key)
        if known is None:
            known = self._regions_of(text)
            self._remembered(key, known)
        return known  # type: ignore[return-value]

    def _regions_of(self, text: str) -> tuple[str, ...]:
        text = self.stripped(text)
        for found in reversed(list(self.not_regions.finditer(text))):
            text = text[: found.start] + " " + text[found.end :]
        at: dict[str, int] = {}
        for match in self.regions.finditer(text):
            for label in match.label.split("|"):
                at.setdefault(label, match.start)
        for region, pattern in self.region_patterns:
            found_at = pattern.search(text)
            if found_at is not None:
                at[region] = min(at.get(region, found_at.start()), found_at.start())
        if at.keys() & _SPINE_LEVELS:
            at.pop("spine", None)
        if at.keys() & {"thoracic", "lumbar"}:
            at.pop("back", None)
        return tuple(sorted(at, key=lambda r: (at[r], self.order.index(r))))


def build_kinds(document: YamlDocument) -> ItemKinds:
    """Compile a schema-valid kinds document; raises DataError for a bad pattern."""
    data = document.data

    def compiled(where: tuple[str | int, ...], pattern: str) -> re.Pattern[str]:
        try:
            return check_pattern(pattern)
        except UnsafePattern as error:
            raise DataError(document.path, str(error), document.line_of(where), field_name(where)) from None

    strip = tuple(compiled(("strip", i), p) for i, p in enumerate(data.get("strip", ())))
    tests = []
    for index, entry in enumerate(data["kinds"]):
        phrases = entry.get("phrases") or ()
        patterns = tuple(compiled(("kinds", index, "patterns", n), p) for n, p in enumerate(entry.get("patterns", ())))
        tests.append(
            _Test(
                entry["kind"], PhraseSet({"x": phrases}) if phrases else None, patterns, bool(entry.get("drug_lexicon"))
            )
        )
    regions = data["regions"]
    region_patterns = tuple(
        (name, compiled(("regions", name, "patterns", n), p))
        for name, entry in regions.items()
        for n, p in enumerate(entry.get("patterns", ()))
    )
    return ItemKinds(
        strip=strip,
        tests=tuple(tests),
        not_regions=PhraseSet({"x": data.get("not_regions", ())}),
        regions=PhraseSet({name: entry.get("phrases", ()) for name, entry in regions.items()}),
        region_patterns=region_patterns,
        order=tuple(regions),
    )
