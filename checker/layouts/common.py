"""What the layout readers share: parsing with a layout grammar, spans, passages and items."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lark import Token, Tree
from lark.exceptions import UnexpectedInput, UnexpectedToken

from ..conclusion import find_conclusion
from ..extract import NotALetter
from ..grammars import load
from ..model import Citation, Conclusion, Item, Passage
from ..normalize import NormalizedText
from ..structure import StructureError
from ..treatment import parse_treatment
from ..urstatus import URMention, ur_account
from ..vocabulary import Vocabulary

_SPECIALTY = re.compile(
    r"(?i)Certification\(s\)/Specialty:\s*(?P<s>[^\n]+?)\s*$|Board Certified in (?P<b>[A-Z][\w ,&]+?)(?: and is|\.)"
)


def structure_failure(error: StructureError, text: NormalizedText) -> NotALetter:
    """A grammar failure as a per-letter error pointing at the original line."""
    line = None
    if error.index is not None and error.index < len(text.numbers):
        line = text.numbers[error.index]
    return NotALetter(f"cannot parse letter: {error}", line)


def parse_lines(text: NormalizedText, grammar: str, names: dict[str, str]) -> Tree:
    """Parse normalized lines with a line-level layout grammar; raises NotALetter."""
    source = "\n".join(text.lines) + "\n" if text.lines else ""
    try:
        return load(grammar).parse(source)
    except UnexpectedInput as error:
        index = max(int(getattr(error, "line", 1) or 1) - 1, 0)
        if isinstance(error, UnexpectedToken):
            found = names.get(error.token.type, repr(str(error.token).strip()))
            message = f"unexpected {found}"
        else:
            message = "unreadable text where a line was expected"
        raise structure_failure(StructureError(message, index), text) from None


@dataclass(frozen=True, slots=True)
class Block:
    """A rule of the layout grammar and the normalized lines `start` to `stop - 1` it covers."""

    kind: str
    start: int
    stop: int


def block(tree: Tree) -> Block | None:
    """The lines a subtree covers, from the tokens it holds (one token per line)."""
    lines = [int(t.line) - 1 for t in tree.scan_values(lambda v: isinstance(v, Token))]
    if not lines:
        return None
    return Block(str(tree.data), min(lines), max(lines) + 1)


def without_label(passage: Passage, label: re.Pattern[str]) -> Passage:
    """`passage` with a leading heading or label cut off; offsets still map to original lines."""
    match = label.match(passage.text)
    return cut_front(passage, match.end()) if match else passage


def cut_front(passage: Passage, cut: int) -> Passage:
    """Drop the first `cut` characters of a passage, keeping the map back to lines."""
    if cut <= 0:
        return passage
    keep = [i for i, s in enumerate(passage.starts) if s > cut]
    first = max((i for i, s in enumerate(passage.starts) if s <= cut), default=0)
    indexes = [first, *keep]
    starts = tuple(max(passage.starts[i] - cut, 0) for i in indexes) if passage.starts else ()
    numbers = tuple(passage.numbers[i] for i in indexes) if passage.numbers else ()
    return Passage(passage.text[cut:], starts, numbers)


def specialty(*passages: Passage | None) -> str | None:
    for passage in passages:
        if passage is None:
            continue
        match = _SPECIALTY.search(passage.text)
        if match:
            return (match.group("s") or match.group("b")).strip()
    return None


def conclusion_of(rationale: Passage, vocabulary: Vocabulary) -> Conclusion | None:
    return find_conclusion(rationale, vocabulary.conclusions, vocabulary.lexicon)


def make_item(
    index: int,
    header: str,
    line: int,
    treatment_text: str,
    decision: str,
    citations: tuple[Citation, ...],
    rationale: Passage,
    conclusion: Conclusion | None,
    vocabulary: Vocabulary,
    mentions: list[URMention],
) -> Item:
    """An item in the model every layout shares."""
    treatment = parse_treatment(treatment_text)
    drug, drug_class = vocabulary.lexicon.identify(treatment)
    return Item(
        index=index,
        header=header,
        line=line,
        treatment=treatment,
        decision=decision,  # type: ignore[arg-type]
        drug=drug,
        drug_class=drug_class,
        ur=ur_account(drug, treatment, mentions),
        citations=citations,
        rationale=rationale,
        conclusion=conclusion,
    )
