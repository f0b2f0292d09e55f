"""The facts a rule can name about one item, computed only when a rule asks for them.

Each fact has a value and the evidence lines behind it. `FACTS` is the registry the condition
language checks names against; docs/rules.md lists them for policy editors.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from checker.facts import anchors, citing, clinical, measures, visits
from checker.facts.letter import LetterReading
from checker.facts.passage import Mention, PassageReading
from checker.facts.tables import Tables
from checker.model import DRUG_CLASS_NAMES, Evidence, Item, Treatment
from checker.parse.guideindex import GuideSet
from checker.parse.guideline import Guideline

Value = tuple[Any, tuple[Evidence, ...]]


class DerivedConcept(Protocol):
    """A concept documented when a condition on facts holds (a rulebook's compiled `Condition`)."""

    @property
    def names(self) -> tuple[str, ...]: ...  # the facts it reads: the evidence when it holds

    def __call__(self, scope: ItemFacts) -> Any: ...


class ItemFacts:
    """The facts of one item; a `Scope` for compiled conditions. Values are cached."""

    def __init__(
        self,
        item: Item,
        reading: LetterReading,
        guideline: Guideline | None,
        derived: Mapping[str, DerivedConcept] | None = None,
        guides: GuideSet | None = None,
        judge: str | None = None,
        tables: Tables | None = None,
    ) -> None:
        self.item = item
        self.derived = derived or {}
        self.reading = reading
        self.guideline = guideline  # the guideline that judges the item; None when none is known
        self.guides = guides  # every guideline, for what the letter cites beside it
        self.judge = judge  # the id of the guideline that judges the item
        self.tables = tables or Tables()  # the judging rulebook's data tables
        self._values: dict[str, Value] = {}
        self._concepts: dict[str, tuple[str, tuple[Evidence, ...]]] | None = None
        self._drugs: frozenset[str] | None = None
        self._by_concept: dict[str, tuple[list[Mention], list[Mention]]] | None = None
        self.cache: dict[str, object] = {}  # what several facts read, worked out once
        # For a concept read as absent: who says so (the reviewer's own finding, or a statement
        # of the case summary or the rationale).
        self._absent_by: dict[str, str] = {}

    # The Scope interface
    def fact(self, name: str) -> Any:
        return self.value(name)[0]

    def concept(self, name: str) -> str:
        return self.concept_states()[name][0]

    def label(self, name: str) -> str:
        return self.reading.model.concepts[name].label

    def class_reference(self) -> str:
        """How a flag cites the judging guideline's section for the item's drug class."""
        if self.guideline is None:
            return ""
        return self.guideline.class_references().get(self.item.drug_class, self.guideline.label)

    # Values with their evidence
    def value(self, name: str) -> Value:
        if name not in self._values:
            self._values[name] = FACTS[name].compute(self)
        return self._values[name]

    def evidence(self, name: str) -> tuple[Evidence, ...]:
        if name in FACTS:
            return self.value(name)[1]
        if name in self.reading.model.concepts:
            return self.concept_states()[name][1]
        return ()

    def absent_by(self, name: str) -> str:
        """Who says a concept read as absent is absent: `reviewer` (the rationale finds it not
        documented), `summary` or `rationale` (a statement that there is none); "" otherwise."""
        self.concept_states()
        return self._absent_by.get(name, "")

    def concept_states(self) -> dict[str, tuple[str, tuple[Evidence, ...]]]:
        if self._concepts is None:
            self._concepts = self._read_concepts()
        return self._concepts

    @property
    def drugs(self) -> frozenset[str]:
        """The item's drug and the drugs in it (a compound's ingredients), by generic name."""
        if self._drugs is None:
            own = {generic for generic, _ in self.ingredients}
            if self.item.drug is not None:
                own.add(self.item.drug)
            self._drugs = frozenset(own)
        return self._drugs

    def belongs(self, reading: PassageReading, offset: int, named: bool = False, same_class: bool = False) -> bool:
        """Whether a statement at `offset` of a passage is about this item, when the item is a
        drug: not given only to another treatment, or (`named`) given to the item's own drug;
        with `same_class`, a drug of the item's class counts as the item."""
        if self.item.kind != "drug":
            return True
        sentence = reading.sentence_at(offset)
        if sentence is None:
            return not named
        found = self.reading.anchors(reading)
        owners = found.owners(sentence.start, sentence.end, offset)
        if not owners and _GOES_ON.match(reading.passage.text, sentence.start):
            # "He takes Flexeril. It gives him 50% relief.": the sentence before says whose
            before = reading.sentence_at(sentence.start - 2) if sentence.start >= 2 else None
            if before is not None and before.case_fact:
                owners = found.within(before.start, before.end)
        return anchors.belongs(owners, self.drugs, self.item.drug_class, named, same_class)

    @property
    def ingredients(self) -> list[tuple[str, str]]:
        """The drugs in the treatment with their classes (a compounded cream has several)."""
        cached = self.cache.get("ingredients")
        if cached is None:
            cached = self.cache["ingredients"] = _ingredients(self)
        return cached  # type: ignore[return-value]

    def mentions_by_concept(self) -> dict[str, tuple[list[Mention], list[Mention]]]:
        """Each concept's mentions in the case summary and in the item's rationale. A concept
        about the drug counts only where the sentence gives it to the item's drug
        (facts/anchors.py)."""
        if self._by_concept is None:
            by_concept: dict[str, tuple[list[Mention], list[Mention]]] = {}
            model = self.reading.model
            for place, reading in enumerate((self.reading.summary, self.reading.rationale(self.item))):
                for mention in reading.mentions:
                    about = model.concepts[mention.concept].about_the_drug
                    if about and not self.belongs(reading, mention.start, about == "named"):
                        continue
                    by_concept.setdefault(mention.concept, ([], []))[place].append(mention)
            self._by_concept = by_concept
        return self._by_concept

    def _read_concepts(self) -> dict[str, tuple[str, tuple[Evidence, ...]]]:
        """Each concept's state and evidence. The reviewer's own finding that the record lacks a
        concept ("there is no indication of new injury" in the rationale) outweighs mentions
        elsewhere; otherwise any case fact documenting it wins over negations."""
        by_concept = self.mentions_by_concept()
        # A concept no case fact mentions is unknown: only the mentioned ones are weighed.
        states: dict[str, tuple[str, tuple[Evidence, ...]]] = dict.fromkeys(self.reading.model.concepts, _UNKNOWN)
        for name, (summary, rationale) in by_concept.items():
            found_missing = _evidence_of(rationale, "missing")
            documented = _evidence_of(summary + rationale, "documented")
            if found_missing:
                states[name] = ("absent", found_missing)
                self._absent_by[name] = "reviewer"
            elif documented:
                states[name] = ("documented", documented)
            else:
                absent = _evidence_of(summary + rationale, "absent", "missing")
                if absent:
                    states[name] = ("absent", absent)
                    self._absent_by[name] = "summary" if _evidence_of(summary, "absent", "missing") else "rationale"
        for name, condition in self.derived.items():
            if states[name][0] == "unknown" and condition(self):
                found = tuple(e for fact in condition.names for e in self.evidence(fact))
                states[name] = ("documented", found)
        return states

    def describe(self, names: Iterable[str] | None = None) -> dict[str, Any]:
        """Facts and concept states as plain data, each with its evidence lines: what `parse
        --facts` prints and what a failing rule test case shows. `names` limits it to those."""
        wanted = set(FACTS) | set(self.reading.model.concepts) if names is None else set(names)
        facts = {}
        for name in FACTS:
            if name in wanted:
                value, evidence = self.value(name)
                facts[name] = {"value": _plain_data(value), "lines": sorted({e.line for e in evidence})}
        concepts = {
            name: {"state": state, "lines": sorted({e.line for e in evidence})}
            for name, (state, evidence) in self.concept_states().items()
            if name in wanted
        }
        return {"facts": facts, "concepts": concepts}

    def case_sentences(self) -> list[tuple[PassageReading, str, int]]:
        out: list[tuple[PassageReading, str, int]] = []
        for reading in (self.reading.summary, self.reading.rationale(self.item)):
            out.extend((reading, text, start) for text, start in reading.case_sentences())
        return out


_UNKNOWN: tuple[str, tuple[Evidence, ...]] = ("unknown", ())
# A sentence that goes on about what the sentence before named.
_GOES_ON = re.compile(r"(?:It|This|These|They|That|The medication|This medication)\b")


def _evidence_of(mentions: list[Mention], *wanted: str) -> tuple[Evidence, ...]:
    """The evidence of the mentions in the wanted states, each line once."""
    return tuple(dict.fromkeys(m.evidence for m in mentions if m.state in wanted))


def _plain_data(value: Any) -> Any:
    """A fact's value as JSON can hold it."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain_data(v) for v in value]
    return str(value)


@dataclass(frozen=True)
class Fact:
    description: str
    compute: Callable[[ItemFacts], Value]
    label: str = ""  # how a flag names it in words; its name with spaces when empty


def fact_label(name: str) -> str:
    """How a flag names a fact: `weeks of use` for weeks_of_use."""
    fact = FACTS.get(name)
    return (fact.label if fact and fact.label else "") or name.replace("_", " ")


def _plain(getter: Callable[[Item], Any]) -> Callable[[ItemFacts], Value]:
    return lambda facts: (getter(facts.item), ())


def _form(facts: ItemFacts) -> Value:
    """The treatment's form; a patch when the header says so in other words ("Duragesic 25mcg",
    "Fentanyl 25mcg/hr", "Lidoderm 5%"): concepts.yaml `headers: patch`."""
    treatment = facts.item.treatment
    if treatment.form is not None:
        return treatment.form, ()
    unit = treatment.strength.unit.lower().replace(" ", "") if treatment.strength else ""
    words = facts.reading.model.header_words
    named = words is not None and any("patch" in m.label.split("|") for m in words.finditer(facts.item.header))
    return ("patch" if named or unit in ("mcg/hr", "mcg/h") else None), ()


def _body_regions(facts: ItemFacts) -> Value:
    """The body regions the item is for: its header's, else its conclusion's. A drug's header
    names them too ("Voltaren gel for the lumbar spine"), though its kind reads none."""
    item = facts.item
    kinds = facts.reading.kinds
    places = [(item.header, Evidence(item.line, item.header))]
    if item.conclusion is not None:
        places.append((item.conclusion.text, Evidence(item.conclusion.line, item.conclusion.text)))
    for text, where in places:
        regions = list(kinds.regions_of(text)) if kinds is not None and item.kind == "drug" else []
        if not regions:
            regions = list(item.regions if where.line == item.line else item.context_regions)
        if regions:
            return measures.ShownList(regions, citing.region_names(regions)), (where,)
    return [], ()


def _header(facts: ItemFacts) -> Value:
    item = facts.item
    return item.header, (Evidence(item.line, item.header),)


def _conclusion(facts: ItemFacts) -> Value:
    conclusion = facts.item.conclusion
    if conclusion is None:
        return None, ()
    return conclusion.text, (Evidence(conclusion.line, conclusion.text),)


def _verdict(facts: ItemFacts) -> Value:
    conclusion = facts.item.conclusion
    if conclusion is None:
        return None, ()
    named = conclusion.treatment
    if named is not None and facts.item.drug is not None:
        drug, _ = facts.reading.lexicon.identify(named)
        own = {facts.item.drug, *(generic for generic, _ in facts.ingredients)}
        if drug is not None and drug not in own:
            return None, ()  # the verdict is about another drug ("... while weaning with Tramadol is ...")
    return conclusion.verdict, (Evidence(conclusion.line, conclusion.text),)


def _ur(facts: ItemFacts) -> Value:
    ur = facts.item.ur
    if ur.status == "unknown":
        return "unknown", ()
    return ur.status, (Evidence(ur.line, " ".join(ur.text.split())),)


def _ur_other_treatment(facts: ItemFacts) -> Value:
    """Whether the case summary's UR account names the drug with another strength or quantity."""
    ur = facts.item.ur
    if ur.status == "unknown" or ur.treatment is None:
        return False, ()
    differs = bool(_differences(facts.item.treatment, ur.treatment))
    return differs, (Evidence(ur.line, ur.treatment.text),) if differs else ()


