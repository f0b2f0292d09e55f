"""How much of a drug a day: frequencies ("every 4-6 hours", "BID", "three times a day"), units per
dose ("1-2 tablets"), supplies ("#120 for 30 days"), and the morphine equivalent dose they make.

Every reading is the lower bound of what is written (every 4-6 hours is 4 a day, 1-2 tablets is
one), so a computed dose never overstates what the letter says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from checker.facts.tables import Conversion
from checker.model import Treatment

_NUMBER = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "a": 1, "an": 1}
_N = r"(\d{1,2}|one|two|three|four|five|six)"
_EVERY = re.compile(
    r"\b(?:q|every)\s*(\d{1,2})(?:\s*(?:-|to)\s*(\d{1,2}))?\s*(?:h|hr|hrs|hours?)\b(?:\s*(?:as needed|prn))?", re.I
)
_TIMES = re.compile(rf"\b{_N}\s*(?:times|x)\s*(?:a|per|/|each)?\s*(?:day|daily)\b", re.I)
_WORDS = (
    (re.compile(r"\b(?:four times (?:a day|daily)|QID|q\.i\.d\.?)", re.I), 4),
    (re.compile(r"\b(?:three times (?:a day|daily)|TID|t\.i\.d\.?)", re.I), 3),
    (re.compile(r"\b(?:twice (?:a day|daily)|two times (?:a day|daily)|BID|b\.i\.d\.?|q12h)", re.I), 2),
    (re.compile(r"\b(?:once (?:a day|daily)|daily|QD|q\.d\.|QHS|at bedtime|nightly|every night)\b", re.I), 1),
)
_PER_DOSE = re.compile(rf"\b{_N}(?:\s*(?:-|to)\s*{_N})?\s*(?:tablets?|tabs?|capsules?|caps?|pills?)\b", re.I)
_SUPPLY = re.compile(r"\b(?:for\s+)?(\d{1,3})[- ]days?(?:'s)?(?:\s+supply)?\b|\bone[- ]month(?:'s)? supply\b", re.I)
_STATED = re.compile(
    r"\b(?:MED|MME|morphine (?:milligram )?equivalents?(?: dose| dosage| daily dose)?)\b(?:\s*\(\w+\))?"
    r"[^.;\d]{0,30}?(\d{2,4}(?:\.\d)?)\s*(?:mg)?"
    r"|\b(\d{2,4}(?:\.\d)?)\s*(?:mg\s*)?(?:MED|MME)\b",
    re.I,
)


# What a passage must hold for a dose to be read from it at all: a quick look first.
STATED_HINT = re.compile(r"\b(?:MED|MME|morphine)", re.I)
FREQUENCY_HINT = re.compile(
    r"\b(?:q\s*\d|every|times|daily|twice|[bt]\.?i\.?d|q\.?i\.?d|qd|qhs|nightly|bedtime|\d+x)", re.I
)


@dataclass(frozen=True)
class Daily:
    """Units a day and the words that say so."""

    units: float
    said: str


def _count(word: str) -> float:
    return float(_NUMBER.get(word.lower(), 0) or word)


def per_day(text: str) -> Daily | None:
    """How many units a day `text` prescribes, at the least; None when it gives no frequency."""
    every = _EVERY.search(text)
    doses: float | None = None
    said = ""
    if every:
        hours = max(float(every.group(1)), float(every.group(2) or 0))
        if hours > 0:
            doses, said = 24 / hours, every.group()
    if doses is None:
        times = _TIMES.search(text)
        if times:
            doses, said = _count(times.group(1)), times.group()
    if doses is None:
        for pattern, count in _WORDS:
            found = pattern.search(text)
            if found:
                doses, said = float(count), found.group()
                break
    if doses is None:
        return None
    per_dose = _PER_DOSE.search(text)
    units = _count(per_dose.group(1)) if per_dose else 1.0
    if per_dose:
        said = f"{per_dose.group()} {said}"
    return Daily(doses * units, said)


def from_supply(treatment: Treatment, text: str) -> Daily | None:
    """Units a day from a quantity and the days it is for ("#120 for 30 days")."""
    if treatment.quantity is None:
        return None
    found = _SUPPLY.search(text)
    if found is None:
        return None
    days = float(found.group(1)) if found.group(1) else 30.0
    if days <= 0:
        return None
    return Daily(treatment.quantity / days, f"#{treatment.quantity:g} for {days:g} days")


def stated(sentence: str) -> tuple[float, int] | None:
    """A morphine equivalent dose the letter states ("MED of 180 mg"), and where."""
    found = _STATED.search(sentence)
    if found is None:
        return None
    value = float(found.group(1) or found.group(2))
    return (value, found.start()) if 5 <= value <= 5000 else None


@dataclass(frozen=True)
class Dose:
    mg: float
    shown: str


def morphine_equivalent(treatment: Treatment, daily: Daily | None, conversion: Conversion) -> Dose | None:
    """The day's dose in oral morphine milligram equivalents, and how it was computed."""
    strength = treatment.strength
    if strength is None or not strength.values or not conversion.counted:
        return None
    amount = strength.values[0]
    unit = strength.unit.lower()
    if conversion.unit == "mcg/hr":
        if "mcg" not in unit:
            return None
        patch_factor = conversion.factor or 0.0
        mg = amount * patch_factor
        how = f"{amount:g} mcg/hr {conversion.opioid} x {patch_factor:g}"
        return Dose(round(mg, 1), _shown(mg, how, conversion))
    if daily is None:
        return None
    if conversion.unit == "mg" and "mcg" in unit:
        amount /= 1000
    if conversion.max_unit is not None and amount > conversion.max_unit:
        return None  # the number names the acetaminophen ("Norco 325mg")
    dose = amount * daily.units
    factor = conversion.factor_for(dose)
    if factor is None:
        return None
    mg = dose * factor
    how = f"{amount:g} {conversion.unit} {conversion.opioid}, {daily.said} ({daily.units:g} a day) x {factor:g}"
    return Dose(round(mg, 1), _shown(mg, how, conversion))


def _shown(mg: float, how: str, conversion: Conversion) -> str:
    return f"about {mg:.0f} mg morphine equivalents a day, computed from {how} ({conversion.source})"
