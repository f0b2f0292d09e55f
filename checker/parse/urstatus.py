"""Read what a letter says utilization review (UR) did with each disputed item.

A UR statement is a sentence of the case summary that speaks of a review or a request and
states an action: "UR dated 11-14-16 non-certified the request for MRI of the lumbar without
contrast", "the claims administrator failed to approve a request for a shoulder MRI imaging",
"The requests for cervical spine x-rays, lumbar spine x-rays, and CT scan of the cervical spine
were denied", "modified the request for Trezix ... and non-certified the request for ...". Its
list of requests is cut at commas, semicolons and "and"; a part that names no modality takes
the one before it ("x-ray of the pelvis, lumbar spine, and left shoulder") and a part that names
no region the one after it ("MRI of the cervical and lumbar spine"). Each disputed item takes the
part that names it best (`itemwords`), and the action nearest before that part, unless a passive
action follows it ("X and Y were denied"). A statement whose object is only "the request" refers
to the items named in the sentences before it; one that names a category ("the requested
medications", "the associated treatments") to every item of that category. When the summary says
nothing of an item, a denial in its own rationale counts ("... but this was denied"). An item
nothing speaks of is `unknown`.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from checker.model import Passage, Treatment, URAccount
from checker.parse.itemwords import ItemWords, Word, modifiers
from checker.parse.lexicon import DrugLexicon
from checker.parse.phrases import PhraseMatch, PhraseSet
from checker.parse.sentences import sentence_spans
from checker.parse.treatment import parse_treatment

# Where a list of requests is cut into parts.
_SEPARATOR = re.compile(r",|;|\band\b|\bas well as\b", re.IGNORECASE)
# A passive action: "were denied", "was previously non-certified".
_PASSIVE = re.compile(r"(?i)\b(?:is|are|was|were|been)\s+(?:\w+ly\s+)?$")
# An action in the present: "is non-certified", "are therefore not certified".
_PRESENT = re.compile(r"(?i)\b(?:is|are|be)\s+(?:\w+\s+)?$")
# Where a request's name ends and the statement goes on ("Lyrica 100mg #60 is certified").
_VERB = re.compile(r"(?i)\s+(?:is|was|were|are|has|have)\s")
# How many sentences back a statement about "the request" may refer.
_REFERENCE_REACH = 2
_CERTIFIED = "certified"


@dataclass(frozen=True, slots=True)
class URWords:
    """The language file's `ur_action` and `ur_statement` parts, compiled once."""

    actions: PhraseSet
    cues: PhraseSet
    references: PhraseSet
    categories: dict[str, tuple[str, ...]]
    category_names: PhraseSet
    verdict_actions: frozenset[str]  # actions that, in a rationale, are the reviewer's verdict

    @classmethod
    def from_data(cls, actions: Mapping[str, Sequence[str]], statement: Mapping[str, Any]) -> URWords:
        categories = {str(k).lower(): tuple(str(w) for w in v) for k, v in statement["categories"].items()}
        return cls(
            actions=PhraseSet(actions),
            cues=PhraseSet({"cue": statement["cues"]}),
            references=PhraseSet({"reference": statement["references"]}),
            categories=categories,
            category_names=PhraseSet({name: [name] for name in categories}),
            verdict_actions=frozenset(" ".join(str(w).lower().split()) for w in statement["verdicts"]),
        )


@dataclass(frozen=True, slots=True)
class _Part:
    """One request named in a UR statement, with the words it names."""

    text: str
    start: int  # in the passage
    words: tuple[Word, ...]
    anchor: int  # in the passage: where it first names what or where (an action before it applies)


@dataclass(frozen=True, slots=True)
class URStatement:
    text: str
    start: int  # in the passage
    actions: tuple[PhraseMatch, ...]  # offsets in `text`
    parts: tuple[_Part, ...]
    categories: tuple[str, ...]
    refers_back: bool
    passive: tuple[int, ...] = ()  # the indices of the actions written in the passive


