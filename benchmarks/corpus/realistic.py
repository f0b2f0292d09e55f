"""Plan letters shaped like the published 2016-2017 IMR letters (`make_corpus.py --mode realistic`).

A letter's plan says what it disputes (items of every kind, at the published letters'
proportions: data/items.yaml and data/shapes.yaml), what the header decided, what the rationale
concludes, what utilization review did, what each guideline line cites, and which inconsistency,
if any, was planted; benchmarks/corpus/layouts.py writes the plan out in one of three layouts.

Labels say what a correct checker reports on every item. Where today's checker is not yet
expected to agree (a planted defect or a reading that needs parser or rulebook work still under
way), the item's `awaits` maps the category, or `item` for the whole item, to the reason; the
accuracy test scores those as allowed, and reports how many it already gets right.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from benchmarks.corpus import data
from benchmarks.corpus.citations import CitationPlan, Citer, Reference

APPROVAL_RULES = [
    "aed-functional-benefit",
    "guideline-not-recommended",
    "muscle-relaxant-duration",
    "opioid-monitoring",
]
# Why today's checker may not agree with a label yet.
AWAIT_PARTIAL = "parser: a partial authorisation's header names the disputed portion last"
AWAIT_UR = "parser: what utilization review did with an item that is not a drug"
AWAIT_COUNT = "parser: session counts compared across the letter"
AWAIT_CITATION = "rulebook: MTUS 2016 and ACOEM chapters by region and kind"
AWAIT_SECTION = "rulebook: what the MTUS 2016 sections recommend against"
AWAIT_PHRASE = "parser: this conclusion phrasing"

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


class Planner:
    """Plans letters. With `force`, a planted inconsistency that needs an item of some drug class
    puts one in place of another item, so every category is planted as often as the others; without
    it, a category is planted only on an item the letter has, which keeps the published
    proportions of kinds and decisions (the benchmark's corpus)."""

    def __init__(self, rng: random.Random, force: bool = False) -> None:
        self.rng = rng
        self.force = force
        self.items = data.items()
        self.shapes = data.shapes()
        self.prose = data.prose()
        self.citer = Citer(rng)
        self.used: set[str] = set()  # the drugs this letter names already

    # --- the letter --------------------------------------------------------------------------

    def letter(self, defect_rate: float) -> LetterPlan:
        rng = self.rng
        self.used.clear()
        layout = data.weighted_key(rng, self.shapes["layouts"])
        count = int(data.weighted_key(rng, {str(k): v for k, v in self.shapes["items_per_letter"].items()}))
        region = self.region()
        items: list[ItemPlan] = []
        tries = 0
        while len(items) < count:
            item = self.item(region, layout)
            tries += 1
            # A letter disputes an item once: draw again when the wording repeats (a few tries).
            if tries > 4 * count or all(i.treatment != item.treatment for i in items):
                items.append(item)
        items = self.associate(items, region, layout)
        plan = LetterPlan(
            layout=layout,
            case_number="",
            dates=self.dates(layout),
            worker=rng.choice(self.prose["workers"]),
            sex=rng.choice(["male", "female"]),
            age=rng.randint(24, 67),
            region=region,
            specialty=rng.choice(self.prose["specialties"]),
            states=rng.sample(self.prose["states"], k=rng.choice([1, 1, 2, 2, 3])),
            items=items,
        )
        year = plan.dates["assigned"].year % 100
        plan.case_number = f"CM{year}-{rng.randint(1, 259999):07d}"
        self.keep_approvals_apart(items)
        if rng.random() < defect_rate:
            self.plant(plan)
        for item in items:
            self.phrase(item, layout)
            if item.partial is not None:
                item.awaits.setdefault("item", AWAIT_PARTIAL)
        return plan

    def phrase(self, item: ItemPlan, layout: str) -> None:
        """The verdict sentence: an opener, what it names, and a predicate that agrees with the
        rationale (not necessarily with the header: that is a planted conflict). Format2 states
        no decision but this sentence, so it keeps to the phrasings the parser reads."""
        rng = self.rng
        table = self.prose["verdict"]
        if item.ancillary:
            item.verdict = self.prose["rationale"]["ancillary"]
            return
        predicates = [p for p in table["predicates"] if bool(p.get("positive")) == item.positive]
        if not item.positive and item.concluded is None and layout != "format2":
            whole = sum(float(e["w"]) for e in table["sentences"])
            if rng.random() < whole / (whole + sum(float(p["w"]) for p in predicates)):
                chosen = data.weighted(rng, table["sentences"])
                item.verdict = chosen["text"]
                if chosen.get("pending"):
                    item.awaits["decision-rationale-conflict"] = AWAIT_PHRASE
                return
        predicate = data.weighted(rng, predicates)
        if item.concluded is not None:
            subject = f"the request for {item.concluded}"
        else:
            subject = data.fill(
                data.weighted(rng, table["subjects"])["text"], {"treatment": item.treatment, "reword": item.reword}
            )
        opener = data.weighted(rng, [o for o in table["openers"] if not (item.positive and o.get("negative"))])["text"]
        sentence = f"{opener} {subject}" if opener else data.capital(subject)
        if predicate["text"].startswith("was") and not subject.startswith("the request"):
            predicate = {"text": predicate["text"].replace("was", "is", 1)}
        item.verdict = f"{sentence} {predicate['text']}."
        item.first = item.concluded is None and rng.random() < float(table["restated_first"])

    def dates(self, layout: str) -> dict[str, date]:
        spec = self.shapes["dates"] if layout == "standard" else {**self.shapes["dates"], **self.shapes["legacy_dates"]}
        first = date.fromisoformat(str(spec["first"]))
        injury = first + timedelta(days=self.rng.randint(0, 60))
        if layout != "standard":
            injury -= timedelta(days=self.rng.randint(200, 2500))
        out = {"injury": injury}
        previous = injury if layout == "standard" else first + timedelta(days=self.rng.randint(0, 300))
        for name, key in (
            ("ur", "ur_after_injury"),
            ("received", "received_after_ur"),
            ("assigned", "assigned_after_received"),
            ("decided", "decided_after_assigned"),
        ):
            low, high = spec[key]
            previous = previous + timedelta(days=self.rng.randint(low, high))
            out[name] = previous
        return out

    def region(self, group: str | None = None, avoid: str | None = None) -> Region:
        regions = self.items["regions"]
        keys = [k for k, r in regions.items() if (group is None or r["group"] == group) and k != avoid]
        key = self.rng.choices(keys, weights=[regions[k]["w"] for k in keys])[0]
        spec = regions[key]
        side = self.rng.choice(["right", "left", "right", "left", "bilateral"]) if spec.get("sided") else ""
        return Region(key, spec["name"], spec["short"], spec["group"], side if side != "bilateral" else "left")

    # --- one item ----------------------------------------------------------------------------

    def item(self, letter_region: Region, layout: str, kind: str | None = None) -> ItemPlan:
        rng = self.rng
        kinds = self.items["kinds"]
        kind = kind or data.weighted_key(rng, {k: v["w"] for k, v in kinds.items()})
        if kind == "drug":
            return self.drug_item(letter_region, layout)
        template = data.weighted(rng, kinds[kind]["templates"])
        where = self.where(template, letter_region)
        slots = self.slots(where)
        named = template.get("where", "any") != "none" and "{" in template["text"]
        item = ItemPlan(
            kind=kind,
            treatment=data.fill(template["text"], slots),
            mention=data.lower_first(data.fill(template.get("mention", template["text"]), slots)),
            reword=data.fill(template.get("reword", template["text"]), slots),
            about=template["about"],
            guide=template["guide"],
            region=where if named and _names_region(template["text"]) else None,
            where=where,
            slots=slots,
        )
        item.positive = rng.random() < kinds[kind]["overturned"]
        if layout == "standard" and template.get("partial") and rng.random() < self.partial_chance():
            item.partial = self.partial(template, item)
        self.cite(item, layout)
        return item

    def where(self, template: dict[str, Any], letter_region: Region) -> Region:
        fixed = template.get("region")
        if fixed:
            spec = self.items["regions"][fixed]
            return Region(fixed, spec["name"], spec["short"], spec["group"], self.rng.choice(["right", "left"]))
        wanted = template.get("where", "any")
        if wanted in ("any", "none") or wanted == letter_region.group:
            if wanted != "none" and self.rng.random() < 0.2:
                return self.region(None if wanted == "any" else wanted)
            return letter_region
        return self.region(wanted)

    def slots(self, where: Region) -> dict[str, str]:
        rng = self.rng
        freq, weeks = rng.choice([(1, 4), (1, 6), (2, 3), (2, 4), (2, 6), (3, 2), (3, 4), (2, 2), (3, 6)])
        sessions = freq * weeks
        modality = rng.choice(self.items["modalities"])
        dos = self.rng.randint(1, 12), self.rng.randint(1, 28)
        side = where.side or rng.choice(["right", "left"])
        return {
            "region": where.phrase,
            "Region": data.capital(where.phrase),
            "region_bare": where.name.replace(" spine", ""),
            "Region_bare": data.capital(where.name.replace(" spine", "")),
            "short": where.short,
            "side": side,
            "Side": side.capitalize(),
            "freq": str(freq),
            "weeks": str(weeks),
            "sessions": str(sessions),
            "Sessions": words(sessions).capitalize(),
            "modality": modality,
            "Modality": modality.capitalize(),
            "dos": f"{dos[0]:02d}/{dos[1]:02d}/16",
            "days": str(rng.choice([7, 10, 14, 21, 30])),
            "months": str(rng.choice([2, 3])),
            "level": str(rng.choice([4, 5])),
        }

    def drug_item(
        self, letter_region: Region, layout: str, drug_class: str | None = None, partial_ok: bool = True
    ) -> ItemPlan:
        rng = self.rng
        classes = self.items["drugs"]
        drug_class = drug_class or data.weighted_key(rng, {k: v["w"] for k, v in classes.items()})
        fresh = [d for d in classes[drug_class]["items"] if _drug_key(d) not in self.used]
        spec = data.weighted(rng, fresh or classes[drug_class]["items"])
        self.used.add(_drug_key(spec))
        drug = self.drug(drug_class, spec)
        treatment, mention, reword = self.drug_wording(drug)
        item = ItemPlan(
            kind="drug",
            treatment=treatment,
            mention=mention,
            reword=reword,
            about="drug",
            guide="opioid" if drug_class == "opioid" else "drug",
            region=None,
            where=letter_region,
            slots=self.slots(letter_region),
            drug=drug,
        )
        item.positive = rng.random() < self.items["kinds"]["drug"]["overturned"] and drug_class in (
            "opioid",
            "muscle_relaxant",
            "aed",
            "gi_protectant",
            "nsaid",
        )
        item.documented = item.positive
        splittable = layout == "standard" and drug.strength and not drug.compound
        if partial_ok and splittable and rng.random() < self.partial_chance() / 3:
            item.partial = self.partial({"partial": "quantity"}, item)
        self.cite(item, layout)
        return item

    def drug(self, drug_class: str, spec: dict[str, Any]) -> Drug:
        rng = self.rng
        sections = list(spec.get("section") or self.items["drugs"][drug_class]["section"])
        if spec.get("compound"):
            compound = [(str(n), str(s)) for n, s in spec["compound"]]
            name = ", ".join(f"{n} {s}" for n, s in compound)
            return Drug(name, drug_class, "", 1, spec["form"], spec["volume"], sections, compound)
        strengths = [str(s) for s in spec["strengths"]]
        return Drug(
            name=spec["name"],
            drug_class=drug_class,
            strength=rng.choice(strengths),
            quantity=int(rng.choice(spec["quantities"])),
            form=spec.get("form", ""),
            volume=spec.get("volume", ""),
            sections=sections,
            strengths=strengths,
        )

    def drug_wording(self, drug: Drug) -> tuple[str, str, str]:
        rng = self.rng
        if drug.compound:
            text = f"{drug.name} {drug.form} {drug.volume}"
            return text, f"a compounded {drug.form} of {drug.name}", f"the compounded {drug.form}"
        if drug.form:
            volume = f" {drug.volume}" if drug.volume else ""
            text = f"{drug.name} {drug.strength} {drug.form}{volume} #{drug.quantity}"
            return text, rng.choice([text, f"topical {drug.name.lower()}"]), drug.name
        wording = data.weighted(rng, self.items["drug_wordings"])
        order = f"{rng.randint(1, 12):02d}/{rng.randint(1, 28):02d}/2016"
        text = data.fill(
            wording["text"], {"drug": drug.name, "strength": drug.strength, "qty": str(drug.quantity), "order": order}
        )
        mention = rng.choice([f"{drug.name} {drug.spaced} #{drug.quantity}", drug.name, text])
        return text, mention, drug.name.split()[0].lower()

    def partial_chance(self) -> float:
        # About a quarter of items can be split; drug items are drawn at a third of this rate.
        return float(self.shapes["partial"]["share"]) * 6.0

    def partial(self, template: dict[str, Any], item: ItemPlan) -> Partial:
        rng = self.rng
        variant = data.weighted_key(rng, self.shapes["partial"]["variants"])
        how = template["partial"]
        if how == "quantity" and item.drug is not None:
            drug = item.drug
            asked = max(drug.quantity, 30)
            given = rng.randint(asked // 4, asked // 2)
            item.treatment = f"{drug.name} {drug.strength} #{asked - given}"
            original, authorised = f"{drug.name} {drug.strength} #{asked}", f"{drug.name} {drug.strength} #{given}"
            item.mention = original
            return Partial(variant, original, authorised)
        if how == "sessions":
            asked = rng.choice([8, 9, 12, 18, 24])
            given = rng.choice([n for n in (2, 3, 4, 6) if n < asked])
            service = "physical therapy" if "hysical" in item.treatment or "PT" in item.treatment else item.about
            service = {"chiropractic": "chiropractic therapy", "therapy": "physical therapy"}.get(service, service)
            place = f" for the {item.slots['region']}"
            original = f"{words(asked).capitalize()} sessions of {service}{place}"
            authorised = f"{words(given).capitalize()} sessions of {service}{place}"
            item.treatment = f"{words(asked - given).capitalize()} sessions of {service}{place}"
            item.mention = original[:1].lower() + original[1:]
            return Partial(variant, original, authorised)
        if how == "rental":
            item.treatment = "standard wheelchair for a 2 month rental"
            return Partial(
                variant, "Standard wheelchair for a 3 month rental", "Standard wheelchair for a 1 month rental"
            )
        # split: EMG/NCS with the NCS authorised; a purchase with a month's rental authorised.
        if item.kind == "test":
            side = item.slots["side"]
            item.treatment = f"EMG of the {side} upper extremity"
            return Partial("remaining", f"EMG/NCS of the {side} upper extremity", f"NCS of the {side} upper extremity")
        original = item.treatment
        thing = original.removeprefix("Purchase of ")
        item.treatment = "purchase of " + thing
        return Partial("original", original, f"{thing} for 1 month")

    # --- guideline lines ---------------------------------------------------------------------

    def cite(self, item: ItemPlan, layout: str) -> None:
        sections = self.guide_sections(item)
        topic = item.drug.sections[0] if item.drug and item.guide == "drug" else None
        region = item.region.key if item.region else item.where.key
        item.ca = self.citer.plan("claims_administrator", item.guide, region, sections, topic)
        item.mx = self.citer.plan("reviewer", item.guide, region, sections, topic)
        if layout != "standard":
            for plan in (item.ca, item.mx):
                plan.legacy = self.legacy_source(item) if plan.shape in ("mtus", "mtus+odg") else ""
                if plan.shape in ("mtus", "mtus+odg") and not plan.legacy:
                    plan.shape = "odg"
                    plan.odg = plan.odg or self.citer.odg(item.guide, region, topic)

    def guide_sections(self, item: ItemPlan) -> dict[str, list[str]]:
        table = data.guidelines()
        out = {"modality": [table["modality_sections"][item.slots["modality"]]]}
        if item.drug is not None:
            out["drug"] = [self.rng.choice(item.drug.sections)] if item.drug.sections else []
        chapter = self.citer.chapter(item.where.key)
        out["region"] = [str(chapter.get("postsurgical", "Shoulder"))]
        return out

    def legacy_source(self, item: ItemPlan, wrong: bool = False) -> str:
        """An older layout's MTUS source as prose: the 2009 Chronic Pain section and pages, the
        2007 acupuncture guideline, or an ACOEM chapter."""
        legacy = data.guidelines()["legacy"]
        if item.drug is not None:
            table = legacy["wrong_sections"] if wrong else legacy["drug_sections"]
            found = table.get(item.drug.drug_class)
            if found is None:
                return ""
            return chronic_pain_2009(*found)
        if item.guide == "acupuncture":
            return "the Acupuncture Medical Treatment Guidelines (2007), which are part of the MTUS."
        if item.guide in ("physical-therapy", "manipulation", "modality", "tens", "postsurgical-therapy"):
            return chronic_pain_2009(*legacy["therapy"])
        chapter = self.citer.chapter(item.where.key).get("acoem")
        if chapter and item.guide in (
            "imaging",
            "surgery",
            "consultation",
            "brace",
            "joint-injection",
            "emg-upper",
            "emg-lower",
        ):
            number, name = chapter  # type: ignore[misc]
            return f"the ACOEM Practice Guidelines, 2nd Edition (2004), Chapter {number}, {name}, {PART_OF_MTUS}"
        return ""

    # --- surgery and its services ------------------------------------------------------------

    def associate(self, items: list[ItemPlan], region: Region, layout: str) -> list[ItemPlan]:
        """A letter with a surgery often disputes the services that go with it; they are decided
        with it, and when it is denied, each in one sentence."""
        spec = self.shapes["associated"]
        if len(items) >= spec["all"] and not any(i.kind == "surgery" for i in items):
            items[0] = self.item(region, layout, "surgery")
        surgery = next((i for i in items if i.kind == "surgery"), None)
        if surgery is None or len(items) < 3 or (self.rng.random() >= spec["chance"] and len(items) < spec["all"]):
            return items
        most = len(items) - 1 if len(items) >= spec["all"] else int(spec["most"])
        others = [i for i in items if i is not surgery][:most]
        chosen = self.rng.sample(self.items["associated"], k=min(len(others), len(self.items["associated"])))
        out = [surgery]
        for entry in chosen:
            item = ItemPlan(
                kind=entry["kind"],
                treatment=entry["text"],
                mention=data.lower_first(entry.get("mention") or entry["text"].split(": ", 1)[-1]),
                reword="the requested ancillary service",
                about="lab",
                guide=entry["guide"],
                region=None,
                where=surgery.where,
                slots=surgery.slots,
                positive=surgery.positive,
                associated=True,
                ancillary=not surgery.positive,
            )
            self.cite(item, layout)
            if item.ancillary:
                item.mx = CitationPlan("none")
                if self.rng.random() < 0.7:
                    item.ca = CitationPlan("none")
            out.append(item)
        out += [i for i in items if i is not surgery][len(chosen) :]
        return out

    def keep_approvals_apart(self, items: list[ItemPlan]) -> None:
        """Decide every item; an approved drug documents its benefit, so no two approved drugs
        of one class share a letter (one's documentation would cover the other)."""
        seen: set[str] = set()
        for item in items:
            if item.positive and item.drug is not None:
                if item.drug.drug_class in seen:
                    item.positive = item.documented = False
                seen.add(item.drug.drug_class)
            item.decision = "overturned" if item.positive else "upheld"
            if item.partial is not None:
                item.ur = "modified"
            elif item.associated and item.ancillary:
                item.ur = "non-certified"
            elif self.rng.random() < float(self.shapes["ur_unknown"]):
                item.ur = "unknown"

    # --- planted inconsistencies -------------------------------------------------------------

    def plant(self, plan: LetterPlan) -> None:
        categories = list(CATEGORY_PLANTERS)
        self.rng.shuffle(categories)
        for category in categories:
            if CATEGORY_PLANTERS[category](self, plan):
                return

    def candidates(self, plan: LetterPlan, drug_class: str | None = None) -> list[ItemPlan]:
        """Items a defect may be planted on: whole, plain items."""
        return [
            i
            for i in plan.items
            if i.partial is None
            and not i.associated
            and not i.required
            and (drug_class is None or (i.drug is not None and i.drug.drug_class == drug_class and not i.drug.compound))
        ]

    def drug_of(self, plan: LetterPlan, drug_class: str, name: str | None = None) -> ItemPlan | None:
        """An item of this drug class to plant on: one the letter has, or one put in place of an item."""
        found = self.candidates(plan, drug_class)
        if found and name is None:
            return self.rng.choice(found)
        spots = self.candidates(plan) if self.force else found
        if not spots:
            return None
        old = self.rng.choice([i for i in spots if i.kind == "drug"] or spots)
        new = self.drug_item(plan.region, plan.layout, drug_class, partial_ok=False)
        if name is not None:
            spec = next(
                d
                for d in self.items["drugs"][drug_class]["items"]
                if d.get("name") == name or (d.get("compound") and name in str(d["compound"]))
            )
            new.drug = self.drug(drug_class, spec)
            new.treatment, new.mention, new.reword = self.drug_wording(new.drug)
            self.cite(new, plan.layout)
        new.ur = old.ur if old.ur != "modified" else "non-certified"
        new.positive = new.documented = False  # planting decides; a replaced item is denied
        new.decision = "upheld"
        plan.items[plan.items.index(old)] = new
        return new

    def approve_undocumented(self, plan: LetterPlan, item: ItemPlan, category: str) -> None:
        for other in plan.items:
            if other.drug is not None and other.drug.drug_class == item.drug_class and other is not item:
                other.positive = other.documented = False
                other.decision = "upheld"
        item.positive, item.documented, item.decision = True, False, "overturned"
        item.required.append(category)
        item.allowed += [c for c in APPROVAL_RULES if c != category]


PART_OF_MTUS = "which are part of the MTUS."


def _drug_key(spec: dict[str, Any]) -> str:
    return str(spec.get("generic") or spec.get("name") or spec.get("compound"))


def chronic_pain_2009(section: str, pages: str) -> str:
    return f"the Chronic Pain Medical Treatment Guidelines (2009), {section}, pages {pages}, {PART_OF_MTUS}"


def _names_region(text: str) -> bool:
    return any(slot in text for slot in ("{region}", "{Region}", "{region_bare}", "{Region_bare}", "{short}"))


def _flip(planner: Planner, plan: LetterPlan) -> bool:
    if plan.layout == "format2":
        return False  # its items state no decision of their own
    spots = [i for i in planner.candidates(plan) if not i.ancillary]
    if not spots:
        return False
    item = planner.rng.choice(spots)
    item.decision = "upheld" if item.decision == "overturned" else "overturned"
    item.required.append("decision-rationale-conflict")
    if item.decision == "overturned" and item.drug is not None:
        item.allowed += APPROVAL_RULES
    return True


def _ur_certified(planner: Planner, plan: LetterPlan) -> bool:
    drugs = [i for i in planner.candidates(plan) if i.drug is not None and not i.drug.compound]
    spots = drugs if drugs and planner.rng.random() < 0.7 else planner.candidates(plan)
    if not spots:
        return False
    item = planner.rng.choice(spots)
    item.ur = "certified"
    item.required.append("ur-certification-conflict")
    if item.drug is None or item.drug.compound:
        item.awaits["ur-certification-conflict"] = AWAIT_UR
    return True


def _item_mismatch(planner: Planner, plan: LetterPlan) -> bool:
    rng = planner.rng
    drugs = [i for i in planner.candidates(plan) if i.drug is not None and len(i.drug.strengths) > 1]
    counted = [i for i in planner.candidates(plan) if i.kind == "therapy" and i.slots["Sessions"] in i.treatment]
    if counted and (not drugs or rng.random() < 0.3):
        item = rng.choice(counted)
        asked = int(item.slots["sessions"])
        other = rng.choice([n for n in (4, 6, 8, 10, 12) if n != asked])
        item.concluded = item.treatment.replace(item.slots["Sessions"], words(other).capitalize(), 1)
        item.awaits["item-mismatch"] = AWAIT_COUNT
    else:
        found = (
            rng.choice(drugs) if drugs else planner.drug_of(plan, rng.choice(["opioid", "muscle_relaxant", "nsaid"]))
        )
        if found is None or found.drug is None or len(found.drug.strengths) < 2:
            return False
        item, drug = found, found.drug
        other = rng.choice([s for s in drug.strengths if s != drug.strength])
        item.concluded = f"{drug.name} {other} #{drug.quantity}"
    item.required.append("item-mismatch")
    return True


def _citation_mismatch(planner: Planner, plan: LetterPlan) -> bool:
    rng = planner.rng
    if plan.layout != "standard":
        item = next((i for i in planner.candidates(plan) if i.drug is not None and not i.drug.compound), None)
        item = item or planner.drug_of(plan, rng.choice(["opioid", "muscle_relaxant", "aed", "nsaid"]))
        if item is None or item.drug is None:
            return False
        item.mx.shape = "mtus"
        item.mx.legacy = planner.legacy_source(item, wrong=True)
        item.required.append("citation-mismatch")
        return True
    regional = [
        i
        for i in planner.candidates(plan)
        if i.region is not None and i.guide in ("imaging", "surgery", "consultation")
    ]
    drugs = [i for i in planner.candidates(plan) if i.drug is not None and i.guide == "drug" and not i.drug.compound]
    if regional and (not drugs or rng.random() < 0.7):
        item = rng.choice(regional)
        assert item.region is not None
        other = planner.region("upper" if item.region.group == "spine" else "spine", avoid=item.region.key)
        chapter = str(planner.citer.chapter(other.key)["mtus"])
        sections = ["Special Studies"] if item.guide == "imaging" else ["Surgical Considerations"]
        item.mx.shape = "mtus"
        item.mx.references = [Reference(chapter, sections)]
    else:
        found = (
            rng.choice(drugs) if drugs else planner.drug_of(plan, rng.choice(["opioid", "muscle_relaxant", "nsaid"]))
        )
        if found is None or found.drug is None:
            return False
        item = found
        assert item.drug is not None
        wrong = [
            c for c in ("muscle_relaxant", "opioid", "aed", "nsaid", "topical_analgesic") if c != item.drug.drug_class
        ]
        section = planner.items["drugs"][rng.choice(wrong)]["section"] or ["Muscle relaxants (for pain)"]
        item.mx.shape = "mtus"
        item.mx.references = [Reference("Chronic Pain Medical Treatment 2016", [section[0]])]
    item.required.append("citation-mismatch")
    item.awaits["citation-mismatch"] = AWAIT_CITATION
    return True


def _approval(drug_class: str, category: str):  # type: ignore[no-untyped-def]
    def plant(planner: Planner, plan: LetterPlan) -> bool:
        item = planner.drug_of(plan, drug_class)
        if item is None:
            return False
        planner.approve_undocumented(plan, item, category)
        if category == "muscle-relaxant-duration":
            item.long_use = planner.rng.random() < 0.5
        return True

    return plant


def _not_recommended(planner: Planner, plan: LetterPlan) -> bool:
    rng = planner.rng
    form = rng.choices(["soma", "compound", "modality"], weights=[5, 3, 2])[0]
    if form == "modality":
        spots = [
            i
            for i in planner.candidates(plan)
            if i.about == "modality" and i.slots["modality"] in ("infrared therapy", "ultrasound")
        ]
        if not spots:
            form = "soma"
        else:
            item = rng.choice(spots)
            item.positive, item.decision = True, "overturned"
            item.required.append("guideline-not-recommended")
            item.awaits["guideline-not-recommended"] = AWAIT_SECTION
            return True
    if form == "compound":
        name = rng.choice(["Cyclobenzaprine", "Gabapentin"])
        item = planner.drug_of(plan, "topical_analgesic", name)
        if item is None:
            return False
        planner.approve_undocumented(plan, item, "guideline-not-recommended")
        return True
    item = planner.drug_of(plan, "muscle_relaxant")
    if item is None or item.drug is None:
        return False
    item.drug = Drug(
        "Soma",
        "muscle_relaxant",
        "350mg",
        rng.choice([30, 60, 90]),
        sections=["Carisoprodol (Soma)"],
        strengths=["350mg"],
    )
    item.treatment, item.mention, item.reword = planner.drug_wording(item.drug)
    planner.cite(item, plan.layout)
    planner.approve_undocumented(plan, item, "guideline-not-recommended")
    return True


CATEGORY_PLANTERS = {
    "decision-rationale-conflict": _flip,
    "ur-certification-conflict": _ur_certified,
    "muscle-relaxant-duration": _approval("muscle_relaxant", "muscle-relaxant-duration"),
    "opioid-monitoring": _approval("opioid", "opioid-monitoring"),
    "aed-functional-benefit": _approval("aed", "aed-functional-benefit"),
    "citation-mismatch": _citation_mismatch,
    "item-mismatch": _item_mismatch,
    "guideline-not-recommended": _not_recommended,
}


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