def _pain_relief(facts: ItemFacts) -> Value:
    """The largest relief a case fact states for the item (not relief an injection or another
    drug gave)."""
    best: tuple[float, Evidence] | None = None
    for reading in (facts.reading.summary, facts.reading.rationale(facts.item)):
        for value, offset, evidence in facts.reading.reliefs(reading):
            if (best is None or value > best[0]) and facts.belongs(reading, offset):
                best = (value, evidence)
    return (measures.Shown(best[0], f"{best[0]:g}%"), (best[1],)) if best else (None, ())


def _about_drug(facts: ItemFacts, sentence: str) -> bool:
    """Does a case sentence speak of the item's drug (or its class, or 'this medication')?"""
    item = facts.item
    model = facts.reading.model
    for mention in facts.reading.lexicon.mentions(sentence):
        if mention.drug.generic == item.drug or mention.drug.drug_class == item.drug_class != "other":
            return True
    for cue in model.misc_cues.finditer(sentence):
        labels = cue.label.split("|")
        if "this_drug" in labels or f"class:{item.drug_class}" in labels:
            return True
    return False


def _weeks_of_use(facts: ItemFacts) -> Value:
    """How long the drug or its class has been used, in weeks: the longest duration a case fact
    states for it, or computes from a date it has been used since to the request date."""
    reference, reference_is = facts.reading.reference()
    model = facts.reading.model
    best: tuple[float, str, Evidence] | None = None
    for reading, sentence, start in facts.case_sentences():
        if not _about_drug(facts, sentence):
            continue
        candidates = [
            (found, f"{sentence[found.start - start : found.end - start]}, as stated")
            for found in measures.amounts_in_weeks(sentence, start)
        ]
        if reference is not None:
            cues = [c for c in model.misc_cues.finditer(sentence) if {"since", "current"} & set(c.label.split("|"))]
            found_dates = measures.dates(sentence, skip_injury=True)
            taken = [(a, b) for _, a, b in found_dates]
            bare = [y for y in measures.years(sentence) if not any(a <= y[1] < b for a, b in taken)]
            for when, d_start, d_end in found_dates + bare:
                since = any(c.end <= d_start and d_start - c.end <= 12 for c in cues if "since" in c.label.split("|"))
                current = any("current" in c.label.split("|") for c in cues) and (when, d_start, d_end) not in bare
                if (since or current) and when <= reference:
                    weeks = round((reference - when).days / 7, 1)
                    how = (
                        f"about {weeks:.0f} weeks, computed from {sentence[d_start:d_end]} to {reference_is} "
                        f"({reference:%m/%d/%Y})"
                    )
                    candidates.append((measures.Found(weeks, start + d_start, start + d_end), how))
        for found, how in candidates:
            if (best is None or found.value > best[0]) and facts.belongs(reading, found.start, same_class=True):
                best = (found.value, how, reading.evidence(found.start, start, start + len(sentence)))
    if best is None:
        return None, ()
    return measures.Shown(best[0], best[1]), (best[2],)


