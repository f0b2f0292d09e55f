"""Facts the clinical criteria read: the patient's age, the drugs the record names, the day's dose
in morphine equivalents, the last urine drug test, what the topical ingredient table says of a
compound, and what the rationale finds undocumented that the case summary documents.

Each is computed once per item, only when a rule asks for it (facts/item.py registers them).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from checker.facts import anchors, dosing, measures
from checker.facts.concepts import ConceptModel
from checker.facts.measures import Shown
from checker.facts.passage import name_negated
from checker.model import DRUG_CLASS_NAMES, Evidence
from checker.parse.literals import may_match
from checker.parse.treatment import parse_treatment

if TYPE_CHECKING:
    from checker.facts.item import ItemFacts
    from checker.facts.passage import PassageReading

Value = tuple[Any, tuple[Evidence, ...]]

_AGE = re.compile(r"\b(\d{2})[- ](?:year|yr)s?[- ]old\b|\bage(?:d)?:?\s+(\d{2})\b", re.I)
# What narrows "there is no documentation of functional improvement" to something a plain
# statement of improvement does not answer.
_QUALIFIED = re.compile(
    r"\b(?:objective|objectively|measurable|measured|quantif\w*|significant|clinically|sustained|specific)\b", re.I
)


def age(facts: ItemFacts) -> Value:
    """The patient's age as the case summary states it ("a 67-year-old")."""
    summary = facts.reading.summary
    text = summary.passage.text
    found = _AGE.search(text)
    if found is None:
        return None, ()
    years = int(found.group(1) or found.group(2))
    sentence = summary.sentence_at(found.start())
    end = sentence.end if sentence else found.end()
    return Shown(years, f"{years} years"), (summary.evidence(found.start(), sentence.start if sentence else 0, end),)


def _record(facts: ItemFacts) -> list[tuple[anchors.Anchor, PassageReading]]:
    """The drug names of the case facts (summary and rationale), other than the item's own and
    those a negation stands right before ("takes no aspirin")."""
    cached: list[tuple[anchors.Anchor, PassageReading]] | None = facts.cache.get("record")  # type: ignore[assignment]
    if cached is None:
        cached = []
        for reading in (facts.reading.summary, facts.reading.rationale(facts.item)):
            found = facts.reading.anchors(reading)
            for sentence in reading.sentences:
                if not sentence.case_fact:
                    continue
                for anchor in found.within(sentence.start, sentence.end):
                    if anchor.kind != anchors.DRUG or anchor.name in facts.drugs:
                        continue
                    text = reading.passage.text
                    if not name_negated(text, anchor.start, sentence.start, facts.reading.model):
                        cached.append((anchor, reading))
        facts.cache["record"] = cached
    return cached


def _evidence(found: list[tuple[anchors.Anchor, PassageReading]]) -> tuple[Evidence, ...]:
    out: dict[Evidence, None] = {}
    for anchor, reading in found:
        sentence = reading.sentence_at(anchor.start)
        if sentence is not None:
            out.setdefault(reading.evidence(anchor.start, sentence.start, sentence.end))
    return tuple(out)


def record_drugs(facts: ItemFacts) -> Value:
    found = _record(facts)
    return sorted({a.name for a, _ in found}), _evidence(found)


def record_drug_classes(facts: ItemFacts) -> Value:
    found = _record(facts)
    classes = sorted({a.drug_class for a, _ in found})
    shown = ", ".join(DRUG_CLASS_NAMES.get(c, c) for c in classes) or "none"
    return measures.ShownList(classes, shown), _evidence(found)


def record_nsaids(facts: ItemFacts) -> Value:
    found = [(a, r) for a, r in _record(facts) if a.drug_class == "nsaid"]
    return sorted({a.name for a, _ in found}), _evidence(found)


