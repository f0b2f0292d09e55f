"""Plan letters shaped like the published 2016-2017 IMR letters (`make_corpus.py --mode realistic`).

A letter's plan says what it disputes (items of every kind, at the published letters'
proportions: data/items.yaml and data/shapes.yaml), what the header decided, what the rationale
concludes, what utilization review did, what each guideline line cites, and which inconsistency,
if any, was planted; benchmarks/corpus/layouts.py writes the plan out in one of three layouts.

The plan's records and labels are in plan.py; planted inconsistencies in defects.py.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from benchmarks.corpus import data, defects
from benchmarks.corpus.citations import CitationPlan, Citer
from benchmarks.corpus.plan import UNWRITTEN_CRITERIA, Drug, ItemPlan, LetterPlan, Partial, Region, words

PART_OF_MTUS = "which are part of the MTUS."


def _drug_key(spec: dict[str, Any]) -> str:
    return str(spec.get("generic") or spec.get("name") or spec.get("compound"))


def chronic_pain_2009(section: str, pages: str) -> str:
    return f"the Chronic Pain Medical Treatment Guidelines (2009), {section}, pages {pages}, {PART_OF_MTUS}"


def _sameness(item: ItemPlan) -> tuple[str, str, str]:
    """What makes two items the same request: a drug, or a service (and for imaging, its kind) for
    one body part. Two MRIs of the left shoulder, or physical therapy twice for the left wrist,
    do not share a letter."""
    text = item.treatment.lower()
    if item.drug is not None or item.region is None:
        return (item.about, text, "")
    study = next((s for s in ("mri", "magnetic", "x-ray", "ct ") if s in text), "")
    return (item.about, item.region.phrase, study.replace("magnetic", "mri"))


def _names_region(text: str) -> bool:
    return any(slot in text for slot in ("{region}", "{Region}", "{region_bare}", "{Region_bare}", "{short}"))


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
        self.legacy = data.guidelines()["legacy"]
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
            # A letter disputes an item once: draw again when one like it is there (a few tries).
            if tries > 4 * count or all(_sameness(i) != _sameness(item) for i in items):
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
            defects.plant(self, plan)
        for item in items:
            self.phrase(item, layout)
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
                item.verdict = data.weighted(rng, table["sentences"])["text"]
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
        if item.about == "modality" and any("Thermography" in s for r in item.mx.references for s in r.sections):
            # The published letters decide infrared heat under the Thermography section, which is
            # about a test: a flag that the section does not fit the item is defensible.
            item.allowed.append("citation-mismatch")
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
        legacy = self.legacy
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
            if item.positive and item.drug is None and item.about in UNWRITTEN_CRITERIA:
                item.allowed.append("guideline-not-recommended")
            if item.partial is not None:
                item.ur = "modified"
            elif item.associated and item.ancillary:
                item.ur = "non-certified"
            elif self.rng.random() < float(self.shapes["ur_unknown"]):
                item.ur = "unknown"

    # --- planted inconsistencies -------------------------------------------------------------
