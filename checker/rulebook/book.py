"""The rulebooks a run applies: one per guideline, the core rules every item gets, the shared ones.

`load_rulebook(path)` reads the guideline index (rules/guidelines.yaml) and every rulebook it
names, validates every file against its JSON Schema and every rule against the facts and concepts
the engine knows, and compiles conditions and phrase lists once. Errors come back together as
DataErrors naming file, line and field. `Rulebook.apply` picks, for each item, the rulebook of the
guideline its citations name (rulebook/select.py) and runs the core rules, the shared rules and
that rulebook's rules.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from checker.datafiles.yamlio import DataError, DataErrors
from checker.facts.concepts import ConceptModel
from checker.facts.dates import request_date
from checker.facts.item import ItemFacts
from checker.facts.letter import LetterReading
from checker.facts.tables import Tables
from checker.model import SEVERITIES, Flag, GuidelineChoice, Item, Letter, Problem
from checker.parse.guideindex import GuideSet
from checker.parse.vocabulary import Vocabulary
from checker.rulebook.loader import CompiledBook
from checker.rulebook.rule import Rule
from checker.rulebook.select import Selection, select


@dataclass(frozen=True)
class LoadSpec:
    """Where a rulebook came from and how it was adjusted: enough to load it again in a worker."""

    path: str | None = None  # None: the default rulebook
    extra: tuple[str, ...] = ()
    disabled: tuple[str, ...] = ()
    severities: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Book:
    """One rulebook: a guideline's (or the core or shared rules), with its rules as loaded."""

    id: str
    title: str
    name: str
    version: str
    role: str  # core | shared | guideline | extra
    rules: tuple[Rule, ...]
    concepts: ConceptModel
    derived: dict[str, Any]
    tests: tuple[str, ...] = ()
    example: str = ""
    tables: Tables = field(default_factory=Tables)


