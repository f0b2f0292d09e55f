"""Letters recombined from the five example letters (`make_corpus.py --mode examples`).

Letters are recombined from the parts of the five example letters: their "how the
determination was made" text with another reviewer specialty, a case summary drawn from their
narrative sentences with a new date of injury and a new account of utilization review, and one
to five disputed items whose header, guideline lines and rationale come from an example item of
the same drug class, with another drug of that class from the lexicon, another strength and
quantity, and a conclusion that agrees with the decision. Lines are wrapped and followed by a
blank line, as PDF extraction leaves them.

A share of letters gets one planted inconsistency, its category drawn evenly from the eight.
"""

from __future__ import annotations

import random
import re
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from checker.model import CATEGORIES as ALL_CATEGORIES
from checker.model import Item
from checker.parse.vocabulary import default_vocabulary
from checker.pipeline import read_letter

# What the letters plant. A rationale that contradicts its own case summary (information only)
# is not planted: the example letters hold none to recombine, and the realistic mode writes none.
PLANTED = tuple(c for c in ALL_CATEGORIES if c != "rationale-contradicts-record")

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "letters"
APPROVAL_RULES = [
    "aed-functional-benefit",
    "guideline-not-recommended",
    "muscle-relaxant-duration",
    "opioid-monitoring",
]

# Drugs by class as letters name them, with strengths they come in (checked against the lexicon).
DRUGS: dict[str, list[tuple[str, list[str]]]] = {
    "opioid": [
        ("Norco", ["5/325mg", "7.5/325mg", "10/325mg"]),
        ("Percocet", ["5/325mg", "10/325mg"]),
        ("Oxycontin", ["10mg", "20mg", "40mg"]),
        ("Ultram", ["50mg"]),
        ("Tramadol ER", ["100mg", "150mg"]),
        ("Nucynta", ["50mg", "75mg"]),
        ("MS Contin", ["15mg", "30mg"]),
        ("Tylenol #3", ["300/30mg"]),
    ],
    "muscle_relaxant": [
        ("Flexeril", ["5mg", "7.5mg", "10mg"]),
        ("Zanaflex", ["2mg", "4mg"]),
        ("Norflex", ["100mg"]),
        ("Skelaxin", ["800mg"]),
        ("Robaxin", ["500mg", "750mg"]),
        ("Lorzone", ["375mg", "750mg"]),
        ("Baclofen", ["10mg", "20mg"]),
    ],
    "aed": [
        ("Neurontin", ["300mg", "600mg", "800mg"]),
        ("Gabapentin", ["300mg", "600mg"]),
        ("Lyrica", ["50mg", "75mg", "100 mg"]),
        ("Topamax", ["25mg", "50mg"]),
    ],
    "nsaid": [
        ("Relafen", ["500mg", "750mg"]),
        ("Naproxen", ["375mg", "550mg"]),
        ("Anaprox DS", ["550mg"]),
        ("Motrin", ["600mg", "800mg"]),
        ("Mobic", ["7.5mg", "15mg"]),
        ("Celebrex", ["200mg"]),
    ],
}
CARISOPRODOL = ("Soma", ["350mg"])
SPECIALTIES = [
    "Occupational Medicine",
    "Physical Medicine and Rehabilitation",
    "Anesthesiology",
    "Pain Medicine",
    "Family Practice",
    "Internal Medicine",
    "Orthopedic Surgery",
    "Preventive Medicine",
]
# A section cited for another class than the item's: what a citation mismatch looks like.
WRONG_SECTION = {
    "opioid": "Muscle relaxants (for pain) Page(s): 63-66.",
    "muscle_relaxant": "Opioids section Page(s): 74-95.",
    "aed": "NSAIDs (non-steroidal anti-inflammatory drugs) Page(s): 67-73.",
    "nsaid": "Antiepilepsy drugs (AEDs) Page(s): 16-22.",
}
# What the example letter says of the approved AED's benefit; a summary carries it when a clean
# letter approves an AED, as the example does.
AED_BENEFIT = (
    "He reports 50% reduction in pain and functional improvement with activities of daily living and work"
    " duties with medications versus not taking them at all."
)
_UR_WORDS = re.compile(r"(?i)utilization|\bUR\b|certif|denied|non-cert|modified|approved|authori[sz]ed|request")
# Sentences the generator writes itself: the summary's opening and the worker's age and injury.
_OWN_WORDS = re.compile(r"(?i)developed the following|year[- ]old|date of injury|industrial injury|:")


