"""The realistic generator's building blocks (benchmarks/corpus/data/*.yaml), loaded once."""

from __future__ import annotations

import random
import string
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).resolve().parent / "data"

Entry = dict[str, Any]


@cache
def load(name: str) -> dict[str, Any]:
    with (DATA / f"{name}.yaml").open(encoding="utf-8") as handle:
        loaded: dict[str, Any] = yaml.safe_load(handle)
    return loaded


def items() -> dict[str, Any]:
    return load("items")


def guidelines() -> dict[str, Any]:
    return load("guidelines")


def prose() -> dict[str, Any]:
    return load("prose")


def shapes() -> dict[str, Any]:
    return load("shapes")


def weighted(rng: random.Random, entries: Sequence[Entry], key: str = "w") -> Entry:
    """One entry, chosen in proportion to its weight."""
    return rng.choices(list(entries), weights=[float(e.get(key, 1)) for e in entries])[0]


def weighted_key(rng: random.Random, weights: Mapping[str, float]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[float(weights[k]) for k in keys])[0]


class Slots(dict[str, str]):
    """Template slots; a slot a template names but nobody filled is an error, said plainly."""

    def __missing__(self, key: str) -> str:
        raise KeyError(f"template slot {{{key}}} has no value")


def fill(template: str, slots: Mapping[str, str]) -> str:
    return string.Formatter().vformat(template, (), Slots(slots))


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def lower_first(text: str) -> str:
    """Lower-case the first letter unless the first word is an abbreviation or a name (MRI, TENS)."""
    first = text.split(" ", 1)[0]
    if len(first) > 1 and (first.isupper() or any(c.isupper() for c in first[1:]) or any(c.isdigit() for c in first)):
        return text
    return text[:1].lower() + text[1:]


def listing(names: Sequence[str], rng: random.Random) -> str:
    """ "A", "A and B", "A, B, and C" (the serial comma in about half the letters)."""
    if len(names) == 1:
        return names[0]
    serial = "," if len(names) > 2 and rng.random() < 0.5 else ""
    return ", ".join(names[:-1]) + f"{serial} and {names[-1]}"