def _differences(header: Treatment, other: Treatment) -> list[str]:
    out = []
    if header.strength and other.strength and header.strength.values != other.strength.values:
        out.append(f"strength {header.strength.text} vs {other.strength.text}")
    if header.quantity is not None and other.quantity is not None and header.quantity != other.quantity:
        out.append(f"quantity {header.quantity:g} vs {other.quantity:g}")
    return out


def _same_drug(facts: ItemFacts, treatment: Treatment) -> bool:
    drug, _ = facts.reading.lexicon.identify(treatment)
    return drug is not None and drug == facts.item.drug


def _item_mismatches(facts: ItemFacts) -> Value:
    item = facts.item
    found: list[str] = []
    evidence: list[Evidence] = []
    conclusion = item.conclusion
    if conclusion and conclusion.treatment and _same_drug(facts, conclusion.treatment):
        diff = [] if _names_a_part(item, conclusion.treatment) else _differences(item.treatment, conclusion.treatment)
        if diff:
            found.append(f"the rationale concludes on {conclusion.treatment.text} ({', '.join(diff)})")
            evidence.append(Evidence(conclusion.line, conclusion.text, role="conclusion", about="the conclusion"))
    # A mention that matches another disputed item of the same drug belongs to that item.
    others = [o.treatment for o in facts.reading.letter.items if o.index != item.index and o.drug == item.drug]
    requested = [(t, line) for t, line in _requests(facts) if not any(not _differences(o, t) for o in others)]
    if requested and not any(_names_a_part(item, t) for t, _ in requested):
        treatment, line = requested[-1]
        diff = _differences(item.treatment, treatment)
        found.append(f"the case summary's request names {treatment.text} ({', '.join(diff)})")
        evidence.append(Evidence(line, treatment.text, about=f"the request names {treatment.text}"))
    return found, tuple(evidence) if found else ()


