"""Parse a treatment phrase (`Norco 10/325mg #360`) into name, strength, form and quantity."""

from __future__ import annotations

import re
from functools import lru_cache

from lark import Token, Tree
from lark.exceptions import LarkError

from checker.model import Strength, Treatment
from checker.parse.grammars import phrase_parser

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_UNIT = re.compile(r"[a-zA-Z%][a-zA-Z%/]*$")


@lru_cache(maxsize=4096)
def parse_treatment(text: str) -> Treatment:
    """Parse `text`; a phrase the grammar cannot type keeps its whole text as the name."""
    text = " ".join(text.split())
    try:
        tree = phrase_parser("treatment.lark").parse(text)
    except LarkError:
        return Treatment(text=text, name=text)
    name = ""
    strength: Strength | None = None
    form: str | None = None
    quantity: float | None = None
    extra: list[str] = []
    for child in tree.children:
        if not isinstance(child, Tree):
            continue
        tokens = [str(t) for t in child.children if isinstance(t, Token)]
        if child.data == "name":
            words = [t for t in child.children if isinstance(t, Token)]
            # A dosage form after the drug's first word (`Neurontin tablets`) is the form.
            while len(words) > 1 and words[-1].type == "FORM":
                form = form or str(words.pop()).lower()
            name = " ".join(str(w) for w in words)
        elif child.data == "strength" and strength is None:
            strength = parse_strength(tokens[0])
        elif child.data == "form" and form is None:
            form = tokens[0].lower()
        elif child.data == "quantity" and quantity is None:
            quantity = float(_NUMBER.findall(tokens[0])[-1])
        else:
            extra.extend(tokens)
    return Treatment(
        text=text,
        name=name or text,
        strength=strength,
        form=form,
        quantity=quantity,
        extra=" ".join(extra),
    )


def parse_strength(text: str) -> Strength:
    compact = text.replace(" ", "")
    unit_match = _UNIT.search(compact)
    unit = unit_match.group().lower() if unit_match else ""
    values = tuple(float(v) for v in _NUMBER.findall(compact[: unit_match.start()] if unit_match else compact))
    return Strength(text=text, values=values, unit=unit)
