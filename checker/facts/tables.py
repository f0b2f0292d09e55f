"""A rulebook's data tables: the morphine equivalent calculator and the topical ingredient table.

Both are YAML a policy editor keeps (rules/morphine-equivalents.yaml,
rules/families/topical-ingredients.yaml), named in a rulebook's `tables`, checked against their
schemas when the rulebook loads and built here once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Conversion:
    """How one opioid converts to oral morphine milligram equivalents."""

    opioid: str  # as a flag names it
    source: str
    factor: float | None  # None: not counted (see bands)
    unit: str = "mg"  # what the strength gives: mg or mcg per unit, or mcg/hr (a patch)
    form: str | None = None  # only for items of this form
    bands: tuple[tuple[float | None, float], ...] = ()  # (up to mg a day, factor), the last open
    max_unit: float | None = None  # a bigger strength names another ingredient

    def factor_for(self, daily: float) -> float | None:
        """The factor for a daily dose (in the strength's unit)."""
        for limit, factor in self.bands:
            if limit is None or daily <= limit:
                return factor
        return self.factor

    @property
    def counted(self) -> bool:
        return self.factor is not None or bool(self.bands)


@dataclass(frozen=True)
class MorphineTable:
    source: str
    verified: bool
    by_drug: dict[str, tuple[Conversion, ...]]

    def conversion(self, drug: str, form: str | None) -> Conversion | None:
        """The conversion for a drug in a form: one made for that form, else one for any form."""
        found = self.by_drug.get(drug, ())
        return next((c for c in found if c.form == form), None) or next((c for c in found if c.form is None), None)


@dataclass(frozen=True)
class Ingredient:
    """What the guideline says of a topical ingredient."""

    status: str  # not-recommended | after-other-treatments | joints
    says: str
    basis: str
    drugs: frozenset[str] = frozenset()
    classes: frozenset[str] = frozenset()
    except_form: str | None = None


@dataclass(frozen=True)
class TopicalTable:
    entries: tuple[Ingredient, ...]

    def entry(self, drug: str, drug_class: str) -> Ingredient | None:
        """The first entry naming an ingredient by generic name or by its class."""
        return next((e for e in self.entries if drug in e.drugs or drug_class in e.classes), None)


@dataclass(frozen=True)
class Tables:
    """The tables a rulebook names; a rulebook without one has None."""

    morphine: MorphineTable | None = None
    topical: TopicalTable | None = None
    sources: tuple[str, ...] = field(default=())


def build_morphine(data: dict[str, Any]) -> MorphineTable:
    by_drug: dict[str, list[Conversion]] = {}
    for entry in data["opioids"]:
        bands = tuple((limit, float(factor)) for limit, factor in entry.get("bands", ()))
        factor = entry.get("factor")
        conversion = Conversion(
            opioid=entry["opioid"],
            source=entry["source"],
            factor=None if factor is None else float(factor),
            unit=entry.get("unit", "mg"),
            form=entry.get("form"),
            bands=bands,
            max_unit=entry.get("max_unit_mg"),
        )
        for drug in entry["drugs"]:
            by_drug.setdefault(drug, []).append(conversion)
    return MorphineTable(data["source"], bool(data.get("verified", False)), {k: tuple(v) for k, v in by_drug.items()})


def build_topical(data: dict[str, Any]) -> TopicalTable:
    return TopicalTable(
        tuple(
            Ingredient(
                status=entry["status"],
                says=" ".join(entry["says"].split()),
                basis=entry["basis"],
                drugs=frozenset(entry.get("drugs", ())),
                classes=frozenset(entry.get("classes", ())),
                except_form=entry.get("except_form"),
            )
            for entry in data["ingredients"]
        )
    )