def _names_a_part(item: Item, named: Treatment) -> bool:
    """Whether `named` is the item as disputed, or (a partial authorisation) its original request
    or its authorised portion: each is the same item, in another of its parts."""
    parts = (item.treatment, item.original_request, item.authorized)
    return any(part is not None and not _differences(part, named) for part in parts)


def _requests(facts: ItemFacts) -> list[tuple[Treatment, int]]:
    """How the case summary names the item's drug where it speaks of the request or of UR."""
    item = facts.item
    out: list[tuple[Treatment, int]] = []
    if item.ur.treatment is not None and item.ur.status != "certified" and _same_drug(facts, item.ur.treatment):
        out.append((item.ur.treatment, item.ur.line))
    out.extend(
        (treatment, line)
        for generic, treatment, line in facts.reading.requests()
        if generic == item.drug and _same_route(facts, treatment)
    )
    return out


def _same_route(facts: ItemFacts, treatment: Treatment) -> bool:
    """Whether a mention of the item's drug is taken the same way as the item: the
    "Cyclobenzaprine 3%" of a compounded cream is not an oral cyclobenzaprine tablet."""
    _, drug_class = facts.reading.lexicon.identify(treatment)
    return (drug_class == "topical_analgesic") == (facts.item.drug_class == "topical_analgesic")