def morphine_equivalent(facts: ItemFacts) -> Value:
    """The item's day's dose in oral morphine milligram equivalents: as the letter states it, or
    computed from the strength and how often it is taken (the rulebook's calculator)."""
    table = facts.tables.morphine
    item = facts.item
    if table is None or item.drug is None:
        return None, ()
    header = Evidence(item.line, item.header)
    for reading in (facts.reading.summary, facts.reading.rationale(item)):
        if not dosing.STATED_HINT.search(reading.passage.text):
            continue
        for sentence in reading.sentences:
            if not sentence.case_fact:
                continue
            text = reading.passage.text[sentence.start : sentence.end]
            said = dosing.stated(text)
            # the total of the patient's opioids: "morphine" of "morphine equivalent" is no other drug
            if said is not None and facts.belongs(reading, sentence.start + said[1], same_class=True):
                value, at = said
                where = reading.evidence(sentence.start + at, sentence.start, sentence.end)
                return Shown(value, f"{value:g} mg morphine equivalents a day, as the letter states"), (where,)
    conversion = table.conversion(item.drug, facts.fact("form"))
    if conversion is None:
        return None, ()
    daily = dosing.per_day(item.header) or dosing.from_supply(item.treatment, item.header)
    evidence: tuple[Evidence, ...] = (header,)
    treatment = item.treatment
    if daily is None and conversion.unit != "mcg/hr":
        found = _dosing_sentence(facts)
        if found is None:
            return None, ()
        daily, evidence, treatment = found
    dose = dosing.morphine_equivalent(treatment, daily, conversion)
    if dose is None:
        return None, ()
    return Shown(dose.mg, dose.shown), evidence


def _dosing_sentence(facts: ItemFacts) -> tuple[dosing.Daily, tuple[Evidence, ...], Any] | None:
    """How often a case fact says the item's drug is taken, with the strength named there when
    the header gives none: the first such sentence of the summary, then of the rationale."""
    item = facts.item
    for reading in (facts.reading.summary, facts.reading.rationale(item)):
        found = facts.reading.anchors(reading)
        text = reading.passage.text
        for sentence in reading.sentences:
            if not sentence.case_fact or not dosing.FREQUENCY_HINT.search(text, sentence.start, sentence.end):
                continue
            for anchor in found.within(sentence.start, sentence.end):
                if anchor.kind != anchors.DRUG or anchor.name != item.drug:
                    continue
                phrase = re.split(r"[;]|\band\b(?=\s+[A-Z])", text[anchor.start : sentence.end])[0][:120]
                daily = dosing.per_day(phrase)
                if daily is None:
                    continue
                named = parse_treatment(phrase.split(",")[0])
                strength = item.treatment if item.treatment.strength is not None else named
                return daily, (reading.evidence(anchor.start, sentence.start, sentence.end),), strength
    return None


def weeks_since_drug_test(facts: ItemFacts) -> Value:
    """Weeks from the latest dated urine drug test a case fact names to the request date."""
    reference, reference_is = facts.reading.reference()
    if reference is None:
        return None, ()
    best: tuple[float, str, Evidence] | None = None
    pattern = facts.reading.model.header_words
    for reading, sentence, start in facts.case_sentences():
        if pattern is None or not any("urine_drug_test" in m.label.split("|") for m in pattern.finditer(sentence)):
            continue
        for when, at, end in measures.dates(sentence, skip_injury=True):
            if when > reference:
                continue
            weeks = round((reference - when).days / 7, 1)
            if best is None or weeks < best[0]:
                how = (
                    f"about {weeks:.0f} weeks before the request, computed from {sentence[at:end]} to "
                    f"{reference_is} ({reference:%m/%d/%Y})"
                )
                best = (weeks, how, reading.evidence(start + at, start, start + len(sentence)))
    if best is None:
        return None, ()
    weeks, how, evidence = best
    return Shown(weeks, how), (evidence,)


def test_type(facts: ItemFacts) -> Value:
    """For a test item: urine_drug_test when its header names one."""
    item = facts.item
    pattern = facts.reading.model.header_words
    if item.kind != "test" or pattern is None:
        return None, ()
    for match in pattern.finditer(item.header):
        if "urine_drug_test" in match.label.split("|"):
            return "urine_drug_test", (Evidence(item.line, item.header),)
    return None, ()


def topical_entries(facts: ItemFacts, status: str) -> list[tuple[str, str]]:
    """(ingredient, what the guideline says) for the item's ingredients whose entry in the
    topical table has `status`."""
    table = facts.tables.topical
    if table is None or facts.item.drug_class != "topical_analgesic":
        return []
    form = facts.fact("form")
    out = []
    for generic, drug_class in facts.ingredients:
        entry = table.entry(generic, drug_class)
        if entry is None or entry.status != status or (entry.except_form and entry.except_form == form):
            continue
        out.append((generic, entry.says))
    return out


