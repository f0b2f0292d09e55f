"""Waivers: flags a QA lead has accepted, each with a reason and an optional expiry date.

A waived flag stays in every report, marked with the waiver's reason, and no longer counts
towards the summary or the exit status. After its expiry date a waiver stops waiving and the
letter gets a warning saying so.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from checker.datafiles.resources import schema_path
from checker.datafiles.yamlio import DataError, DataErrors, load_yaml, schema_errors
from checker.model import Flag, LetterResult, Problem
from checker.triage.baseline import letter_key

SCHEMA = "waivers.schema.json"
_SPACE = re.compile(r"\s+")


def compact(treatment: str) -> str:
    """A treatment as waivers compare it: case and all spacing ignored (`Norco 325 mg` is `norco 325mg`)."""
    return _SPACE.sub("", treatment).casefold()


def _slashes(path: str) -> str:
    path = path.replace(os.sep, "/")
    while path.startswith("./"):
        path = path[2:]
    return path


@dataclass(frozen=True)
class Waiver:
    letter: str
    rule: str
    reason: str
    item: str | None = None
    expires: dt.date | None = None
    source: str = ""  # file:line of the waiver, for messages
    base: str = "."  # the waivers file's folder: letter paths may be relative to it
    written: str = ""  # the rule id as the file writes it, when it is an old id of `rule`

    def covers(self, path: str) -> bool:
        """Whether the waiver names this letter: its path as given, relative to the working
        directory or to the waivers file's folder, or absolute; or a glob matching one of those."""
        pattern = _slashes(self.letter)
        if os.path.isabs(self.letter):
            keys = {_slashes(os.path.abspath(path))}
        else:
            keys = {_slashes(path), letter_key(path)}
            if path != "-":
                keys.add(_slashes(os.path.relpath(os.path.abspath(path), self.base)))
        return any(key == pattern or fnmatch.fnmatchcase(key, pattern) for key in keys)

    def matches(self, path: str, treatment: str | None, flag: Flag) -> bool:
        if flag.rule.upper() != self.rule.upper() or not self.covers(path):
            return False
        if self.item is None:
            return True
        return treatment is not None and fnmatch.fnmatchcase(compact(treatment), compact(self.item))

    def expired(self, today: dt.date) -> bool:
        return self.expires is not None and today > self.expires


@dataclass
class Waivers:
    path: str
    waivers: tuple[Waiver, ...]
    today: dt.date
    expired_hits: dict[str, Waiver] = field(default_factory=dict)  # expired waivers that met a flag
    used: set[str] = field(default_factory=set)  # sources of the waivers that waived a flag
    seen: set[str] = field(default_factory=set)  # sources of the waivers whose letter was checked

    def unused(self) -> list[Waiver]:
        """Current waivers whose letter this run checked but that waived nothing: the flag is gone,
        or the waiver has a typo. Waivers for letters not in the run (a pre-commit run on the
        changed files) are not reported."""
        return [
            w for w in self.waivers if w.source in self.seen and w.source not in self.used and not w.expired(self.today)
        ]

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
        self.seen.update(w.source for w in self.waivers if w.covers(result.path))
        letter_flags = mark(None, result.flags)
        items = tuple(replace(i, flags=mark(i.item.treatment.text, i.flags)) for i in result.items)
        return replace(result, flags=letter_flags, items=items, warnings=(*result.warnings, *notes))


def _first_line(flag: Flag) -> int | None:
    return flag.evidence[0].line if flag.evidence else None


def expired_note(waiver: Waiver, rule: str) -> str:
    return (
        f"waiver {waiver.source} for {rule} expired on {waiver.expires}; "
        f"the flag counts again (reason was: {waiver.reason})"
    )


def load_waivers(path: str | Path, today: dt.date | None = None, aliases: Mapping[str, str] | None = None) -> Waivers:
    """Read and validate a waivers file; DataErrors naming file, line and field when it is bad.

    A rule id from before rule ids were namespaced (MTUS-DEC-001, in any case) waives the rule it
    became (`aliases`: old id -> namespaced id)."""
    renamed = {old.upper(): new for old, new in (aliases or {}).items()}
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
                rule=renamed.get(entry["rule"].upper(), entry["rule"]),
                written=entry["rule"],
                reason=entry["reason"].strip(),
                item=entry.get("item"),
                expires=expires,
                source=f"{path}:{line}",
                base=os.path.dirname(os.path.abspath(path)),
            )
        )
    if errors:
        raise DataErrors(errors)
    return Waivers(str(path), tuple(waivers), today or dt.date.today())