@dataclass(frozen=True)
class ItemOutcome:
    """What the rulebooks made of one item: its flags, the rulebook that judged it, notes."""

    flags: tuple[Flag, ...]
    guideline: GuidelineChoice | None = None
    notes: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class Rulebook:
    name: str
    version: str
    vocabulary: Vocabulary
    books: dict[str, Book] = field(default_factory=dict)  # core, shared, guidelines, extra
    guides: GuideSet | None = None
    single: str | None = None
    aliases: dict[str, str] = field(default_factory=dict)  # old rule id -> namespaced id
    spec: LoadSpec | None = None
    sources: tuple[str, ...] = ()  # every file the rulebooks were read from
    docs: str | None = None  # where the rules are documented (a URL); a rule's page is #its-id
    _index: dict[tuple[str, str, str, str], tuple[Rule, ...]] = field(default_factory=dict, repr=False, compare=False)
    _ids: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    @property
    def rules(self) -> tuple[Rule, ...]:
        """Every rule of every rulebook, core first."""
        return tuple(rule for book in self.books.values() for rule in book.rules)

    @property
    def tests(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(t for book in self.books.values() for t in book.tests))

    @property
    def concepts(self) -> ConceptModel | None:
        core = self._core()
        return core.concepts if core else None

    def _core(self) -> Book | None:
        return next((b for b in self.books.values() if b.role == "core"), None)

    def apply(self, letter: Letter) -> list[ItemOutcome]:
        """What the rulebooks make of each item of `letter`, in item order."""
        if not self.books or self.guides is None:
            return [ItemOutcome(()) for _ in letter.items]
        dated = cache(lambda: request_date(letter))
        readings: dict[int, LetterReading] = {}
        outcomes = []
        for item in letter.items:
            selection = select(item, dated, self.guides, self.single)
            outcomes.append(self._judge(letter, item, selection, readings))
        return outcomes

    def item_facts(self, letter: Letter) -> list[ItemFacts]:
        """What the rules read about each item of `letter`, as the rulebook that judges the item
        reads it (empty without rulebooks)."""
        if not self.books or self.guides is None:
            return []
        dated = cache(lambda: request_date(letter))
        readings: dict[int, LetterReading] = {}
        out = []
        for item in letter.items:
            selection = select(item, dated, self.guides, self.single)
            judge = self.books.get(selection.id) if selection.id else None
            book = judge or self._core()
            if book is None:
                return []
            out.append(self._facts(letter, item, book, judge, readings))
        return out

    def _facts(
        self, letter: Letter, item: Item, book: Book, judge: Book | None, readings: dict[int, LetterReading]
    ) -> ItemFacts:
        """The facts `book`'s rules read on `item`, judged by the guideline of `judge`."""
        assert self.guides is not None
        key = id(book.concepts)
        reading = readings.get(key)
        if reading is None:
            reading = readings[key] = LetterReading(
                letter, book.concepts, self.vocabulary.lexicon, self.vocabulary.ur_actions, self.vocabulary.kinds
            )
        guideline = self.guides.guidelines.get(judge.id) if judge else None
        tables = judge.tables if judge else book.tables
        return ItemFacts(item, reading, guideline, book.derived, self.guides, judge.id if judge else None, tables)

    def _judge(
        self, letter: Letter, item: Item, selection: Selection, readings: dict[int, LetterReading]
    ) -> ItemOutcome:
        judge = self.books.get(selection.id) if selection.id else None
        order = [b for b in self.books.values() if b.role in ("core", "extra")]
        if judge is not None:
            order += [b for b in self.books.values() if b.role == "shared"] + [judge]
        raised: list[tuple[Rule, Flag]] = []
        facts_by_model: dict[int, ItemFacts] = {}
        for book in order:
            rules = self._rules_for(book, item)
            if not rules:
                continue
            key = id(book.concepts)
            facts = facts_by_model.get(key)
            if facts is None:
                facts = facts_by_model[key] = self._facts(letter, item, book, judge, readings)
            for rule in rules:
                flag = rule.check(facts)
                if flag is not None:
                    raised.append((rule, flag))
        flags = _without_redundant(raised) if len(raised) > 1 else [flag for _, flag in raised]
        chosen = judge or self._core()
        choice = None
        if chosen is not None:
            choice = GuidelineChoice(chosen.id, chosen.title, selection.reason)
        notes = (Problem(selection.note, item.line, "info"),) if selection.note else ()
        return ItemOutcome(tuple(flags), choice, notes)

    def _rules_for(self, book: Book, item: Item) -> tuple[Rule, ...]:
        key = (book.id, item.decision, item.drug_class, item.kind)
        found = self._index.get(key)
        if found is None:
            found = self._index[key] = tuple(
                r for r in book.rules if r.enabled and r.applies(item.decision, item.drug_class, item.kind)
            )
        return found

    def rule(self, rule_id: str) -> Rule | None:
        """A rule by its id in any case, by the id it had before ids were namespaced
        (MTUS-OPI-001), or by its id within its rulebook when only one rulebook has it (OPI-003)."""
        wanted = self.resolve(rule_id)
        return next((r for r in self.rules if r.id == wanted), None) if wanted else None

    def resolve(self, rule_id: str) -> str | None:
        """The namespaced id `rule_id` names (see `rule`), or None."""
        if not self._ids:
            self._ids.update(rule_ids(self.rules, self.aliases))
        return self._ids.get(rule_id.upper())

    def canonical(self, rule_id: str) -> str:
        """The namespaced id `rule_id` names (an old id such as MTUS-DEC-001, any case); an
        unknown id unchanged."""
        return self.resolve(rule_id) or rule_id

    def choose(self, letter: Letter) -> list[Selection]:
        """How each item's guideline is chosen (what `imr-check parse` shows)."""
        if self.guides is None:
            return []
        dated = cache(lambda: request_date(letter))
        return [select(item, dated, self.guides, self.single) for item in letter.items]

    def __reduce__(self) -> tuple[Any, ...]:
        # Compiled conditions are closures; a worker process loads the rulebook again from its paths.
        return (_reload, (self.spec,))


_RANK = {severity: rank for rank, severity in enumerate(SEVERITIES)}


def _without_redundant(raised: list[tuple[Rule, Flag]]) -> list[Flag]:
    """One problem, one flag: the flags of an item less those another of its flags makes
    redundant. The more severe flag is weighed first, so of two rules that each make the other
    redundant, it stays."""
    if not any(rule.redundant for rule, _ in raised):
        return [flag for _, flag in raised]
    kept: list[tuple[int, Rule, Flag]] = []
    order = sorted(enumerate(raised), key=lambda entry: _RANK.get(entry[1][1].severity, len(_RANK)))
    for index, (rule, flag) in order:
        if not any(other.makes_redundant(rule) for _, other, _ in kept):
            kept.append((index, rule, flag))
    return [flag for _, _, flag in sorted(kept, key=lambda entry: entry[0])]


