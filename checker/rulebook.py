"""A rulebook: its name and version, the vocabulary the parser uses, and the rules it applies."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from .model import Flag, Item, Letter
from .vocabulary import Vocabulary, default_vocabulary

# A rule looks at one item of a letter and returns the flags it raises.
ItemRule = Callable[[Item, Letter], Sequence[Flag]]


@dataclass(frozen=True)
class Rulebook:
    name: str
    version: str
    vocabulary: Vocabulary
    rules: tuple[ItemRule, ...] = field(default=())

    def apply(self, letter: Letter) -> tuple[list[tuple[Flag, ...]], tuple[Flag, ...]]:
        """Flags for each item of `letter`, in item order, and flags about the letter as a whole."""
        per_item = [tuple(flag for rule in self.rules for flag in rule(item, letter)) for item in letter.items]
        return per_item, ()


def parse_only_rulebook() -> Rulebook:
    """The default vocabulary with no rules: what `imr-check parse` and the parser tests use."""
    return Rulebook("imr-check parser", "0", default_vocabulary())
