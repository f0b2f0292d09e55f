"""Read what the case summary says utilization review (UR) did with each requested drug.

"The utilization review ... indicates the request for Neurontin 300mg #120 and Lyrica 100mg
#60 is certified and Norflex 100mg #60 is non-certified": a drug takes the action written
right before it as a verb on it ("UR denied the request for X", "certified X #60 and
non-certified X #120"); otherwise the first action that follows it in its sentence ("X and Y
is certified"); a drug with neither takes the nearest action before it ("UR denied the
request for X, Y and Z").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from checker.model import Passage, Treatment, URAccount
from checker.parse.lexicon import DrugLexicon
from checker.parse.phrases import PhraseSet
from checker.parse.sentences import sentence_spans
from checker.parse.treatment import parse_treatment

# What may stand between an action and the drug it acts on: "denied the request for".
_OBJECT_LEAD = re.compile(
    r"(?:(?:the|a|an|requests?|requested|for|of|prescriptions?|medications?|refills?)\s+)*", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class URMention:
    generic: str
    account: URAccount


def ur_mentions(summary: Passage, actions: PhraseSet, lexicon: DrugLexicon) -> list[URMention]:
    """Every drug mention in the summary that a UR action applies to, in text order."""
    found: list[URMention] = []
    text = summary.text
    for start, end in sentence_spans(text):
        sentence = text[start:end]
        verbs = list(actions.finditer(sentence))
        if not verbs:
            continue
        for mention in lexicon.mentions(sentence):
            after = [v for v in verbs if v.start >= mention.end]
            before = [v for v in verbs if v.end <= mention.start]
            gap = sentence[before[-1].end : mention.start].strip() if before else ""
            acting = bool(before) and (not gap or _OBJECT_LEAD.fullmatch(gap + " ") is not None)
            verb = before[-1] if acting else after[0] if after else (before[-1] if before else None)
            if verb is None:
                continue
            account = URAccount(
                status=verb.label,  # type: ignore[arg-type]
                text=sentence,
                line=summary.line_at(start + mention.start),
                treatment=parse_treatment(_phrase_at(sentence, mention.start)),
            )
            found.append(URMention(mention.drug.generic, account))
    return found


def ur_account(generic: str | None, treatment: Treatment, mentions: list[URMention]) -> URAccount:
    """The account for an item: the mention of its drug that best fits its strength and quantity.

    Two requests for one drug (`Norco 10/325mg #60` certified, `#120` non-certified) are told
    apart by what they name; among equally good fits the last mention wins.
    """
    candidates = [m.account for m in mentions if generic is not None and m.generic == generic]
    if not candidates:
        return URAccount(status="unknown")
    best = max(range(len(candidates)), key=lambda i: (_fit(candidates[i].treatment, treatment), i))
    return candidates[best]


def _fit(named: Treatment | None, treatment: Treatment) -> int:
    """How well a treatment named in the summary matches the item: strength counts most."""
    if named is None:
        return 0
    same_strength = (
        named.strength is not None
        and treatment.strength is not None
        and named.strength.values == treatment.strength.values
    )
    same_quantity = named.quantity is not None and named.quantity == treatment.quantity
    return 2 * same_strength + same_quantity


def _phrase_at(sentence: str, start: int) -> str:
    """The words from `start` up to the next comma-free clause end, enough for a treatment."""
    tail = sentence[start:]
    for stop in (" and ", ", ", " is ", " was ", " were "):
        index = tail.find(stop, 1)
        if index > 0:
            tail = tail[:index]
    return tail
