"""Plant one inconsistency of a category the checker is built to catch, and label it.

Each category has its planter; a letter's categories are tried in a random order until one can
be planted. What a correct checker reports goes into the item's `required` (and `allowed`, for
what the change makes defensible); a form today's checker cannot read yet also goes into its
`awaits` (benchmarks/corpus/plan.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from benchmarks.corpus.citations import Reference
from benchmarks.corpus.plan import (
    APPROVAL_RULES,
    AWAIT_COUNT,
    AWAIT_UR,
    UNWRITTEN_CRITERIA,
    Drug,
    ItemPlan,
    LetterPlan,
    words,
)

if TYPE_CHECKING:
    from benchmarks.corpus.realistic import Planner


def _plain(text: str) -> str:
    words = text.lower().split()
    return " ".join(words[1:] if words and words[0] in ("a", "an", "the") else words)


def plant(planner: Planner, plan: LetterPlan) -> None:
    categories = list(CATEGORY_PLANTERS)
    planner.rng.shuffle(categories)
    for category in categories:
        if CATEGORY_PLANTERS[category](planner, plan):
            return


def candidates(plan: LetterPlan, drug_class: str | None = None) -> list[ItemPlan]:
    """Items a defect may be planted on: whole, plain items."""
    return [
        i
        for i in plan.items
        if i.partial is None
        and not i.associated
        and not i.required
        and (drug_class is None or (i.drug is not None and i.drug.drug_class == drug_class and not i.drug.compound))
    ]


def drug_of(planner: Planner, plan: LetterPlan, drug_class: str, name: str | None = None) -> ItemPlan | None:
    """An item of this drug class to plant on: one the letter has, or one put in place of an item."""
    found = candidates(plan, drug_class)
    if found and name is None:
        return planner.rng.choice(found)
    spots = candidates(plan) if planner.force else found
    if not spots:
        return None
    old = planner.rng.choice([i for i in spots if i.kind == "drug"] or spots)
    new = planner.drug_item(plan.region, plan.layout, drug_class, partial_ok=False)
    if name is not None:
        spec = next(
            d
            for d in planner.items["drugs"][drug_class]["items"]
            if d.get("name") == name or (d.get("compound") and name in str(d["compound"]))
        )
        new.drug = planner.drug(drug_class, spec)
        new.treatment, new.mention, new.reword = planner.drug_wording(new.drug)
        planner.cite(new, plan.layout)
    new.ur = old.ur if old.ur != "modified" else "non-certified"
    new.positive = new.documented = False  # planting decides; a replaced item is denied
    new.decision = "upheld"
    plan.items[plan.items.index(old)] = new
    return new


def approve_undocumented(plan: LetterPlan, item: ItemPlan, category: str) -> None:
    for other in plan.items:
        if other.drug is not None and other.drug.drug_class == item.drug_class and other is not item:
            other.positive = other.documented = False
            other.decision = "upheld"
    item.positive, item.documented, item.decision = True, False, "overturned"
    item.required.append(category)
    item.allowed += [c for c in APPROVAL_RULES if c != category]


def _flip(planner: Planner, plan: LetterPlan) -> bool:
    if plan.layout == "format2":
        return False  # its items state no decision of their own
    spots = [i for i in candidates(plan) if not i.ancillary]
    if not spots:
        return False
    item = planner.rng.choice(spots)
    item.decision = "upheld" if item.decision == "overturned" else "overturned"
    item.required.append("decision-rationale-conflict")
    if item.decision == "overturned" and item.drug is not None:
        item.allowed += APPROVAL_RULES
    elif item.decision == "overturned" and item.about in UNWRITTEN_CRITERIA:
        item.allowed.append("guideline-not-recommended")  # the approval's criteria are not written
    return True


def _ur_certified(planner: Planner, plan: LetterPlan) -> bool:
    spots = candidates(plan)
    if not spots:
        return False
    item = planner.rng.choice(spots)
    item.ur = "certified"
    item.required.append("ur-certification-conflict")
    # The parser finds a non-drug item in the UR account by its header's words; a summary that
    # names it otherwise ("post-operative" for "Post-op", "physical therapy" for "PT/OT") is
    # still being taught.
    if (item.drug is None or item.drug.compound) and _plain(item.mention) != _plain(item.treatment):
        item.awaits["ur-certification-conflict"] = AWAIT_UR
    return True


def _item_mismatch(planner: Planner, plan: LetterPlan) -> bool:
    rng = planner.rng
    drugs = [i for i in candidates(plan) if i.drug is not None and len(i.drug.strengths) > 1]
    counted = [i for i in candidates(plan) if i.kind == "therapy" and i.slots["Sessions"] in i.treatment]
    if counted and (not drugs or rng.random() < 0.3):
        item = rng.choice(counted)
        asked = int(item.slots["sessions"])
        other = rng.choice([n for n in (4, 6, 8, 10, 12) if n != asked])
        item.concluded = item.treatment.replace(item.slots["Sessions"], words(other).capitalize(), 1)
        item.awaits["item-mismatch"] = AWAIT_COUNT
    else:
        found = (
            rng.choice(drugs) if drugs else drug_of(planner, plan, rng.choice(["opioid", "muscle_relaxant", "nsaid"]))
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
        # The 2009 guideline has a section for these classes, so citing another one is a mismatch.
        wrong = planner.legacy["wrong_sections"]
        item = next((i for i in candidates(plan) if i.drug is not None and i.drug.drug_class in wrong), None)
        item = item or drug_of(planner, plan, rng.choice(["opioid", "muscle_relaxant", "aed", "nsaid"]))
        if item is None or item.drug is None or item.drug.compound:
            return False
        item.mx.shape = "mtus"
        item.mx.legacy = planner.legacy_source(item, wrong=True)
        item.required.append("citation-mismatch")
        return True
    regional = [
        i for i in candidates(plan) if i.region is not None and i.guide in ("imaging", "surgery", "consultation")
    ]
    drugs = [i for i in candidates(plan) if i.drug is not None and i.guide == "drug" and not i.drug.compound]
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
            rng.choice(drugs) if drugs else drug_of(planner, plan, rng.choice(["opioid", "muscle_relaxant", "nsaid"]))
        )
        if found is None or found.drug is None:
            return False
        item = found
        assert item.drug is not None
        # Another class's Chronic Pain 2016 section (opioids have none there: the Opioid
        # guideline has them; the NSAID section is a GI protectant's own).
        own = {item.drug.drug_class, "nsaid"} if item.drug.drug_class == "gi_protectant" else {item.drug.drug_class}
        wrong = [
            c
            for c in ("muscle_relaxant", "opioid", "aed", "nsaid", "topical_analgesic")
            if c not in own and planner.items["drugs"][c]["section"]
        ]
        section = planner.items["drugs"][rng.choice(wrong)]["section"]
        item.mx.shape = "mtus"
        item.mx.references = [Reference("Chronic Pain Medical Treatment 2016", [section[0]])]
    item.required.append("citation-mismatch")
    return True


CHRONIC_OPIOIDS = "3.3.9 Opioids for Chronic Pain and Chronic Opioid Treatment: Maintenance of Chronic Opioid Treatment"


def _approval(drug_class: str, category: str):  # type: ignore[no-untyped-def]
    def plant(planner: Planner, plan: LetterPlan) -> bool:
        item = drug_of(planner, plan, drug_class)
        if item is None:
            return False
        approve_undocumented(plan, item, category)
        if category == "muscle-relaxant-duration":
            item.long_use = planner.rng.random() < 0.5
        if category == "opioid-monitoring":
            _chronic_citations(item)
        return True

    return plant


def _chronic_citations(item: ItemPlan) -> None:
    """The 4 A's are what the Opioid Treatment guideline asks of chronic treatment: a planted
    approval without them is decided under its chronic part, not under post-operative use
    (section 1.4), which has limits of its own."""
    for cited in (item.ca, item.mx):
        for reference in cited.references:
            acute = any(s.startswith("1.") for s in reference.sections)
            if reference.document.startswith("Opioid Treatment") and acute:
                reference.sections = [CHRONIC_OPIOIDS]


def _not_recommended(planner: Planner, plan: LetterPlan) -> bool:
    rng = planner.rng
    form = rng.choices(["soma", "compound", "modality"], weights=[5, 3, 2])[0]
    if form == "modality":
        spots = [
            i
            for i in candidates(plan)
            if i.about == "modality" and i.slots["modality"] in ("infrared therapy", "ultrasound")
        ]
        if not spots:
            form = "soma"
        else:
            item = rng.choice(spots)
            item.positive, item.decision = True, "overturned"
            item.required.append("guideline-not-recommended")
            return True
    if form == "compound":
        name = rng.choice(["Cyclobenzaprine", "Gabapentin"])
        item = drug_of(planner, plan, "topical_analgesic", name)
        if item is None:
            return False
        approve_undocumented(plan, item, "guideline-not-recommended")
        return True
    item = drug_of(planner, plan, "muscle_relaxant")
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
    approve_undocumented(plan, item, "guideline-not-recommended")
    return True


CATEGORY_PLANTERS: dict[str, Callable[[Planner, LetterPlan], bool]] = {
    "decision-rationale-conflict": _flip,
    "ur-certification-conflict": _ur_certified,
    "muscle-relaxant-duration": _approval("muscle_relaxant", "muscle-relaxant-duration"),
    "opioid-monitoring": _approval("opioid", "opioid-monitoring"),
    "aed-functional-benefit": _approval("aed", "aed-functional-benefit"),
    "citation-mismatch": _citation_mismatch,
    "item-mismatch": _item_mismatch,
    "guideline-not-recommended": _not_recommended,
}
