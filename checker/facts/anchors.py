"""Whose a statement is: the treatments a sentence names, and which of them a number or a
mention in it belongs to.

"Tizanidine was prescribed, along with physical therapy 2 times a week for 4 weeks" gives the
four weeks to physical therapy, not to tizanidine; "the epidural gave 50% relief" is not
Lyrica's relief; "a trial of physical therapy" is no trial of an antiepilepsy drug. A statement
belongs to the treatment named nearest before it, together with any named in the same list
("Norco and Soma for 6 months"); a statement before every name belongs to all the sentence
names. A sentence that names no treatment speaks of none in particular.

The anchors of a sentence are found once per letter, when a rule first needs them (drug names
from the lexicon, class words, "this medication", medications in general, treatments that are
not drugs); each item then only compares names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from checker.facts.concepts import ConceptModel
from checker.parse.lexicon import DrugLexicon

DRUG = "drug"  # a drug of the lexicon: `name` is its generic name
CLASS = "class"  # a class word ("muscle relaxants"): `name` is the class
THIS = "this_drug"  # "this medication": the drug the passage speaks of
MEDICATIONS = "medications"  # the patient's medications in general
TREATMENT = "treatment"  # a treatment that is not a drug ("physical therapy")

# What may stand between two names of one list: a strength, a quantity, a comma, "and", "or".
_LIST_GAP = re.compile(
    r"^[\s,/&+-]*(?:[\d.,/]+\s*(?:mg|mcg|g|ml|%)?[\s,]*(?:#\s*\d+[\s,]*)?)?(?:and|or|with|plus|&)?[\s,]*$"
)
_STOP = re.compile(r"[;:]")


@dataclass(frozen=True, slots=True)
class Anchor:
    start: int
    end: int
    kind: str  # DRUG, CLASS, THIS, MEDICATIONS or TREATMENT
    name: str = ""
    drug_class: str = ""  # a drug's class


class Anchors:
    """The anchors of one passage, found sentence by sentence as they are asked for: most
    sentences hold nothing a rule needs to attribute."""

    def __init__(self, text: str, lexicon: DrugLexicon, model: ConceptModel) -> None:
        self.text = text
        self.lexicon = lexicon
        self.model = model
        self._spans: dict[tuple[int, int], list[Anchor]] = {}

    def within(self, start: int, end: int) -> list[Anchor]:
        """The anchors of the span [start, end) (a sentence), in order."""
        found = self._spans.get((start, end))
        if found is None:
            found = self._spans[(start, end)] = self._find(start, end)
        return found

    def _find(self, start: int, end: int) -> list[Anchor]:
        text = self.text[start:end]
        found: dict[tuple[int, int], Anchor] = {}
        for mention in self.lexicon.mentions(text):
            found[(mention.start, mention.end)] = Anchor(
                start + mention.start, start + mention.end, DRUG, mention.drug.generic, mention.drug.drug_class
            )
        if self.model.anchor_cues is not None:
            for cue in self.model.anchor_cues.finditer(text):
                if any(s <= cue.start < e or cue.start <= s < cue.end for s, e in found):
                    continue  # a drug's own name ("Lidoderm patch") is not also a treatment word
                kind, _, name = _anchor_label(cue.label).partition(":")
                found[(cue.start, cue.end)] = Anchor(start + cue.start, start + cue.end, kind, name)
        return [found[key] for key in sorted(found)]

    def owners(self, start: int, end: int, offset: int) -> list[Anchor]:
        """The anchors a statement at `offset` of the sentence [start, end) belongs to: the list
        of names nearest before it in its clause, else every name of the sentence; [] when the
        sentence names none."""
        within = self.within(start, end)
        if not within:
            return []
        before = [a for a in within if a.end <= offset and not _STOP.search(self.text, a.end, offset)]
        if not before:
            return within
        group = [before[-1]]
        for anchor in reversed(before[:-1]):
            if not _LIST_GAP.match(self.text[anchor.end : group[-1].start]):
                break
            group.append(anchor)
        return group


def _anchor_label(label: str) -> str:
    """One label of a cue that carries several ("pain medication" is a class word and a word for
    medications in general): the most specific."""
    labels = label.split("|")
    for kind in (THIS, MEDICATIONS, "class", TREATMENT):
        for one in labels:
            if one == kind or one.startswith(f"{kind}:"):
                return one
    return labels[0]


def belongs(
    owners: list[Anchor], drugs: frozenset[str], drug_class: str, named: bool, same_class: bool = False
) -> bool:
    """Whether a statement whose owners are `owners` is about a drug item (its drugs, its class):
    `named` asks that the sentence give it to the item (its drug, class or "this medication");
    otherwise it counts unless the sentence gives it only to other treatments. With
    `same_class`, another drug of the item's class counts as the item (how long the class has
    been used)."""
    if not owners:
        return not named
    for anchor in owners:
        if anchor.kind == DRUG and (
            anchor.name in drugs or (same_class and anchor.drug_class == drug_class != "other")
        ):
            return True
        if anchor.kind == CLASS and anchor.name == drug_class and drug_class != "other":
            return True
        if anchor.kind == THIS:
            return True
        if anchor.kind == MEDICATIONS and not named:
            return True
    return False