def _reload(spec: LoadSpec | None) -> Rulebook:
    if spec is None:
        return parse_only_rulebook()
    return load_rulebook(spec.path, extra=spec.extra, disabled=spec.disabled, severities=dict(spec.severities))


@cache
def parse_only_rulebook() -> Rulebook:
    """The shipped vocabulary and guideline index with no rules: what `imr-check parse` and the
    parser tests use."""
    full = default_rulebook()
    return Rulebook("imr-check parser", "0", full.vocabulary, {}, full.guides, aliases=full.aliases)


@cache
def default_rulebook() -> Rulebook:
    """The shipped rulebooks (rules/guidelines.yaml)."""
    return load_rulebook(None)


def rule_ids(rules: Sequence[Rule], aliases: Mapping[str, str]) -> dict[str, str]:
    """Every name of a rule, upper-cased, to its namespaced id: the id itself, the old id it had
    before ids were namespaced, and its id within its rulebook when no other rulebook has it."""
    local: dict[str, set[str]] = {}
    for rule in rules:
        local.setdefault(rule.local_id.upper(), set()).add(rule.id)
    ids = {name: next(iter(found)) for name, found in local.items() if len(found) == 1}
    ids.update({old.upper(): new for old, new in aliases.items()})
    ids.update({rule.id.upper(): rule.id for rule in rules})
    return ids


def load_rulebook(
    path: str | Path | None = None,
    extra: Sequence[str | Path] = (),
    disabled: Sequence[str] = (),
    severities: dict[str, str] | None = None,
    origins: Mapping[tuple[str, str], tuple[str, int | None]] | None = None,
) -> Rulebook:
    """Load the rulebooks at `path` (a directory with guidelines.yaml, a lone rulebook folder, or
    either file; None: the shipped ones), add the rules in `extra` files, turn off `disabled`
    rule ids and override severities by rule id (in any case; an old id such as MTUS-OPI-001
    names the rule it became). Raises DataError(s) naming file, line and field; an unknown rule
    id in `disabled` or `severities` is a DataError too, located by `origins` (("disable" |
    "severity", id) -> file and line) when given there, else named as the command-line option."""
    from checker.rulebook.loader import compile_library

    library = compile_library(path, extra)
    aliases = {old: new for book in library.books.values() for old, new in book.aliases.items()}
    ids = rule_ids([rule for book in library.books.values() for rule in book.rules], aliases)
    severities = severities or {}
    where = origins or {}

    def problem(kind: str, rule_id: str, message: str) -> DataError:
        if (kind, rule_id) in where:
            source, line = where[(kind, rule_id)]
            return DataError(source, message, line, kind)
        return DataError(f"--{kind}", message)

    problems = [
        problem(kind, rule_id, f"no rule with id {rule_id!r}")
        for kind, named in (("disable", list(disabled)), ("severity", list(severities)))
        for rule_id in named
        if rule_id.upper() not in ids
    ]
    problems += [
        problem("severity", rule_id, f"{rule_id}: {level!r} is not one of: {', '.join(SEVERITIES)}")
        for rule_id, level in severities.items()
        if level not in SEVERITIES
    ]
    if problems:
        raise DataErrors(problems)
    off = {ids[r.upper()] for r in disabled}
    levels = {ids[r.upper()]: level for r, level in severities.items()}
    spec = LoadSpec(
        None if path is None else str(path),
        tuple(str(p) for p in extra),
        tuple(disabled),
        tuple(sorted(severities.items())),
    )
    return Rulebook(
        name=library.name,
        version=library.version,
        vocabulary=library.vocabulary,
        books={book_id: _book(compiled, off, levels) for book_id, compiled in library.books.items()},
        guides=library.guides,
        single=library.single,
        aliases=aliases,
        spec=spec,
        sources=library.sources,
        docs=library.docs,
    )


def _book(compiled: CompiledBook, off: set[str], levels: dict[str, str]) -> Book:
    rules = tuple(
        rule.with_severity(levels[rule.id]) if rule.id in levels else rule
        for rule in compiled.rules
        if rule.id not in off
    )
    return Book(
        id=compiled.id,
        title=compiled.title,
        name=compiled.name,
        version=compiled.version,
        role=compiled.role,
        rules=rules,
        concepts=compiled.concepts,
        derived=compiled.derived,
        tests=compiled.tests,
        example=compiled.example,
        tables=compiled.tables,
    )
