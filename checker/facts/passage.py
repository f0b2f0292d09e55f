"""Read a passage as a clinician would: which sentences are case facts, what they document.

A sentence about the patient ("The injured worker reports 50% relief") is a case fact; a sentence
that recites the guideline ("Four domains have been proposed ... pain relief, side effects") is
not, however many concept words it holds. Within a case fact, a concept mention is documented,
negated ("denies any new injury") or missing ("there is no documentation of side effects"),
depending on the nearest cue before it whose scope reaches it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from checker.facts.concepts import ABSENT_WHEN_NEGATED, ConceptModel
from checker.model import Evidence, Passage
from checker.parse.literals import may_match
from checker.parse.phrases import PhraseMatch
from checker.parse.sentences import sentence_spans

_CLAUSE_BREAK = re.compile(r"[;:]")
# Pain scores and dates belong to a patient's record, not to the guideline's text.
_CASE_NUMBERS = re.compile(r"\b\d{1,2} ?(?:/|out of) ?10\b|\b\d{1,2}[/-]\d{1,2}[/-] ?\d{2,4}\b", re.IGNORECASE)
_WORD = re.compile(r"\w+")
# What a negation cue stands before when it negates nothing that follows: "pain 8/10 without and
# 4/10 with medication", "without medications, 7/10".
_NOTHING_NEGATED = re.compile(r"\s*(?:and\b|or\b|,|\d|with\b|medications?\b|meds\b|the medications?\b)", re.I)
# What may stand between a negation and the drug name it negates: "takes no aspirin", "is not
# taking naproxen", "has never tried gabapentin", "denies use of NSAIDs", "no aspirin or Coumadin".
# Anything else ("no GI upset with naproxen") leaves the name outside the negation.
_NAME_NEGATION_GAP = re.compile(
    r"^(?:\s+(?:tak(?:e|es|ing|en)|tried|trying|us(?:e|es|ed|ing)|on|of|any|other|prior|an?|the|"
    r"currently|been|[\w-]+ or|[\w-]+ nor))*\s+$",
    re.IGNORECASE,
)
EVIDENCE_WIDTH = 200
MAX_QUOTED_SENTENCES = 15


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    case_fact: bool


@dataclass(frozen=True, slots=True)
class Mention:
    concept: str
    state: str  # "documented"; "absent" (negated: "denies any new injury"); "missing" ("no documentation of")
    evidence: Evidence
    start: int = 0  # where in the passage


@dataclass
class PassageReading:
    """A passage split into sentences, each marked case fact or not, with its concept mentions."""

    passage: Passage
    sentences: list[Sentence]
    mentions: list[Mention]

    def case_sentences(self) -> list[tuple[str, int]]:
        """(text, start offset) of every case-fact sentence."""
        text = self.passage.text
        return [(text[s.start : s.end], s.start) for s in self.sentences if s.case_fact]

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence holding `offset`."""
        index = bisect_right([s.start for s in self.sentences], offset) - 1
        if index < 0 or offset >= self.sentences[index].end:
            return None
        return self.sentences[index]

    def evidence(self, offset: int, start: int, end: int) -> Evidence:
        return Evidence(self.passage.line_at(offset), _clip(self.passage.text[start:end]))


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EVIDENCE_WIDTH else text[: EVIDENCE_WIDTH - 3].rstrip() + "..."


def _bucket(matches: list[PhraseMatch], spans: list[tuple[int, int]]) -> list[list[PhraseMatch]]:
    starts = [s for s, _ in spans]
    buckets: list[list[PhraseMatch]] = [[] for _ in spans]
    for match in matches:
        index = bisect_right(starts, match.start) - 1
        if index >= 0 and match.end <= spans[index][1]:
            buckets[index].append(match)
    return buckets


def _labels(match: PhraseMatch) -> list[str]:
    return match.label.split("|")