@dataclass(frozen=True, slots=True)
class URStatements:
    """What a letter says UR did: the statements of its case summary, and the words to match by."""

    passage: Passage
    statements: tuple[URStatement, ...]
    earlier: tuple[tuple[_Part, ...], ...]  # per statement: the parts of the sentences it refers back to
    ur: URWords
    words: ItemWords
    lexicon: DrugLexicon

    def parts_named(self, index: int) -> tuple[_Part, ...]:
        """The requests statement `index` names: its own, and for "the request" those it refers to."""
        statement = self.statements[index]
        return statement.parts + self.earlier[index] if statement.refers_back else statement.parts

    def accounts(self, requests: Sequence[URRequest]) -> list[URAccount]:
        """The account of each disputed item: the statement part that names it best, with its
        action; a part goes to the item it names best, so "acupuncture with a capsaicin patch" is
        not also taken for "electrical acupuncture". When the summary says nothing of an item, a
        denial in its own rationale counts."""
        own = [self.words.read(r.treatment.text, self.lexicon) for r in requests]
        scored = [_scores(self, words) for words in own]
        best_of: dict[tuple[int, int], float] = {}
        for scores in scored:
            for key, score in scores.items():
                best_of[key] = max(best_of.get(key, 0.0), score)
        out = []
        for request, words, scores in zip(requests, own, scored, strict=True):
            taken = {key: score for key, score in scores.items() if score >= best_of[key]}
            found = _best(self, request, words, taken)
            if found is None and request.rationale is not None and request.rationale.text:
                statements = read_statements(request.rationale, self.ur, self.words, self.lexicon, in_rationale=True)
                found = _best(statements, request, words, _scores(statements, words), denials_only=True)
            out.append(found or URAccount(status="unknown"))
        return out


@dataclass(frozen=True, slots=True)
class URRequest:
    """A disputed item as UR statements are matched to it."""

    treatment: Treatment
    drug: str | None
    drug_class: str
    rationale: Passage | None = None


def read_statements(
    passage: Passage, ur: URWords, words: ItemWords, lexicon: DrugLexicon, in_rationale: bool = False
) -> URStatements:
    """The UR statements of `passage` (a case summary, or with `in_rationale` an item's rationale,
    where the reviewer's own verdict words are not UR's action)."""
    text = passage.text
    statements: list[URStatement] = []
    earlier: list[tuple[_Part, ...]] = []
    spans = sentence_spans(text)
    parts_of: dict[int, tuple[_Part, ...]] = {}

    def parts(index: int) -> tuple[_Part, ...]:
        # Read a sentence's requests only when a statement needs them: most sentences state no action.
        if index not in parts_of:
            start, end = spans[index]
            parts_of[index] = tuple(_parts(text[start:end], start, words, lexicon))
        return parts_of[index]

    # Most sentences state no action: the summary is scanned for actions once, not sentence by sentence.
    actions_in = ur.actions.in_spans(text, spans)
    for index, (start, end) in enumerate(spans):
        sentence = text[start:end]
        actions = tuple(a for a in actions_in[index] if not (in_rationale and _verdict(sentence, a, ur)))
        if not actions:
            continue
        named = any(w.kind == "modality" for p in parts(index) for w in p.words)
        categories = tuple(m.label for m in ur.category_names.finditer(sentence))
        if not (categories or (named and _passive(sentence, actions)) or any(True for _ in ur.cues.finditer(sentence))):
            continue
        refers = not named and any(True for _ in ur.references.finditer(sentence))
        passive = tuple(i for i, a in enumerate(actions) if _PASSIVE.search(sentence[max(0, a.start - 40) : a.start]))
        statements.append(URStatement(sentence, start, actions, parts(index), categories, refers, passive))
        # "... denied the request": the items of the nearest sentence before that names any.
        before = range(index - 1, max(index - 1 - _REFERENCE_REACH, -1), -1)
        naming = [parts(i) for i in before if refers and any(w.kind == "modality" for q in parts(i) for w in q.words)]
        earlier.append(naming[0] if naming else ())
    return URStatements(passage, tuple(statements), tuple(earlier), ur, words, lexicon)


def _verdict(sentence: str, action: PhraseMatch, ur: URWords) -> bool:
    """In a rationale, an action that is the reviewer's own verdict: a verdict word, or an action
    stated in the present ("the request is non-certified"), where UR's is told in the past ("but
    this was denied")."""
    return action.text.lower() in ur.verdict_actions or bool(_PRESENT.search(sentence[: action.start]))


