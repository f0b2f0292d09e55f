"""What is read once per letter and shared by its items: the case summary, each rationale, the
request date, the requested treatments and the pain relief the summary states."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date

from checker.facts import measures
from checker.facts.anchors import Anchors
from checker.facts.concepts import ConceptModel
from checker.facts.passage import PassageReading, read_passage
from checker.model import Evidence, Item, Letter, Passage, Treatment
from checker.parse.itemkind import ItemKinds
from checker.parse.lexicon import DrugLexicon
from checker.parse.phrases import PhraseMatch, PhraseSet
from checker.parse.sentences import sentence_spans
from checker.parse.treatment import parse_treatment


@dataclass
class LetterReading:
    """What is read once per letter and shared by its items: the case summary and dates."""

    letter: Letter
    model: ConceptModel
    lexicon: DrugLexicon
    ur_actions: PhraseSet | None = None
    kinds: ItemKinds | None = None  # body regions, for what a drug's header or conclusion names
    _summary: PassageReading | None = None
    _reference: tuple[date | None, str] | None = None
    _summary_relief: tuple[tuple[float, Evidence] | None] | None = None
    _requests: list[tuple[str, Treatment, int]] | None = None
    rationales: dict[int, PassageReading] = field(default_factory=dict)
    _anchors: dict[int, Anchors] = field(default_factory=dict)
    _reliefs: dict[int, list[tuple[float, int, Evidence]]] = field(default_factory=dict)

    @property
    def summary(self) -> PassageReading:
        if self._summary is None:
            passage = self.letter.sections.get("case_summary", Passage(""))
            self._summary = read_passage(passage, self.model, default_case=True)
        return self._summary

    def requests(self) -> list[tuple[str, Treatment, int]]:
        """(generic, treatment, line) for each drug the summary names with a strength or quantity
        in a sentence about the request; read once per letter."""
        if self._requests is None:
            self._requests = []
            summary = self.letter.sections.get("case_summary", Passage(""))
            text = summary.text
            if "request" in text.lower():
                for start, end in sentence_spans(text):
                    sentence = text[start:end]
                    if "request" not in sentence.lower():
                        continue
                    actions = list(self.ur_actions.finditer(sentence)) if self.ur_actions is not None else []
                    for mention in self.lexicon.mentions(sentence):
                        # A treatment is a few words: a bounded slice keeps a huge sentence linear.
                        treatment = parse_treatment(_phrase(sentence[mention.start : mention.start + 300]))
                        if treatment.strength is None and treatment.quantity is None:
                            continue
                        if _certified_here(actions, mention.end):
                            continue  # a request UR certified is not the one in dispute
                        line = summary.line_at(start + mention.start)
                        self._requests.append((mention.drug.generic, treatment, line))
        return self._requests

    def summary_pain_relief(self) -> tuple[float, Evidence] | None:
        if self._summary_relief is None:
            self._summary_relief = (largest_relief(self.summary, self.model),)
        return self._summary_relief[0]

    def anchors(self, reading: PassageReading) -> Anchors:
        """The treatments a passage names, found once per letter (facts/anchors.py)."""
        key = id(reading)
        found = self._anchors.get(key)
        if found is None:
            found = self._anchors[key] = Anchors(reading.passage.text, self.lexicon, self.model)
        return found

    def reliefs(self, reading: PassageReading) -> list[tuple[float, int, Evidence]]:
        """Every pain relief a case fact of the passage states: (percent, offset, evidence)."""
        key = id(reading)
        found = self._reliefs.get(key)
        if found is None:
            found = self._reliefs[key] = all_reliefs(reading, self.model)
        return found

    def rationale(self, item: Item) -> PassageReading:
        if item.index not in self.rationales:
            self.rationales[item.index] = read_passage(item.rationale, self.model, default_case=False)
        return self.rationales[item.index]

    def reference_date(self) -> date | None:
        """The request date durations are measured against: the request for authorization, else the latest date."""
        return self.reference()[0]

    def reference(self) -> tuple[date | None, str]:
        """The date durations are measured against and what it is: `the request date` (the
        request for authorization) or `the latest date of the letter`."""
        if self._reference is None:
            self._reference = self._find_reference()
        return self._reference

    def _find_reference(self) -> tuple[date | None, str]:
        texts = [self.summary.passage.text, *(item.rationale.text for item in self.letter.items)]
        for text in texts:
            cues = [c for c in self.model.misc_cues.finditer(text) if "request_date" in c.label.split("|")]
            for cue in cues:
                found = measures.dates(text[cue.end : cue.end + 40])
                if found and found[0][1] <= 6:
                    return found[0][0], "the request date"
        latest = [d for text in texts for d, _, _ in measures.dates(text)]
        return (max(latest), "the latest date of the letter") if latest else (None, "")


# Only a sentence with a percentage or a pain score can state relief.
_RELIEF_HINT = re.compile(r"%|\d ?(?:/|out of) ?10\b", re.IGNORECASE)


def largest_relief(reading: PassageReading, model: ConceptModel) -> tuple[float, Evidence] | None:
    """The largest relief a case fact states."""
    found = all_reliefs(reading, model)
    if not found:
        return None
    value, _, evidence = max(found, key=lambda f: f[0])
    return value, evidence


def all_reliefs(reading: PassageReading, model: ConceptModel) -> list[tuple[float, int, Evidence]]:
    """Every relief a case fact states, with where; a score with and one without medication may
    sit in two sentences in a row ("Pain is 8/10 without medication. With medication it is 4/10.")."""
    out: list[tuple[float, int, Evidence]] = []
    text = reading.passage.text
    sentences = [(s, start) for s, start in reading.case_sentences() if _RELIEF_HINT.search(s)]
    spans = [(start, start + len(s)) for s, start in sentences]
    for index, (start, end) in enumerate(spans):
        candidates = [(start, end)]
        if index + 1 < len(spans) and text[end : spans[index + 1][0]].strip() in ("", "."):
            candidates.append((start, spans[index + 1][1]))
        for first, last in candidates:
            for found in measures.pain_relief(text[first:last], first, model):
                out.append((found.value, found.start, reading.evidence(found.start, first, last)))
    return out


def _phrase(tail: str) -> str:
    for stop in (" and ", ", ", " is ", " was ", " were ", ". ", " to "):
        index = tail.find(stop, 1)
        if index > 0:
            tail = tail[:index]
    return tail.rstrip(".,;")


def _certified_here(actions: list[PhraseMatch], after: int) -> bool:
    """Does the UR action that applies to a drug named at `after` certify it? The first action
    after the drug in its sentence applies, else the nearest one before (as urstatus reads).
    `actions` are in text order, so either is found by bisection."""
    following = bisect_left(actions, after, key=lambda a: a.start)
    if following < len(actions):
        return actions[following].label == "certified"
    before = bisect_right(actions, after, key=lambda a: a.end)
    return before > 0 and actions[before - 1].label == "certified"
