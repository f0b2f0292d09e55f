"""Find the sentence in which a rationale states its verdict, and the treatment it names."""

from __future__ import annotations

import re

from checker.model import Conclusion, Passage
from checker.parse.lexicon import DrugLexicon
from checker.parse.phrases import PhraseSet
from checker.parse.sentences import sentence_spans
from checker.parse.treatment import parse_treatment

# What joins a treatment to its verdict ("... #90 is determined to not be medically necessary").
_VERB_TAIL = re.compile(r"\s+(?:is|was|are|were|has|have|does|do|remains?)\b.*$", re.IGNORECASE | re.DOTALL)


def find_conclusion(rationale: Passage, phrases: PhraseSet, lexicon: DrugLexicon) -> Conclusion | None:
    """The last sentence that states a verdict; None when the rationale never states one."""
    text = rationale.text
    for start, end in reversed(sentence_spans(text)):
        sentence = text[start:end]
        matches = list(phrases.finditer(sentence))
        if not matches:
            continue
        verdict = matches[-1].label
        # The treatment concluded on is the drug named last before the verdict phrase.
        treatment = None
        named = [m for m in lexicon.mentions(sentence) if m.start < matches[-1].start]
        if named:
            phrase = _VERB_TAIL.sub("", sentence[named[-1].start : matches[-1].start])
            treatment = parse_treatment(phrase)
        return Conclusion(
            verdict="not-necessary" if verdict == "not-necessary" else "necessary",
            text=sentence,
            line=rationale.line_at(start + matches[-1].start),
            treatment=treatment,
        )
    return None