def _citing(read: Callable[[ItemFacts, GuideSet], list[citing.Problem]]) -> Callable[[ItemFacts], Value]:
    """A fact from what the item's citations say in the guidelines they cite (facts/citing.py)."""

    def compute(facts: ItemFacts) -> Value:
        if facts.guides is None:
            return [], ()
        problems = read(facts, facts.guides)
        return [p.message for p in problems], tuple(dict.fromkeys(p.evidence for p in problems))

    return compute


def _class_gaps(facts: ItemFacts, guides: GuideSet) -> list[citing.Problem]:
    classes = {facts.item.drug_class, *(c for _, c in facts.ingredients)}
    return citing.class_gaps(facts.item, guides, facts.judge, classes)


def _therapy_type(facts: ItemFacts) -> Value:
    if facts.item.kind != "therapy":
        return None, ()
    return visits.therapy_type(facts.item.treatment.text), ()


def _visits_requested(high: bool) -> Callable[[ItemFacts], Value]:
    def compute(facts: ItemFacts) -> Value:
        item = facts.item
        count = visits.requested(item.treatment.text) if item.kind == "therapy" else None
        if count is None:
            return None, ()
        return (count.high if high else count.low), (Evidence(item.line, item.header),)

    return compute


def _visits_completed(facts: ItemFacts) -> Value:
    """The most visits of the item's kind of therapy a case fact says are done (unknown if none)."""
    if facts.item.kind != "therapy":
        return None, ()
    kind = visits.therapy_type(facts.item.treatment.text)
    best: tuple[float, Evidence] | None = None
    for reading, sentence, start in facts.case_sentences():
        for value, found_start, _ in visits.completed(sentence, kind):
            if best is None or value > best[0]:
                best = (value, reading.evidence(start + found_start, start, start + len(sentence)))
    return (best[0], (best[1],)) if best else (None, ())


def _visits_total(facts: ItemFacts) -> Value:
    """Visits done (none when the letter does not say) and the low end of those requested."""
    requested, requested_evidence = facts.value("visits_requested")
    if requested is None:
        return None, ()
    done, done_evidence = facts.value("visits_completed")
    return requested + (done or 0), (*requested_evidence, *done_evidence)


def _guideline_visit_limit(facts: ItemFacts) -> Value:
    """The largest visit count the rationale quotes as the guideline's ("up to 24 sessions")."""
    reading = facts.reading.rationale(facts.item)
    best: tuple[float, Evidence] | None = None
    text = reading.passage.text
    for sentence in reading.sentences:
        if sentence.case_fact:
            continue
        chunk = text[sentence.start : sentence.end]
        for match in _QUOTED_LIMIT.finditer(chunk):
            value = float(match.group(1))
            if best is None or value > best[0]:
                best = (value, reading.evidence(sentence.start + match.start(), sentence.start, sentence.end))
    return (best[0], (best[1],)) if best else (None, ())


_QUOTED_LIMIT = re.compile(r"(?i)\b(?:up to|maximum of|total of up to)\s+(\d{1,3})\s+(?:sessions|visits|treatments)\b")