def topical_not_recommended(facts: ItemFacts) -> Value:
    found = topical_entries(facts, "not-recommended")
    entries = [f"{ingredient}: {says}" for ingredient, says in found]
    return measures.ShownList(entries, "; ".join(entries)), ()


def topical_after_others(facts: ItemFacts) -> Value:
    return [ingredient for ingredient, _ in topical_entries(facts, "after-other-treatments")], ()


def topical_nsaids(facts: ItemFacts) -> Value:
    return [ingredient for ingredient, _ in topical_entries(facts, "joints")], ()


_NEAR = 160  # characters: how far an absence cue may stand from what it says is absent


def _may_state_missing(model: ConceptModel, text: str) -> bool:
    """A quick look at a rationale: is there an absence cue near a phrase of a compared concept?
    Most rationales of upheld items need not be read in full for this rule."""
    if model.absence_cues is None or model.contradictable is None:
        return True
    near = model.contradictable
    return any(near.occurs(text, max(0, c.start - _NEAR), c.end + _NEAR) for c in model.absence_cues.finditer(text))


def _may_document(facts: ItemFacts) -> bool:
    """A quick look at the case summary: does a phrase or pattern of a compared concept stand near
    a name of the item's drug? Only then is the summary read in full for this rule."""
    model = facts.reading.model
    near = model.contradictable
    if near is None:
        return True
    compared = set(model.groups.get("contradictable", ()))
    # "with Lyrica he is able to walk" is found by a pattern, not a phrase
    sections = facts.reading.letter.sections
    text = sections["case_summary"].text if "case_summary" in sections else ""
    patterns = [p for name, p in model.concept_patterns if name in compared and may_match(p, text)]
    for generic in facts.drugs:
        for start, end in facts.reading.lexicon.name_spans(generic, text):
            low, high = max(0, start - _NEAR), end + _NEAR
            if near.occurs(text, low, high) or any(pattern.search(text, low, high) for pattern in patterns):
                return True
    return False


def record_contradictions(facts: ItemFacts) -> Value:
    """What the rationale says is not documented that the case summary documents: each concept of
    the group `contradictable` (concepts.yaml) the reviewer finds missing (an absence cue in the
    rationale, not narrowed to "objective" or "significant" evidence) whose case summary holds a
    statement documenting it for the item's own drug (not for "medications" in general)."""
    model = facts.reading.model
    if not _may_document(facts) or not _may_state_missing(model, facts.item.rationale.text):
        return [], ()
    compared = set(model.groups.get("contradictable", ()))
    summary_reading = facts.reading.summary
    # The summary first: it is read once per letter, and most say nothing of the item's drug
    # that the rationale could contradict, so most rationales need not be read for this.
    shown_by: dict[str, Evidence] = {}
    for mention in summary_reading.mentions:
        # only a statement about this drug: "relief with medications" says nothing of which one
        if (
            mention.concept in compared
            and mention.state == "documented"
            and mention.concept not in shown_by
            and facts.belongs(summary_reading, mention.start, named=True)
        ):
            shown_by[mention.concept] = mention.evidence
    if not shown_by:
        return [], ()
    found: list[str] = []
    evidence: list[Evidence] = []
    for name, (_, rationale) in facts.mentions_by_concept().items():
        if name not in shown_by:
            continue
        missing = [m for m in rationale if m.state == "missing"]
        if not missing or any(_QUALIFIED.search(m.evidence.text) for m in missing):
            continue
        label = facts.label(name)
        said, shown = missing[0].evidence, shown_by[name]
        found.append(
            f"{label}: the rationale finds it not documented (line {said.line}); "
            f"the case summary documents it (line {shown.line})"
        )
        evidence.append(
            Evidence(said.line, said.text, role="missing", about=f"{label}: the rationale finds it not documented")
        )
        evidence.append(Evidence(shown.line, shown.text, about=f"{label}: the case summary documents it"))
    return found, tuple(evidence)
