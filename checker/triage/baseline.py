"""Baselines: record today's flags, then report and gate on new flags only.

A flag's fingerprint is its letter (path relative to the working directory), its item's
treatment, its rule and its evidence text with case and spacing normalised. Line numbers are
left out on purpose, so editing an unrelated paragraph of a letter keeps every fingerprint.
Identical fingerprints are counted, so a second copy of a baselined flag is still new.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from checker.datafiles.files import MAX_BASELINE_BYTES, read_text
from checker.datafiles.yamlio import DataError
from checker.model import Flag, LetterResult

FORMAT_VERSION = 1
DEFAULT_FILE = "imr-check-baseline.json"
_SPACE = re.compile(r"\s+")


def letter_key(path: str) -> str:
    """The letter's path as fingerprints see it: relative to the working directory, with `/`."""
    if path == "-":
        return path
    try:
        relative = os.path.relpath(os.path.abspath(path))
    except ValueError:
        relative = path
    return relative.replace(os.sep, "/")


def normalise(text: str) -> str:
    return _SPACE.sub(" ", text).strip().casefold()


def fingerprint_fields(path: str, treatment: str, flag: Flag) -> dict[str, str]:
    return {
        "letter": letter_key(path),
        "item": normalise(treatment),
        "rule": flag.rule,
        "evidence": " | ".join(normalise(e.text) for e in flag.evidence),
    }


def fingerprint(path: str, treatment: str, flag: Flag) -> str:
    """A stable hex digest of the flag's letter, item, rule and evidence text."""
    return _digest(fingerprint_fields(path, treatment, flag))


def _digest(fields: Mapping[str, str]) -> str:
    joined = "\x1f".join(fields[k] for k in ("letter", "item", "rule", "evidence"))
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:32]


@dataclass
class BaselineWriter:
    """Collects the fingerprints of a run's flags (waived flags are left out)."""

    entries: list[dict[str, str]] = field(default_factory=list)

    def add(self, result: LetterResult) -> None:
        for item, flag in result.flagged():
            treatment = item.item.treatment.text if item else ""
            if flag.waived is None:
                entry = {"fingerprint": fingerprint(result.path, treatment, flag)}
                entry.update(fingerprint_fields(result.path, treatment, flag))
                entry["item"] = treatment
                self.entries.append(entry)

    def document(self, tool_version: str, rulebook: tuple[str, str] | None = None) -> dict[str, Any]:
        entries = sorted(self.entries, key=lambda e: (e["letter"], e["item"], e["rule"], e["fingerprint"]))
        document: dict[str, Any] = {"imr-check-baseline": FORMAT_VERSION, "tool_version": tool_version}
        if rulebook is not None:
            document["rulebook"] = {"name": rulebook[0], "version": rulebook[1]}
        return {**document, "flags": entries}


@dataclass
class Baseline:
    """The fingerprints of a baseline file, each with how many flags it covers."""

    path: str
    counts: Counter[str]
    rulebook: tuple[str, str] | None = None  # the name and version of the rulebook it was recorded with

    def drop_known(self, result: LetterResult) -> tuple[LetterResult, int]:
        """`result` without the flags the baseline holds, and how many were dropped.

        Counts are used up as flags match, so feed each letter once.
        """
        dropped = 0

        def keep(treatment: str, flags: tuple[Flag, ...]) -> tuple[Flag, ...]:
            nonlocal dropped
            kept = []
            for flag in flags:
                key = fingerprint(result.path, treatment, flag)
                if self.counts[key] > 0:
                    self.counts[key] -= 1
                    dropped += 1
                else:
                    kept.append(flag)
            return tuple(kept)

        letter_flags = keep("", result.flags)
        items = tuple(replace(i, flags=keep(i.item.treatment.text, i.flags)) for i in result.items)
        if not dropped:
            return result, 0
        return replace(result, flags=letter_flags, items=items), dropped


def load_baseline(path: str, aliases: Mapping[str, str] | None = None) -> Baseline:
    """Read a baseline file; DataError naming the file when it is missing or malformed.

    An entry recorded under a rule id from before ids were namespaced (MTUS-DEC-001) matches the
    rule it became (`aliases`: old id -> namespaced id): its fingerprint is worked out again from
    the entry's letter, item, rule and evidence."""
    try:
        data = json.loads(read_text(path, MAX_BASELINE_BYTES))
    except OSError as error:
        raise DataError(path, f"cannot read baseline: {error.strerror or error}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        line = getattr(error, "lineno", None)
        raise DataError(path, f"not a baseline file (bad JSON: {error})", line) from None
    except RecursionError:
        raise DataError(path, "not a baseline file (JSON nested too deeply)") from None
    if not isinstance(data, dict) or data.get("imr-check-baseline") != FORMAT_VERSION:
        raise DataError(path, f"not an imr-check baseline (expected 'imr-check-baseline: {FORMAT_VERSION}')")
    flags = data.get("flags")
    if not isinstance(flags, list) or not all(
        isinstance(f, dict) and isinstance(f.get("fingerprint"), str) for f in flags
    ):
        raise DataError(path, "flags: expected a list of entries each with a 'fingerprint'", None, "flags")
    rulebook = data.get("rulebook")
    recorded = None
    if (
        isinstance(rulebook, dict)
        and isinstance(rulebook.get("name"), str)
        and isinstance(rulebook.get("version"), str)
    ):
        recorded = (rulebook["name"], rulebook["version"])
    return Baseline(path, Counter(_renamed(f, aliases or {}) for f in flags), recorded)


def _renamed(entry: dict[str, Any], aliases: Mapping[str, str]) -> str:
    rule = entry.get("rule")
    fields = (entry.get("letter"), entry.get("item"), entry.get("evidence"))
    if not isinstance(rule, str) or rule not in aliases or not all(isinstance(f, str) for f in fields):
        return str(entry["fingerprint"])
    letter, item, evidence = fields
    return _digest(
        {"letter": str(letter), "item": normalise(str(item)), "rule": aliases[rule], "evidence": str(evidence)}
    )
