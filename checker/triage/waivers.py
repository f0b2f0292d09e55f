"""Waivers: flags a QA lead has accepted, each with a reason and an optional expiry date.

A waived flag stays in every report, marked with the waiver's reason, and no longer counts
towards the summary or the exit status. After its expiry date a waiver stops waiving and the
letter gets a warning saying so.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
from dataclasses import dataclass, field, replace
from pathlib import Path

from checker.datafiles.resources import schema_path
from checker.datafiles.yamlio import DataError, DataErrors, load_yaml, schema_errors
from checker.model import Flag, ItemResult, LetterResult, Problem
from checker.triage.baseline import letter_key, normalise

SCHEMA = "waivers.schema.json"


@dataclass(frozen=True)
class Waiver:
    letter: str
    rule: str
    reason: str
    item: str | None = None
    expires: dt.date | None = None
    source: str = ""  # file:line of the waiver, for messages

    def matches(self, path: str, treatment: str | None, flag: Flag) -> bool:
        if flag.rule != self.rule:
            return False
        key = letter_key(path)
        if not (self.letter in (key, path) or fnmatch.fnmatchcase(key, self.letter)):
            return False
        if self.item is None:
            return True
        return treatment is not None and fnmatch.fnmatchcase(normalise(treatment), normalise(self.item))

    def expired(self, today: dt.date) -> bool:
        return self.expires is not None and today > self.expires


@dataclass
class Waivers:
    path: str
    waivers: tuple[Waiver, ...]
    today: dt.date
    expired_hits: dict[str, Waiver] = field(default_factory=dict)  # expired waivers that met a flag
    used: set[str] = field(default_factory=set)  # sources of the waivers that waived a flag

    def unused(self) -> list[Waiver]:
        """Current waivers that waived nothing in this run: fixed letters, or a typo in the waiver."""
        return [w for w in self.waivers if w.source not in self.used and not w.expired(self.today)]

    def apply(self, result: LetterResult) -> LetterResult:
        """`result` with waived flags marked; a warning for each expired waiver that matched."""
        notes: list[Problem] = []

        def mark(treatment: str | None, flags: tuple[Flag, ...]) -> tuple[Flag, ...]:
            out = []
            for flag in flags:
                matching = [w for w in self.waivers if w.matches(result.path, treatment, flag)]
                current = next((w for w in matching if not w.expired(self.today)), None)
                if current is not None:
                    self.used.add(current.source)
                    out.append(replace(flag, waived=current.reason))
                    continue
                for waiver in matching:  # all expired
                    notes.append(Problem(expired_note(waiver, flag.rule), _first_line(flag), "warning"))
                    self.expired_hits[waiver.source] = waiver
                out.append(flag)
            return tuple(out)

        if not self.waivers or result.status != "ok":
            return result
        letter_flags = mark(None, result.flags)
        items = tuple(ItemResult(i.item, mark(i.item.treatment.text, i.flags)) for i in result.items)
        return replace(result, flags=letter_flags, items=items, warnings=(*result.warnings, *notes))


def _first_line(flag: Flag) -> int | None:
    return flag.evidence[0].line if flag.evidence else None


def expired_note(waiver: Waiver, rule: str) -> str:
    return (
        f"waiver {waiver.source} for {rule} expired on {waiver.expires}; "
        f"the flag counts again (reason was: {waiver.reason})"
    )


def load_waivers(path: str | Path, today: dt.date | None = None) -> Waivers:
    """Read and validate a waivers file; DataErrors naming file, line and field when it is bad."""
    document = load_yaml(path)
    data = document.data if document.data is not None else {"waivers": []}
    # YAML reads an unquoted 2026-03-31 as a date; the schema checks the written form.
    for entry in data.get("waivers", []) if isinstance(data, dict) else []:
        if isinstance(entry, dict) and isinstance(entry.get("expires"), dt.date):
            entry["expires"] = entry["expires"].isoformat()
    document.data = data
    errors = schema_errors(document, schema_path(SCHEMA))
    waivers = []
    for index, entry in enumerate(data.get("waivers", []) if not errors else []):
        line = document.line_of(("waivers", index))
        expires = None
        if "expires" in entry:
            try:
                expires = dt.date.fromisoformat(entry["expires"])
            except ValueError:
                where = document.line_of(("waivers", index, "expires"))
                errors.append(DataError(str(path), "not a real date", where, f"waivers[{index}].expires"))
                continue
        waivers.append(
            Waiver(
                letter=entry["letter"],
                rule=entry["rule"],
                reason=entry["reason"].strip(),
                item=entry.get("item"),
                expires=expires,
                source=f"{path}:{line}",
            )
        )
    if errors:
        raise DataErrors(errors)
    return Waivers(str(path), tuple(waivers), today or dt.date.today())
