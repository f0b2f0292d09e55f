"""Read what the case summary says utilization review (UR) did with each requested drug.

"The utilization review ... indicates the request for Neurontin 300mg #120 and Lyrica 100mg
#60 is certified and Norflex 100mg #60 is non-certified": each drug takes the first action
that follows it in its sentence ("X and Y is certified"); a drug with no action after it
takes the nearest one before it ("UR denied the request for X, Y and Z").
"""

from __future__ import annotations

from dataclasses import dataclass

from .lexicon import DrugLexicon
from .model import Passage, Treatment, URAccount
from .phrases import PhraseSet
from .sentences import sentence_spans
from .treatment import parse_treatment


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
            verb = after[0] if after else (before[-1] if before else None)
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
    """The account for an item: prefer a mention with the item's strength, else the last one."""
    candidates = [m.account for m in mentions if generic is not None and m.generic == generic]
    if not candidates:
        return URAccount(status="unknown")
    if treatment.strength is not None:
        for account in reversed(candidates):
            named = account.treatment
            if (
                named is not None
                and named.strength is not None
                and (named.strength.values == treatment.strength.values)
            ):
                return account
    return candidates[-1]


def _phrase_at(sentence: str, start: int) -> str:
    """The words from `start` up to the next comma-free clause end, enough for a treatment."""
    tail = sentence[start:]
    for stop in (" and ", ", ", " is ", " was ", " were "):
        index = tail.find(stop, 1)
        if index > 0:
            tail = tail[:index]
    return tail