def _passive(sentence: str, actions: Sequence[PhraseMatch]) -> bool:
    """ "Physical therapy was denied due to ...", "Norco #90 was modified": a request acted on in
    the passive is UR's doing, with or without a word for UR; an active verb may be the patient's
    ("She denied any numbness"), and a passive one about no request is not ("Work status was
    modified")."""
    return any(_PASSIVE.search(sentence[max(0, a.start - 40) : a.start]) for a in actions)


def _parts(sentence: str, offset: int, words: ItemWords, lexicon: DrugLexicon) -> list[_Part]:
    """The requests a statement names, cut at its separators. A part that names a region but no
    modality takes the modality before it ("x-ray of the pelvis, lumbar spine, and left
    shoulder"); one that names a modality but no region, the region of the part after it when
    that part names no modality of its own ("MRI of the cervical and lumbar spine")."""
    bounds = [0]
    for separator in _SEPARATOR.finditer(sentence):
        bounds += [separator.start(), separator.end()]
    bounds.append(len(sentence))
    raw = [
        (a, sentence[a:b], words.read(sentence[a:b], lexicon)) for a, b in zip(bounds[::2], bounds[1::2], strict=True)
    ]
    parts: list[_Part] = []
    modality: list[Word] = []
    for index, (a, piece, found) in enumerate(raw):
        kinds = {w.kind for w in found}
        inherited = list(found)
        if "modality" not in kinds and "region" in kinds:
            inherited += modality
        if "region" not in kinds and "modality" in kinds:
            following = next((f for _, _, f in raw[index + 1 :] if f), [])
            if not any(w.kind == "modality" for w in following):
                inherited += [w for w in following if w.kind in ("region", "side")]
        if "modality" in kinds:
            modality = [w for w in found if w.kind == "modality"]
        if inherited:
            naming = [w.start for w in found if w.kind in ("modality", "region")] or [w.start for w in found]
            parts.append(_Part(piece, offset + a, tuple(inherited), offset + a + min(naming)))
    return parts


def _scores(statements: URStatements, own: list[Word]) -> dict[tuple[int, int], float]:
    """The parts that name an item, keyed by (statement, part start), with how well they do."""
    out: dict[tuple[int, int], float] = {}
    if not own:
        return out
    for index, _ in enumerate(statements.statements):
        for part in statements.parts_named(index):
            score = _match(own, part.words, statements.words)
            if score is not None:
                out[(index, part.start)] = max(out.get((index, part.start), 0.0), score)
    return out


def _best(
    statements: URStatements,
    request: URRequest,
    own: list[Word],
    scores: dict[tuple[int, int], float],
    denials_only: bool = False,
) -> URAccount | None:
    best: tuple[tuple[float, bool, int], URAccount] | None = None

    def consider(rank: tuple[float, bool, int], account: URAccount | None) -> None:
        nonlocal best
        if account is None or (denials_only and account.status == _CERTIFIED):
            return
        if best is None or rank >= best[0]:
            best = (rank, account)

    for index, statement in enumerate(statements.statements):
        for part in statements.parts_named(index):
            score = scores.get((index, part.start))
            if score is None:
                continue
            account = _account(statements, statement, part, request.drug)
            if account is not None:
                fit = score + _fit(account.treatment, request.treatment)
                consider((fit, account.status != _CERTIFIED, index), account)
        category = _by_category(statements, statement, own, request)
        if category is not None:
            consider((0.5, category.status != _CERTIFIED, index), category)
    return None if best is None else best[1]


def _match(own: list[Word], named: Sequence[Word], words: ItemWords) -> float | None:
    """How well a part of a statement names an item: the share of the item's words it names
    (0.5 to 1), or None when it names something else (another modality, region, side or kind)."""

    def kind(found: Sequence[Word], name: str) -> set[str]:
        return {w.text for w in found if w.kind == name}

    named_words = {w.text for w in named}
    own_modality = {m for m in kind(own, "modality") if any(words.covers(n, m) for n in named_words)}
    own_modality_all, named_modality = kind(own, "modality"), kind(named, "modality")
    if named_modality and not own_modality:
        # A part about another modality is about another item; a part without one may still be
        # a description of this one ("lumbar support", "the requested oral suspensions").
        return None
    for name in ("region", "side"):
        mine, theirs = kind(own, name), kind(named, name)
        if mine and theirs and not mine & theirs:
            return None
    # "manual acupuncture" is not "electrical acupuncture" (but "stand sit" is "sit-stand").
    named_modifiers = modifiers(list(named))
    names = {w.text for w in own}
    for modality, modifier in modifiers(own).items():
        other = named_modifiers.get(modality)
        if other is not None and other not in names and modifier not in named_words:
            return None
    share = len({n for n in names if any(words.covers(m, n) for m in named_words)}) / len(names)
    if own_modality:
        return share if share >= 0.5 or own_modality == own_modality_all else None
    return share if share >= 0.6 and not own_modality_all else None