def _reviewer_sections(facts: ItemFacts) -> Value:
    """Ids of the sections the reviewer cites in the guideline that judges the item."""
    if facts.guides is None or facts.judge is None:
        return [], ()
    refs = citing.references(facts.item, facts.guides, facts.judge, "reviewer")
    ids = [
        s.id for ref in refs if ref.placed.candidates and ref.guideline is facts.guideline for s in ref.sections() if s
    ]
    return list(dict.fromkeys(ids)), tuple(dict.fromkeys(Evidence(r.citation.line, r.citation.text) for r in refs[:1]))


_POST_OP = re.compile(r"(?i)\bpost[- ]?op(?:erative)?\b|\bperi[- ]?op(?:erative)?\b")


def _post_operative_item(facts: ItemFacts) -> Value:
    """Is the item for pain after surgery: its header says post-op, or the reviewer decides it
    under a section about post-operative pain?"""
    item = facts.item
    if _POST_OP.search(item.header):
        return True, (Evidence(item.line, item.header),)
    sections, evidence = facts.value("reviewer_sections")
    if any("post-operative" in s or "postoperative" in s for s in sections):
        return True, evidence
    return False, ()


def _ingredients(facts: ItemFacts) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for mention in facts.reading.lexicon.mentions(facts.item.treatment.text):
        seen.setdefault(mention.drug.generic, mention.drug.drug_class)
    return list(seen.items())


_DECISION_WORDS = {"upheld": "Upheld (not medically necessary)", "overturned": "Overturned (medically necessary)"}
_OPPOSITE = {"upheld": "overturned", "overturned": "upheld"}