@dataclass
class Template:
    """An example item: its parts, drug class and decision."""

    letter: str
    item: Item
    guidelines: list[str]
    rationale: str


@dataclass
class Plan:
    """One generated item before it is written out."""

    name: str
    strength: str
    quantity: str
    decision: str
    drug_class: str
    template: Template
    conclusion_verdict: str  # "necessary" or "not"
    conclusion_strength: str = ""
    guidelines: list[str] = field(default_factory=list)
    ur: str = "non-certified"  # or "certified" or "unknown" (not mentioned)
    required: list[str] = field(default_factory=list)
    allowed: list[str] = field(default_factory=list)

    @property
    def treatment(self) -> str:
        return f"{self.name} {self.strength} {self.quantity}"


class Parts:
    """What the generator recombines, read from the example letters with the checker itself."""

    def __init__(self) -> None:
        vocabulary = default_vocabulary()
        self.lexicon = vocabulary.lexicon
        self.how_made: list[str] = []
        self.narrative: list[str] = []
        self.templates: list[Template] = []
        for path in sorted(EXAMPLES.glob("*.txt")):
            letter, _ = read_letter(path.read_text(encoding="utf-8"), vocabulary)
            how = letter.sections.get("how_made")
            if how is not None and "Board Certified in" in how.text:
                self.how_made.append(how.text)
            summary = letter.sections.get("case_summary")
            if summary is not None:
                for sentence in re.split(r"(?<=\.)\s+(?=[A-Z])", summary.text):
                    if (
                        len(sentence) > 40
                        and not _UR_WORDS.search(sentence)
                        and not _OWN_WORDS.search(sentence)
                        and not any(self.lexicon.mentions(sentence))
                    ):
                        self.narrative.append(sentence.strip())
            for item in letter.items:
                rationale = item.rationale.text
                if item.conclusion is not None:
                    rationale = rationale.replace(item.conclusion.text, "").rstrip()
                guidelines = [f"{_label(c.role)} {c.text}" for c in item.citations]
                self.templates.append(Template(path.name, item, guidelines, rationale))
        self.drugs = {cls: [(n, s) for n, s in entries if self._class_of(n) == cls] for cls, entries in DRUGS.items()}

    def generic(self, name: str) -> str:
        for mention in self.lexicon.mentions(name):
            return mention.drug.generic
        return name

    def _class_of(self, name: str) -> str | None:
        for mention in self.lexicon.mentions(name):
            return mention.drug.drug_class
        return None

    def templates_for(self, drug_class: str, decision: str) -> list[Template]:
        return [t for t in self.templates if t.item.drug_class == drug_class and t.item.decision == decision]


def _label(role: str) -> str:
    return "Claims Administrator guideline:" if role == "claims_administrator" else "MAXIMUS guideline:"


def _quantity(rng: random.Random) -> str:
    count = rng.choice([30, 60, 90, 120, 180])
    return f"QTY {count}.00" if rng.random() < 0.2 else f"#{count}"


def _date(rng: random.Random, first: int = 2009, last: int = 2015) -> str:
    return f"{rng.randint(1, 12)}/{rng.randint(1, 28)}/{rng.randint(first, last)}"


