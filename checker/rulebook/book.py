"""A rulebook: its name and version, the vocabulary the parser uses, and the rules it applies.

`load_rulebook(path)` reads a rulebook directory (rulebook.yaml, sections, concepts, one file per
rule family), validates every file against its JSON Schema and every rule against the facts and
concepts the engine knows, and compiles conditions and phrase lists once. Errors come back
together as DataErrors naming file, line and field.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from checker.datafiles.yamlio import DataError, DataErrors
from checker.facts.concepts import ConceptModel
from checker.facts.item import ItemFacts
from checker.facts.letter import LetterReading
from checker.model import SEVERITIES, Flag, Letter
from checker.parse.guideline import Guideline
from checker.parse.vocabulary import Vocabulary, default_vocabulary
from checker.rulebook.conditions import Condition
from checker.rulebook.rule import Rule


@dataclass(frozen=True)
class LoadSpec:
    """Where a rulebook came from and how it was adjusted: enough to load it again in a worker."""

    path: str | None = None  # None: the default rulebook
    extra: tuple[str, ...] = ()
    disabled: tuple[str, ...] = ()
    severities: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Rulebook:
    name: str
    version: str
    vocabulary: Vocabulary
    rules: tuple[Rule, ...] = field(default=())
    guideline: Guideline | None = None
    concepts: ConceptModel | None = None
    derived: dict[str, Condition] = field(default_factory=dict)  # concepts documented by a fact condition
    tests: tuple[str, ...] = ()  # directories of rule test files
    spec: LoadSpec | None = None
    sources: tuple[str, ...] = ()  # every file the rulebook was read from
    docs: str | None = None  # where the rules are documented (a URL); a rule's page is #its-id
    _index: dict[tuple[str, str], tuple[Rule, ...]] = field(default_factory=dict, repr=False, compare=False)

    def apply(self, letter: Letter) -> tuple[list[tuple[Flag, ...]], tuple[Flag, ...]]:
        """Flags for each item of `letter`, in item order, and flags about the letter as a whole."""
        if not self.rules or self.guideline is None or self.concepts is None:
            return [() for _ in letter.items], ()
        per_item = []
        for facts in self.item_facts(letter):
            item = facts.item
            flags = []
            for rule in self._rules_for(item.decision, item.drug_class):
                flag = rule.check(facts)
                if flag is not None:
                    flags.append(flag)
            per_item.append(tuple(flags))
        return per_item, ()

    def item_facts(self, letter: Letter) -> list[ItemFacts]:
        """What the rules read about each item of `letter` (empty for a rulebook without concepts)."""
        if self.guideline is None or self.concepts is None:
            return []
        reading = LetterReading(letter, self.concepts, self.vocabulary.lexicon, self.vocabulary.ur_actions)
        return [ItemFacts(item, reading, self.guideline, self.derived) for item in letter.items]

    def _rules_for(self, decision: str, drug_class: str) -> tuple[Rule, ...]:
        key = (decision, drug_class)
        found = self._index.get(key)
        if found is None:
            found = self._index[key] = tuple(r for r in self.rules if r.enabled and r.applies(decision, drug_class))
        return found

    def rule(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)

    def __reduce__(self) -> tuple[Any, ...]:
        # Compiled conditions are closures; a worker process loads the rulebook again from its paths.
        return (_reload, (self.spec,))


def _reload(spec: LoadSpec | None) -> Rulebook:
    if spec is None:
        return parse_only_rulebook()
    return load_rulebook(spec.path, extra=spec.extra, disabled=spec.disabled, severities=dict(spec.severities))


def parse_only_rulebook() -> Rulebook:
    """The default vocabulary with no rules: what `imr-check parse` and the parser tests use."""
    return Rulebook("imr-check parser", "0", default_vocabulary())


@cache
def default_rulebook() -> Rulebook:
    """The shipped MTUS 2009 rulebook (rules/mtus-2009)."""
    return load_rulebook(None)


def load_rulebook(
    path: str | Path | None = None,
    extra: Sequence[str | Path] = (),
    disabled: Sequence[str] = (),
    severities: dict[str, str] | None = None,
    origins: Mapping[tuple[str, str], tuple[str, int | None]] | None = None,
) -> Rulebook:
    """Load the rulebook at `path` (a directory or its rulebook.yaml; None: the shipped one), add the
    rules in `extra` files, turn off `disabled` rule ids and override severities by rule id (ids in
    any case). Raises DataError(s) naming file, line and field; an unknown rule id in `disabled` or
    `severities` is a DataError too, located by `origins` (("disable" | "severity", id) -> file and
    line) when given there, else named as the command-line option."""
    from checker.rulebook.loader import compile_directory

    book = compile_directory(path, extra)
    by_upper = {rule.id.upper(): rule.id for rule in book.rules}
    origins = origins or {}

    def problem(kind: str, rule_id: str, message: str) -> DataError:
        if (kind, rule_id) in origins:
            source, line = origins[(kind, rule_id)]
            return DataError(source, message, line, kind)
        return DataError(f"--{kind}", message)

    problems = [
        problem(kind, rule_id, f"no rule with id {rule_id!r}")
        for kind, ids in (("disable", disabled), ("severity", list(severities or {})))
        for rule_id in ids
        if rule_id.upper() not in by_upper
    ]
    problems += [
        problem("severity", rule_id, f"{rule_id}: {level!r} is not one of: {', '.join(SEVERITIES)}")
        for rule_id, level in (severities or {}).items()
        if level not in SEVERITIES
    ]
    if problems:
        raise DataErrors(problems)
    disabled = [by_upper[rule_id.upper()] for rule_id in disabled]
    severities = {by_upper[rule_id.upper()]: level for rule_id, level in (severities or {}).items()}
    rules = []
    for rule in book.rules:
        if rule.id in disabled:
            continue
        rules.append(rule.with_severity(severities[rule.id]) if rule.id in severities else rule)
    spec = LoadSpec(
        None if path is None else str(path),
        tuple(str(p) for p in extra),
        tuple(disabled),
        tuple(sorted(severities.items())),
    )
    return Rulebook(
        name=book.name,
        version=book.version,
        vocabulary=book.vocabulary,
        rules=tuple(rules),
        guideline=book.guideline,
        concepts=book.concepts,
        derived=book.derived,
        tests=book.tests,
        spec=spec,
        sources=book.sources,
        docs=book.docs,
    )