FACTS: dict[str, Fact] = {
    "treatment": Fact("the treatment as the item header names it", _plain(lambda i: i.treatment.text)),
    "drug_class_name": Fact(
        "the drug class in words (antiepilepsy drug, muscle relaxant, ...)",
        _plain(lambda i: DRUG_CLASS_NAMES.get(i.drug_class, i.drug_class)),
        "drug class",
    ),
    "decision_words": Fact(
        "the decision and what it means: Overturned (medically necessary) or Upheld (not medically necessary)",
        _plain(lambda i: _DECISION_WORDS[i.decision]),
        "decision",
    ),
    "opposite_decision_words": Fact(
        "the other decision and what it means",
        _plain(lambda i: _DECISION_WORDS[_OPPOSITE[i.decision]]),
        "other decision",
    ),
    "drug": Fact("the drug's generic name from the lexicon (e.g. carisoprodol)", _plain(lambda i: i.drug)),
    "drug_class": Fact("the drug class (opioid, muscle_relaxant, aed, ...)", _plain(lambda i: i.drug_class)),
    "form": Fact("the treatment's form (tablet, patch, cream, ...); patch when the header names one", _form),
    "decision": Fact("upheld (denial stands) or overturned (approved)", _plain(lambda i: i.decision)),
    "header": Fact("the item's header line", _header),
    "conclusion": Fact("the rationale's verdict sentence", _conclusion),
    "verdict": Fact("what the rationale concludes: necessary, not-necessary, or unknown", _verdict),
    "ur_status": Fact(
        "what the case summary says UR did: certified, non-certified, modified, unknown", _ur, "utilization review"
    ),
    "ur_other_treatment": Fact(
        "the UR account names the drug with another strength or quantity (another request)", _ur_other_treatment
    ),
    "pain_relief_percent": Fact(
        "the largest pain relief a case fact states, in percent (unknown if none)", _pain_relief, "pain relief"
    ),
    "weeks_of_use": Fact(
        "how long the drug (or its class) has been used, in weeks (unknown if not said)",
        _weeks_of_use,
        "duration of use",
    ),
    "item_mismatches": Fact("differences in strength or quantity from the conclusion or the request", _item_mismatches),
    "citation_gaps": Fact(
        "MTUS citations whose sections and pages miss the drug class (and the drug's ingredients' classes)",
        _citing(_class_gaps),
    ),
    "pages_outside": Fact(
        "cited pages outside the sections the same citation names",
        _citing(lambda f, g: citing.pages_outside(f.item, g, f.judge)),
    ),
    "kind": Fact(
        "what the item is: drug, imaging, therapy, injection, surgery, equipment, test, consultation, other",
        _plain(lambda i: i.kind),
    ),
    "regions": Fact(
        "the body regions the item header names (cervical, lumbar, knee, ...)", _plain(lambda i: list(i.regions))
    ),
    "reviewer_region_gaps": Fact(
        "the reviewer's MTUS body-part chapters, none of which covers a region the header names",
        _citing(lambda f, g: citing.region_gaps(f.item, g, f.judge, "reviewer", mtus_only=True)),
    ),
    "claims_region_gaps": Fact(
        "the claims administrator's body-part chapters (MTUS and ODG), none of which covers a region the header names",
        _citing(lambda f, g: citing.region_gaps(f.item, g, f.judge, "claims_administrator", mtus_only=False)),
    ),
    "section_kind_gaps": Fact(
        "the reviewer's MTUS section lists, none of whose sections is about the item's kind",
        _citing(lambda f, g: citing.kind_gaps(f.item, g, f.judge)),
    ),
    "therapy_type": Fact(
        "for a therapy item: physical_therapy, chiropractic or acupuncture (unknown for other visit series)",
        _therapy_type,
    ),
    "visits_requested": Fact(
        "the visits the header requests, the low end of a range (2-3 times a week for 6 weeks: 12)",
        _visits_requested(high=False),
    ),
    "visits_requested_high": Fact("the high end of the visits the header requests (18)", _visits_requested(high=True)),
    "visits_completed": Fact(
        "the most visits of the same therapy a case fact says are done (unknown if none)", _visits_completed
    ),
    "visits_total": Fact("visits done (none if not said) plus the low end of those requested", _visits_total),
    "guideline_visit_limit": Fact(
        'the largest visit count the rationale quotes from the guideline ("up to 24 sessions")', _guideline_visit_limit
    ),
    "reviewer_sections": Fact(
        "ids of the sections the reviewer cites in the guideline that judges the item (e.g. post-operative-pain)",
        _reviewer_sections,
    ),
    "post_operative_item": Fact(
        "the item is for pain after surgery: its header says post-op, or the reviewer cites a post-operative section",
        _post_operative_item,
    ),
    "cited_not_recommended": Fact(
        "what a section the reviewer cites says is not recommended, when it names the item",
        _citing(lambda f, g: citing.not_recommended(f.item, g, f.judge)),
    ),
    "ingredients": Fact("generic names of the drugs in the treatment", lambda f: ([g for g, _ in f.ingredients], ())),
    "body_regions": Fact(
        "the body regions the item is for: its header's, else those its rationale's conclusion names",
        _body_regions,
        "body part",
    ),
    "age": Fact("the patient's age as the case summary states it (unknown if not said)", clinical.age),
    "record_drugs": Fact(
        "the drugs the case facts name other than the item's own, by generic name", clinical.record_drugs
    ),
    "record_drug_classes": Fact(
        "the classes of the drugs the case facts name other than the item's own", clinical.record_drug_classes
    ),
    "record_nsaids": Fact("the NSAIDs the case facts name other than the item's own", clinical.record_nsaids, "NSAIDs"),
    "morphine_equivalent": Fact(
        "the item's dose a day in mg oral morphine equivalents: as the letter states it, or computed from the strength "
        "and how often it is taken with the rulebook's calculator (unknown if neither)",
        clinical.morphine_equivalent,
        "morphine equivalents",
    ),
    "test_type": Fact("for a test item: urine_drug_test when the header names one", clinical.test_type, "test"),
    "weeks_since_drug_test": Fact(
        "weeks from the latest dated urine drug test a case fact names to the request date",
        clinical.weeks_since_drug_test,
        "last urine drug test",
    ),
    "topical_not_recommended": Fact(
        "the item's topical ingredients the rulebook's topical table does not recommend, each with what it says",
        clinical.topical_not_recommended,
        "ingredients not recommended",
    ),
    "topical_after_others": Fact(
        "the item's topical ingredients recommended only after other treatments fail (capsaicin)",
        clinical.topical_after_others,
    ),
    "topical_nsaids": Fact(
        "the item's topical NSAIDs, recommended only for joints amenable to topical treatment", clinical.topical_nsaids
    ),
    "record_contradictions": Fact(
        "what the rationale finds not documented that the case summary documents",
        clinical.record_contradictions,
        "contradictions",
    ),
    "ingredient_classes": Fact(
        "drug classes of the drugs in the treatment (a compounded cream has several)",
        lambda f: (sorted({c for _, c in f.ingredients}), ()),
    ),
}