def plan_item(parts: Parts, rng: random.Random, used: set[str], defect: str | None, approve_aed: bool = True) -> Plan:
    """A clean item (an upheld example item, or the approved one with documented benefit), or the
    item a planted defect needs."""
    if defect == "opioid-monitoring":
        drug_class, decision, template_decision = "opioid", "overturned", "overturned"
    elif defect == "muscle-relaxant-duration":
        drug_class, decision, template_decision = "muscle_relaxant", "overturned", "upheld"
    elif defect == "aed-functional-benefit":
        drug_class, decision, template_decision = "aed", "overturned", "upheld"
    elif defect == "guideline-not-recommended":
        drug_class, decision, template_decision = "muscle_relaxant", "overturned", "upheld"
    else:
        drug_class = rng.choice(sorted(parts.drugs))
        decision = template_decision = "upheld"
        if drug_class == "aed" and approve_aed and rng.random() < 0.3:
            decision = template_decision = "overturned"  # the approval with documented benefit
    template = rng.choice(parts.templates_for(drug_class, template_decision))
    if defect == "guideline-not-recommended":
        name, strengths = CARISOPRODOL
        template = next((t for t in parts.templates_for(drug_class, "upheld") if "Soma" in t.item.header), template)
    else:
        choices = [(n, s) for n, s in parts.drugs[drug_class] if parts.generic(n) not in used]
        name, strengths = rng.choice(choices or parts.drugs[drug_class])
    used.add(parts.generic(name))
    strength = rng.choice(strengths)
    plan = Plan(
        name=name,
        strength=strength,
        quantity=_quantity(rng),
        decision=decision,
        drug_class=drug_class,
        template=template,
        conclusion_verdict="necessary" if decision == "overturned" else "not",
        conclusion_strength=strength,
        guidelines=list(template.guidelines),
    )
    if defect in ("opioid-monitoring", "muscle-relaxant-duration", "aed-functional-benefit"):
        plan.required.append(defect)
        plan.allowed += [c for c in APPROVAL_RULES if c != defect]
    elif defect == "guideline-not-recommended":
        plan.required.append(defect)
        plan.allowed.append("muscle-relaxant-duration")
    elif defect == "decision-rationale-conflict":
        plan.decision = "overturned" if plan.decision == "upheld" else "upheld"
        plan.required.append(defect)
        if plan.decision == "overturned":
            plan.allowed += APPROVAL_RULES
    elif defect == "ur-certification-conflict":
        plan.ur = "certified"
        plan.required.append(defect)
    elif defect == "item-mismatch":
        others = [s for s in DRUG_STRENGTHS(parts, name) if s != strength]
        plan.conclusion_strength = rng.choice(others) if others else _other_strength(strength)
        plan.required.append(defect)
    elif defect == "citation-mismatch":
        wrong = WRONG_SECTION[drug_class]
        plan.guidelines = [
            f"Claims Administrator guideline: Decision based on MTUS Chronic Pain Treatment Guidelines {wrong}",
            f"MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment Guidelines {wrong}",
        ]
        plan.required.append(defect)
    elif defect is None and rng.random() < 0.15:
        plan.ur = "unknown"
    return plan


def DRUG_STRENGTHS(parts: Parts, name: str) -> list[str]:  # noqa: N802 - reads as a table lookup
    for entries in [*parts.drugs.values(), [CARISOPRODOL]]:
        for drug, strengths in entries:
            if drug == name:
                return strengths
    return []


def _other_strength(strength: str) -> str:
    number = re.match(r"[\d.]+", strength)
    if number is None:
        return strength
    value = float(number.group())
    doubled = f"{value * 2:g}"
    return doubled + strength[number.end() :]


def _wrap(text: str, rng: random.Random) -> str:
    """Lines as PDF extraction gives them: wrapped near 95 characters, a space and a blank line after each."""
    width = rng.randint(88, 98)
    lines = textwrap.wrap(text, width=width, break_long_words=False, break_on_hyphens=False)
    return "".join(f"{line} \n\n" for line in lines)