def _account(statements: URStatements, statement: URStatement, part: _Part, drug: str | None) -> URAccount | None:
    earlier = part.start < statement.start
    action = _action_for_earlier(statement) if earlier else _action_for(statement, part.anchor - statement.start)
    if action is None:
        return None
    named = _named_treatment(statements, part, drug)
    return URAccount(
        status=action.label,  # type: ignore[arg-type]
        text=statement.text,
        line=statements.passage.line_at(part.anchor),
        treatment=named,
    )


def _action_for_earlier(statement: URStatement) -> PhraseMatch:
    """The action a statement about "the request" applies to the items named before it: a denial
    or modification when it states one ("The request was certified for 6 visits and the rest were
    denied" denies the request), else its action."""
    order = {"non-certified": 0, "modified": 1}
    return min(statement.actions, key=lambda a: order.get(a.label, 2))


def _action_for(statement: URStatement, anchor: int) -> PhraseMatch | None:
    """The action that applies to a request named at `anchor`: the one right before it, when no
    list separator stands between them ("denied the request for X"); else a passive one after it
    ("Lyrica 100mg #60 is certified and Norflex 100mg #60 is non-certified"); else the nearest
    before it ("denied the request for X, Y, and Z"), or the first after it."""
    # Actions are in text order: those around the anchor are found by bisection, so a statement
    # naming thousands of requests costs n log n, not n squared.
    actions = statement.actions
    first_after = bisect_left(actions, anchor, key=lambda a: a.start)
    count_before = bisect_right(actions, anchor, key=lambda a: a.end)
    previous = actions[count_before - 1] if count_before else None
    if previous is not None and not _SEPARATOR.search(statement.text, previous.end, anchor):
        return previous
    passive = bisect_left(statement.passive, first_after)
    if passive < len(statement.passive):
        return actions[statement.passive[passive]]
    if previous is not None:
        return previous
    return actions[first_after] if first_after < len(actions) else None


def _named_treatment(statements: URStatements, part: _Part, drug: str | None) -> Treatment | None:
    """The treatment as the statement names it, up to its verb: from the drug's name on, for a drug."""
    text = part.text
    if drug is not None:
        mention = next((m for m in statements.lexicon.mentions(text) if m.drug.generic == drug), None)
        if mention is None:
            return None
        text = text[mention.start :]
    phrase = _VERB.split(text.strip(), maxsplit=1)[0].strip()
    return parse_treatment(phrase) if phrase else None


def _by_category(
    statements: URStatements, statement: URStatement, own: list[Word], request: URRequest
) -> URAccount | None:
    """A statement about a category ("the requested medications", "the requested topical
    ointment") applies to its items: `drug` takes any drug, `class:<drug class>` the drugs of a
    class, other members the items whose name holds them."""
    names = {w.text for w in own}
    for category in statement.categories:
        members = set(statements.ur.categories.get(category, ()))
        by_drug = request.drug is not None and ("drug" in members or f"class:{request.drug_class}" in members)
        if by_drug or names & members:
            status = statement.actions[0].label
            line = statements.passage.line_at(statement.start)
            return URAccount(status=status, text=statement.text, line=line)  # type: ignore[arg-type]
    return None


def _fit(named: Treatment | None, treatment: Treatment) -> float:
    """Two requests for one drug (`Norco 10/325mg #60` certified, `#120` non-certified) are told
    apart by the strength and quantity they name: a small bonus over the words' share."""
    if named is None:
        return 0.0
    same_strength = (
        named.strength is not None
        and treatment.strength is not None
        and named.strength.values == treatment.strength.values
    )
    same_quantity = named.quantity is not None and named.quantity == treatment.quantity
    return 0.02 * same_strength + 0.01 * same_quantity
