"""What a realistic letter is made of before it is written: its items and their labels.

The labels say what a correct checker reports on every item. Where today's checker is not yet
expected to agree (a planted defect or a reading that needs parser or rulebook work still under
way), the item's `awaits` maps the category to the reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from benchmarks.corpus.citations import CitationPlan

APPROVAL_RULES = [
    "aed-functional-benefit",
    "guideline-not-recommended",
    "muscle-relaxant-duration",
    "opioid-monitoring",
]
# Why today's checker may not agree with a label yet.
AWAIT_UR = "parser: UR wording for an item that is not a drug, other than its header's"
AWAIT_COUNT = "parser: session counts compared across the letter"
# The clinical criteria of an approved item that is not a drug (visit counts, red flags before
# imaging, what a cited section recommends against) are not written to its guideline: a
# guideline-not-recommended flag on such an approval is defensible, so it is allowed.
UNWRITTEN_CRITERIA = ("therapy", "acupuncture", "chiropractic", "modality", "imaging")

NUMBER_WORDS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
]


def words(number: int) -> str:
    return NUMBER_WORDS[number] if number < len(NUMBER_WORDS) else str(number)


@dataclass
class Region:
    key: str
    name: str
    short: str
    group: str
    side: str = ""

    @property
    def phrase(self) -> str:
        return f"{self.side} {self.name}" if self.side else self.name


@dataclass
class Drug:
    name: str  # as headers name it: "Cyclobenzaprine", or a compound's ingredients
    drug_class: str
    strength: str
    quantity: int
    form: str = ""
    volume: str = ""
    sections: list[str] = field(default_factory=list)
    compound: list[tuple[str, str]] = field(default_factory=list)
    strengths: list[str] = field(default_factory=list)

    @property
    def spaced(self) -> str:
        """The strength as summaries often write it: "7.5 mg"."""
        for unit in ("mg", "mcg"):
            if self.strength.endswith(unit) and "/" not in self.strength:
                return self.strength[: -len(unit)] + " " + unit
        return self.strength


@dataclass
class Partial:
    variant: str  # remaining | original
    original: str
    authorised: str


@dataclass
class ItemPlan:
    kind: str
    treatment: str  # the disputed treatment, as the header and the label name it
    mention: str  # how the case summary names it
    reword: str  # how a verdict may name it instead
    about: str
    guide: str
    region: Region | None  # the region the header names (the label's region)
    where: Region  # the body part the letter discusses for it
    slots: dict[str, str]
    drug: Drug | None = None
    positive: bool = False  # the rationale concludes the item is medically necessary
    decision: str = "upheld"  # the header's word
    ur: str = "non-certified"
    partial: Partial | None = None
    associated: bool = False  # a service that goes with a surgery
    ancillary: bool = False  # decided with a denied surgery, in one sentence
    documented: bool = False  # an approved drug whose record documents what its rule needs
    long_use: bool = False  # the record shows a muscle relaxant used for months
    ca: CitationPlan = field(default_factory=lambda: CitationPlan("none"))
    mx: CitationPlan = field(default_factory=lambda: CitationPlan("none"))
    concluded: str | None = None  # the verdict names this treatment (a planted item mismatch)
    verdict: str = ""  # the rationale's verdict sentence
    first: bool = False  # the verdict is also stated as the rationale's first sentence
    required: list[str] = field(default_factory=list)
    allowed: list[str] = field(default_factory=list)
    awaits: dict[str, str] = field(default_factory=dict)

    @property
    def drug_class(self) -> str:
        return self.drug.drug_class if self.drug else "other"


@dataclass
class LetterPlan:
    layout: str
    case_number: str
    dates: dict[str, date]
    worker: str
    sex: str
    age: int
    region: Region
    specialty: str
    states: list[str]
    items: list[ItemPlan]

    @property
    def pronouns(self) -> dict[str, str]:
        he, his, him = ("he", "his", "him") if self.sex == "male" else ("she", "her", "her")
        return {"he": he, "his": his, "him": him, "He": he.capitalize(), "His": his.capitalize()}


def labels(plan: LetterPlan) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for item in plan.items:
        entry: dict[str, object] = {
            "treatment": item.treatment,
            "kind": item.kind,
            "region": item.region.key if item.region else None,
            "drug_class": item.drug_class,
            "decision": item.decision,
            "ur_status": item.ur,
            "required": sorted(set(item.required)),
            "allowed": sorted(set(item.allowed) - set(item.required)),
        }
        if item.awaits:
            entry["awaits"] = dict(sorted(item.awaits.items()))
        out.append(entry)
    return out