def write_letter(parts: Parts, rng: random.Random, plans: list[Plan]) -> str:
    how_made = re.sub(
        r"Board Certified in [A-Z][\w ,&]+?(?= and is|\.)",
        f"Board Certified in {rng.choice(SPECIALTIES)}",
        rng.choice(parts.how_made),
    )
    age, sex = rng.randint(28, 66), rng.choice(["male", "female"])
    story = rng.sample(parts.narrative, k=min(len(parts.narrative), rng.randint(6, 12)))
    ur_date = _date(rng, 2014, 2015)
    accounts = []
    for status in ("non-certified", "certified"):
        named = [p.treatment for p in plans if p.ur == status]
        if named:
            listing = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]
            accounts.append(f"The utilization review dated {ur_date} {status} the request for {listing}.")
    approves_aed = any(
        p.drug_class == "aed" and p.decision == "overturned" and "aed-functional-benefit" not in p.required
        for p in plans
    )
    benefit = [AED_BENEFIT] if approves_aed else []
    summary = " ".join(
        [
            f"Injured worker is a {age}-year-old {sex} with date of injury {_date(rng)}.",
            *story,
            *benefit,
            *accounts,
        ]
    )
    out = [" HOW THE IMR FINAL DETERMINATION WAS MADE \n\n", _wrap(how_made, rng), " \n\n"]
    out += ["CLINICAL CASE SUMMARY \n\n"]
    out += [
        _wrap(
            "The expert reviewer developed the following clinical case summary based on a review of the "
            "case file, including all medical records:",
            rng,
        ),
        " \n\n",
        _wrap(summary, rng),
        " \n\n\n\n",
    ]
    out += [
        "IMR ISSUES, DECISIONS AND RATIONALES \n\n",
        _wrap("The Final Determination was based on decisions for the disputed items/services set forth below:", rng),
        " \n\n",
    ]
    for plan in plans:
        out.append(f"{plan.treatment}:  {plan.decision.capitalize()} \n\n \n\n")
        for line in plan.guidelines:
            out += [_wrap(line, rng), " \n\n"]
        verdict = "be medically necessary" if plan.conclusion_verdict == "necessary" else "not be medically necessary"
        old = plan.template.item.treatment
        # The example's own treatment becomes this item's, in the rationale's body too.
        body = plan.template.rationale.replace(old.text, plan.treatment)
        body = re.sub(rf"\b{re.escape(old.name)}\b", plan.name, body)
        conclusion = (
            f"The request for {plan.name} {plan.conclusion_strength} {plan.quantity} is determined to {verdict}."
        )
        out += [_wrap(f"Decision rationale: {body} {conclusion}", rng), " \n\n"]
    return "".join(out)


def letters(count: int, seed: int, defect_rate: float) -> Iterator[tuple[str, list[dict[str, object]]]]:
    """`count` letters, each with its labels (one entry per item), in order."""
    parts = Parts()
    rng = random.Random(seed)
    for _ in range(count):
        items = rng.choice([1, 2, 2, 3, 3, 3, 4, 5])
        defect_at = rng.randrange(items) if rng.random() < defect_rate else None
        defect = rng.choice(PLANTED) if defect_at is not None else None
        used: set[str] = set()
        # A letter that plants an undocumented AED approval documents no AED benefit anywhere.
        approve_aed = defect != "aed-functional-benefit"
        plans = [plan_item(parts, rng, used, defect if i == defect_at else None, approve_aed) for i in range(items)]
        labels: list[dict[str, object]] = [
            {
                "treatment": plan.treatment,
                "drug_class": plan.drug_class,
                "decision": plan.decision,
                "ur_status": plan.ur,
                "required": plan.required,
                "allowed": sorted(set(plan.allowed) - set(plan.required)),
            }
            for plan in plans
        ]
        yield write_letter(parts, rng, plans), labels