def read_passage(passage: Passage, model: ConceptModel, default_case: bool) -> PassageReading:
    """Classify each sentence of `passage` and find the concepts its case facts document."""
    text = passage.text
    spans = sentence_spans(text)
    cue_buckets = _bucket(list(model.sentence_cues.finditer(text)), spans)
    sentences: list[Sentence] = []
    previous = default_case
    quoting: bool | None = None  # inside a quotation: whether a guideline sentence opened it
    quoted = 0  # sentences since it opened: a quote mark left open (5'10") must not run on
    for (start, end), cues in zip(spans, cue_buckets, strict=True):
        labels = {label for cue in cues for label in _labels(cue)}
        quoted = quoted + 1 if quoting is not None else 0
        if quoted > MAX_QUOTED_SENTENCES:
            quoting = None
        if quoting:
            case_fact = False  # the guideline's words go on across the sentences of its quotation
        elif "case" in labels:
            case_fact = True
        elif "guideline" in labels:
            case_fact = False
        elif "patient" in labels or _CASE_NUMBERS.search(text, start, end):
            case_fact = True  # a weak cue: "the patient", a pain score, a date
        else:
            case_fact = previous  # a sentence with no cue continues the one before it
        previous = case_fact
        sentences.append(Sentence(start, end, case_fact))
        if '"' in text[start:end] or "\u201c" in text[start:end] or "\u201d" in text[start:end]:
            quoting = _quoting_after(text, start, end, quoting, not case_fact)
    reading = PassageReading(passage, sentences, [])
    case_spans = [(s.start, s.end) for s in sentences if s.case_fact]
    if not case_spans:
        return reading
    concept_hits = list(model.concept_phrases.finditer(text))
    for name, pattern in model.concept_patterns:
        if may_match(pattern, text):
            concept_hits.extend(PhraseMatch(name, m.start(), m.end(), m.group()) for m in pattern.finditer(text))
    concept_buckets = _bucket(concept_hits, case_spans)
    for (start, end), hits in zip(case_spans, concept_buckets, strict=True):
        if not hits:
            continue
        # Negation cues matter only where a concept is mentioned: read them sentence by sentence.
        cues = [
            PhraseMatch(c.label, c.start + start, c.end + start, c.text)
            for c in model.negation_cues.finditer(text[start:end])
        ]
        for hit in hits:
            polarity = _polarity(text, hit, cues, model.max_words)
            if polarity == "requirement":
                continue  # "guidelines require documentation of X" says nothing of the patient
            for label in _labels(hit):
                name, flip, _ = label.partition(ABSENT_WHEN_NEGATED)
                concept = model.concepts[name]
                state = "documented"
                if polarity == "absence":
                    state = "missing"
                elif polarity == "negation":
                    state = "absent" if flip else concept.negated
                reading.mentions.append(Mention(name, state, reading.evidence(hit.start, start, end), hit.start))
    return reading


def _quoting_after(text: str, start: int, end: int, quoting: bool | None, guideline: bool) -> bool | None:
    """Whether a quotation is open after the sentence [start, end), and if so whether a guideline
    sentence opened it (straight quotes alternate; curly ones open and close)."""
    for char in text[start:end]:
        if char == "\u201c" or (char == '"' and quoting is None):
            quoting = guideline if quoting is None else quoting
        elif char in ('"', "\u201d"):
            quoting = None
    return quoting


def _polarity(text: str, hit: PhraseMatch, cues: list[PhraseMatch], max_words: int) -> str | None:
    """'requirement', 'absence', 'negation' or None: the cue whose scope reaches the mention,
    nearest first."""
    for cue in reversed([c for c in cues if c.end <= hit.start]):
        labels = _labels(cue)
        between = text[cue.end : hit.start]
        if "scope_end" in labels or _CLAUSE_BREAK.search(between) or len(_WORD.findall(between)) > max_words:
            break
        if labels == ["negation"] and _NOTHING_NEGATED.match(between):
            continue  # "8/10 without and 4/10 with medication": the cue negates no word after it
        if any(c.start >= cue.end and c.end <= hit.start and "scope_end" in _labels(c) for c in cues):
            break
        if "requirement" in labels:
            return "requirement"
        if "absence" in labels:
            return "absence"
        if "negation" in labels:
            return "negation"
    for cue in (c for c in cues if c.start >= hit.end):
        between = text[hit.end : cue.start]
        if _CLAUSE_BREAK.search(between) or "," in between or len(_WORD.findall(between)) > 6:
            break
        labels = _labels(cue)
        if "scope_end" in labels:
            break
        if "absence_after" in labels:
            return "absence"
        if "requirement_after" in labels:
            return "requirement"
        if "negation_after" in labels:
            return "negation"
    return None


def name_negated(text: str, start: int, sentence_start: int, model: ConceptModel) -> bool:
    """Whether a negation stands right before the drug name at `start` ("takes no aspirin", "has
    not tried gabapentin"): a drug the case facts say the patient does not take is not in the record."""
    cues = model.negation_cues.finditer(text[sentence_start:start])
    for cue in reversed(list(cues)):
        labels = _labels(cue)
        if "negation" not in labels and "absence" not in labels:
            continue
        return bool(_NAME_NEGATION_GAP.match(text[sentence_start + cue.end : start]))
    return False
