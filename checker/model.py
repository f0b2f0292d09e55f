"""The letter model: typed, immutable records of what a letter says, with source lines.

Every `line` is a 1-based line number in the *original* file, whatever normalization did.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

Decision = Literal["upheld", "overturned"]
URStatus = Literal["non-certified", "certified", "modified", "unknown"]
Verdict = Literal["necessary", "not-necessary"]
Severity = Literal["error", "warning", "info"]

DECISIONS: tuple[str, ...] = ("upheld", "overturned")
UR_STATUSES: tuple[str, ...] = ("non-certified", "certified", "modified", "unknown")
DRUG_CLASSES: tuple[str, ...] = (
    "opioid",
    "muscle_relaxant",
    "aed",
    "nsaid",
    "topical_analgesic",
    "antidepressant",
    "sleep_aid",
    "gi_protectant",
    "benzodiazepine",
    "other",
)
# What an item is, and the body regions an item header can name.
KINDS: tuple[str, ...] = (
    "drug",
    "imaging",
    "therapy",
    "injection",
    "surgery",
    "equipment",
    "test",
    "consultation",
    "other",
)
REGIONS: tuple[str, ...] = (
    "cervical",
    "thoracic",
    "lumbar",
    "spine",
    "back",
    "shoulder",
    "elbow",
    "wrist_hand",
    "hip",
    "knee",
    "ankle_foot",
    "upper_extremity",
    "lower_extremity",
    "head",
    "chest",
)
CATEGORIES: tuple[str, ...] = (
    "decision-rationale-conflict",
    "ur-certification-conflict",
    "muscle-relaxant-duration",
    "opioid-monitoring",
    "aed-functional-benefit",
    "citation-mismatch",
    "item-mismatch",
    "guideline-not-recommended",
    "rationale-contradicts-record",
)
# How a message names a drug class: plain words, not the vocabulary's ids.
DRUG_CLASS_NAMES: dict[str, str] = {
    "opioid": "opioid",
    "muscle_relaxant": "muscle relaxant",
    "aed": "antiepilepsy drug",
    "nsaid": "NSAID",
    "topical_analgesic": "topical analgesic",
    "antidepressant": "antidepressant",
    "sleep_aid": "sleep aid",
    "gi_protectant": "stomach protectant (proton pump inhibitor or H2 blocker)",
    "benzodiazepine": "benzodiazepine",
    "other": "drug of no listed class",
}
# What a piece of a flag's evidence is: the item's header, a finding the rule read, a statement
# that something is absent, the rationale's conclusion, the account of utilization review.
EVIDENCE_ROLES: tuple[str, ...] = ("header", "found", "missing", "conclusion", "ur")
SEVERITIES: tuple[str, ...] = ("error", "warning", "info")  # most severe first
# The lowest severity that fails a run, or "never".
FAIL_LEVELS: tuple[str, ...] = (*SEVERITIES, "never")
_SEVERITY_RANK: dict[str, int] = {"info": 0, "warning": 1, "error": 2}


def severity_fails(severity: str, fail_on: str) -> bool:
    """Whether a flag of `severity` fails a run gated at `fail_on` (a severity, or "never")."""
    return fail_on != "never" and _SEVERITY_RANK[severity] >= _SEVERITY_RANK[fail_on]


@dataclass(frozen=True, slots=True)
class SourceLine:
    """One line of text as the checker reads it, and where it came from."""

    number: int
    text: str


@dataclass(frozen=True, slots=True)
class Passage:
    """A run of text (a section or a rationale) joined into one string.

    `starts[i]` is the offset in `text` where original line `numbers[i]` begins, so any
    character offset maps back to an original line.
    """

    text: str
    starts: tuple[int, ...] = ()
    numbers: tuple[int, ...] = ()

    def line_at(self, offset: int) -> int:
        """The original line number holding the character at `offset`."""
        from bisect import bisect_right

        if not self.numbers:
            return 0
        index = bisect_right(self.starts, offset) - 1
        return self.numbers[max(index, 0)]

    @property
    def first_line(self) -> int:
        return self.numbers[0] if self.numbers else 0


@dataclass(frozen=True, slots=True)
class Strength:
    """A dose strength such as `10/325mg` (values 10 and 325, unit `mg`)."""

    text: str
    values: tuple[float, ...]
    unit: str


@dataclass(frozen=True, slots=True)
class Treatment:
    """A disputed treatment as a header, a conclusion or a case summary names it."""

    text: str
    name: str
    strength: Strength | None = None
    form: str | None = None
    quantity: float | None = None
    extra: str = ""


@dataclass(frozen=True, slots=True)
class PageRange:
    first: int
    last: int

    def __str__(self) -> str:
        return str(self.first) if self.first == self.last else f"{self.first}-{self.last}"


@dataclass(frozen=True, slots=True)
class CitationSource:
    """One `Decision based on ...` clause: a guideline and what of it is cited."""

    source: Literal["MTUS", "ODG", "ACOEM", "other"]
    title: str  # the document as cited, without its year: "Low Back Complaints"
    sections: tuple[str, ...] = ()
    pages: tuple[PageRange, ...] = ()
    year: str | None = None  # the year the citation gives the document: "2004"


@dataclass(frozen=True, slots=True)
class Citation:
    """A guideline line of an item: the claims administrator's or the IMR reviewer's."""

    role: Literal["claims_administrator", "reviewer"]
    text: str
    line: int
    sources: tuple[CitationSource, ...] = ()
    no_evidence: bool = False  # "... did not cite any medical evidence for its decision."
    outside_mtus: bool = False  # "... based their decision on recommendation(s) outside of the MTUS"

    @property
    def sections(self) -> tuple[str, ...]:
        return tuple(s for src in self.sources for s in src.sections)

    @property
    def pages(self) -> tuple[PageRange, ...]:
        return tuple(p for src in self.sources for p in src.pages)


@dataclass(frozen=True, slots=True)
class Conclusion:
    """The sentence in which a rationale states its verdict."""

    verdict: Verdict
    text: str
    line: int
    treatment: Treatment | None = None


@dataclass(frozen=True, slots=True)
class URAccount:
    """What the case summary says utilization review did with an item."""

    status: URStatus
    text: str = ""
    line: int = 0
    treatment: Treatment | None = None


@dataclass(frozen=True, slots=True)
class Item:
    """One disputed item and everything the letter says about it."""

    index: int
    header: str
    line: int
    treatment: Treatment
    decision: Decision
    drug: str | None
    drug_class: str
    ur: URAccount
    citations: tuple[Citation, ...]
    rationale: Passage
    conclusion: Conclusion | None
    # The page the header is on, when the letter has pages (a PDF, or text with form feeds).
    page: int | None = None
    # A partial authorisation: the original request and the portion the claims administrator
    # authorised; `treatment` is the remaining, disputed portion.
    original_request: Treatment | None = None
    authorized: Treatment | None = None
    kind: str = "other"  # one of KINDS
    regions: tuple[str, ...] = ()  # body regions the header names (what rules read)
    # When the header names none: the regions the rationale's conclusion names (shown, not judged).
    context_regions: tuple[str, ...] = ()

    @property
    def ur_status(self) -> URStatus:
        return self.ur.status


@dataclass(frozen=True, slots=True)
class Letter:
    """A parsed letter: its layout, its sections as passages, and its disputed items."""

    layout: str  # standard | format2 | format3 (the JSON report's `format`)
    sections: dict[str, Passage]
    items: tuple[Item, ...]
    reviewer_specialty: str | None = None


@dataclass(frozen=True, slots=True)
class Evidence:
    line: int
    text: str
    page: int | None = None
    role: str = ""  # one of EVIDENCE_ROLES once a rule cites it
    about: str = ""  # what it shows, in words: "analgesia", "weeks of use: 6 months, as stated"


@dataclass(frozen=True, slots=True)
class Missing:
    """Something a rule needed that the letter does not document, and how it is missing."""

    what: str  # "adverse effects"
    state: str  # "not mentioned", or who states it is absent: "stated absent by the reviewer", ...
    line: int | None = None  # where the letter states it is absent


@dataclass(frozen=True, slots=True)
class Flag:
    rule: str
    category: str
    severity: Severity
    message: str  # what is inconsistent
    evidence: tuple[Evidence, ...] = ()  # the item's header first, then by line
    waived: str | None = None  # the waiver's reason when a waiver silences this flag
    criterion: str = ""  # what the guideline requires, with its section and pages
    check: str = ""  # what to check, and the correction that would make the item consistent
    missing: tuple[Missing, ...] = ()


@dataclass(frozen=True, slots=True)
class Problem:
    """Why a letter could not be read or parsed, or a warning about how it was read."""

    message: str
    line: int | None = None
    kind: str = "error"


@dataclass(frozen=True, slots=True)
class GuidelineChoice:
    """The rulebook that judged an item (the JSON report's `guideline`) and how it was chosen."""

    id: str
    title: str
    reason: str = ""


@dataclass(frozen=True, slots=True)
class ItemResult:
    item: Item
    flags: tuple[Flag, ...] = ()
    guideline: GuidelineChoice | None = None
    notes: tuple[Problem, ...] = ()  # said with the item, never counted: kind "info"


@dataclass(frozen=True, slots=True)
class LetterResult:
    """The outcome of checking one letter: its items and flags, or why it failed."""

    path: str
    status: Literal["ok", "error"]
    layout: str | None = None  # the letter's layout, once recognised (the JSON report's `format`)
    items: tuple[ItemResult, ...] = ()
    flags: tuple[Flag, ...] = ()
    errors: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = field(default_factory=tuple)

    @property
    def flag_count(self) -> int:
        return len(self.flags) + sum(len(i.flags) for i in self.items)

    def flagged(self) -> Iterator[tuple[ItemResult | None, Flag]]:
        """Every flag with its item (None for a flag about the whole letter): the letter's own
        flags first, then each item's, in item order."""
        for flag in self.flags:
            yield None, flag
        for item in self.items:
            for flag in item.flags:
                yield item, flag
