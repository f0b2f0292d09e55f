"""Partial authorisations: an item header that names the original request, the portion the claims
administrator authorised, and the remaining portion that is disputed.

    Norco 10/325mg #60 was the original request. Norco 10/325mg #25 was authorized by the Claims
    Administrator. The remaining IMR eligible portion of the original request, Norco 10/325mg #35

    Purchase of a bath/shower chair was the original request. The Claims Administrator authorized
    a bath/shower chair for 1 month, leaving the original request IMR eligible. The original
    request, purchase of a bath/shower chair

The disputed treatment is the last part (what follows the last "original request,"); the
header's other sentences give the original request and the authorised portion.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ORIGINAL = re.compile(r"(?is)^(?P<original>.+?)\s+was\s+the\s+original\s+request\s*\.\s*(?P<rest>.*)$")
# The authorised portion: "<Y> was authorized by the Claims Administrator", or "The Claims
# Administrator authorized <Y>, leaving ...".
_AUTHORIZED_BY = re.compile(
    r"(?is)^(?P<portion>.+?)\s+was\s+(?:partially\s+)?(?:authorized|certified|approved)\s+by\s+the\s+claims\s+administrator"
)
_ADMINISTRATOR_AUTHORIZED = re.compile(
    r"(?is)^the\s+claims\s+administrator\s+(?:partially\s+)?(?:authorized|certified|approved)\s+(?P<portion>.+?)"
    r"(?:,\s*leaving\b|\.\s|$)"
)
# The disputed portion follows the last mention of the original request.
_DISPUTED = re.compile(r"(?is).*\boriginal\s+request\s*(?:,|\bis\b(?:\s+for\b)?)\s*(?P<disputed>.+)$")
_TRAILING_IS = re.compile(r"(?i)\s+is\s*$")


@dataclass(frozen=True, slots=True)
class HeaderParts:
    """What an item header's treatment text names: the disputed treatment and, for a partial
    authorisation, the original request and the authorised portion."""

    disputed: str
    original: str | None = None
    authorized: str | None = None
    authorized_sentence: str | None = None  # where the header says what was authorised


def header_parts(treatment_text: str) -> HeaderParts:
    """Split the treatment text of a header (before `: Upheld`) into its parts."""
    text = _TRAILING_IS.sub("", " ".join(treatment_text.split()))
    original = _ORIGINAL.match(text)
    disputed = _DISPUTED.match(text) if original else None
    if original is None or disputed is None:
        return HeaderParts(text)
    rest = original.group("rest")
    authorized = _AUTHORIZED_BY.match(rest) or _ADMINISTRATOR_AUTHORIZED.match(rest)
    portion = authorized.group("portion").strip() if authorized else None
    sentence = rest[: authorized.end()].strip() if authorized else None
    return HeaderParts(
        disputed=disputed.group("disputed").strip(" ,"),
        original=original.group("original").strip(),
        authorized=portion,
        authorized_sentence=sentence,
    )
