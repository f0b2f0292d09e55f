"""Read a rulebook directory: validate each file, check every rule's names, compile once.

Every problem found is collected, so a policy editor sees all of them in one run, each as
`file:line: field: message`. Nothing in a rulebook is executed: YAML is read with the safe loader
(tags that build objects are refused), conditions are parsed by the engine's own grammar, and
regular expressions are vetted before they are compiled.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from checker.datafiles.resources import rules_path
from checker.datafiles.yamlio import DataError, DataErrors, YamlDocument, field_name, load_yaml, validated
from checker.facts.concepts import ConceptModel, build_concepts
from checker.facts.item import FACTS
from checker.parse.guideline import Guideline, build_guideline
from checker.parse.vocabulary import SECTIONS_SCHEMA, Vocabulary, load_vocabulary
from checker.rulebook.conditions import FUNCTIONS, Condition, ConditionError, Names, compile_condition
from checker.rulebook.rule import Rule, compile_template

_RULE_FIELD = re.compile(r"^rules\[(\d+)\]")
RULEBOOK_FILE = "rulebook.yaml"
RULEBOOK_SCHEMA = "rulebook.schema.json"
RULES_SCHEMA = "rules.schema.json"
CONCEPTS_SCHEMA = "concepts.schema.json"
DEFAULT_RULEBOOK = ("mtus-2009",)
# A rule citing this "section" cites, in each flag, the main section of the item's drug class.
ITEM_DRUG_CLASS = "item-drug-class"


@dataclass
class CompiledBook:
    name: str
    version: str
    vocabulary: Vocabulary
    guideline: Guideline
    concepts: ConceptModel
    derived: dict[str, Condition]
    rules: list[Rule] = field(default_factory=list)
    tests: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    docs: str | None = None  # where the rules are documented (a URL); a rule's page is #its-id


def rulebook_file(path: str | Path | None) -> Path:
    """The rulebook.yaml of `path` (a directory or the file itself; None: the shipped rulebook)."""
    if path is None:
        return rules_path(*DEFAULT_RULEBOOK, RULEBOOK_FILE)
    candidate = Path(path)
    if candidate.is_dir():
        return candidate / RULEBOOK_FILE
    return candidate


def _schema(name: str) -> Path:
    return rules_path("schema", name)


def _validated(path: Path, schema: str, errors: list[DataError]) -> YamlDocument | None:
    """Load and schema-check one file (from the validated-data cache when unchanged), adding its
    problems to `errors`; None if unusable."""
    try:
        return validated(path, _schema(schema))
    except DataError as error:
        errors.append(error)
    except DataErrors as many:
        errors.extend(many.errors)
    return None


def compile_directory(path: str | Path | None, extra: Sequence[str | Path] = ()) -> CompiledBook:
    head_path = rulebook_file(path)
    if not head_path.exists():
        raise DataError(str(head_path), "no such rulebook (a directory with rulebook.yaml, or that file)")
    errors: list[DataError] = []
    head = _validated(head_path, RULEBOOK_SCHEMA, errors)
    if head is None:
        raise DataErrors(errors)
    base = head_path.parent
    data = head.data

    def relative(key: str, default: Path) -> Path:
        return base / data[key] if key in data else default

    sections_doc = _validated(base / data["sections"], SECTIONS_SCHEMA, errors)
    concepts_doc = _validated(base / data["concepts"], CONCEPTS_SCHEMA, errors)
    if sections_doc is None or concepts_doc is None:
        raise DataErrors(errors)
    try:
        guideline = build_guideline(sections_doc)
        concepts = build_concepts(concepts_doc)
    except DataError as error:
        raise DataErrors([*errors, error]) from None
    lexicon, language = relative("lexicon", rules_path("drugs.yaml")), relative("language", rules_path("language.yaml"))
    try:
        vocabulary = load_vocabulary(lexicon, language, guideline.by_name.keys())
    except (DataError, DataErrors) as error:
        raise error if isinstance(error, DataErrors) else DataErrors([error]) from None
    _check_concept_names(concepts_doc, concepts, errors)
    fact_names = Names(facts=FACTS, concepts=(), groups={})
    names = Names(facts=FACTS, concepts=concepts.concepts, groups=concepts.groups)
    derived = _derived_concepts(concepts_doc, concepts, fact_names, errors)
    rule_files = [base / name for name in data["rules"]] + [Path(p) for p in extra]
    rules = _compile_rules(rule_files, names, guideline, errors)
    if errors:
        raise DataErrors(errors)
    tests_dir = base / data.get("tests", "tests")
    sources = (
        str(head_path),
        str(lexicon),
        str(language),
        sections_doc.path,
        concepts_doc.path,
        *(str(p) for p in rule_files),
    )
    return CompiledBook(
        name=data["name"],
        version=data["version"],
        vocabulary=vocabulary,
        guideline=guideline,
        concepts=concepts,
        derived=derived,
        rules=rules,
        tests=(str(tests_dir),) if tests_dir.is_dir() else (),
        sources=sources,
        docs=data.get("docs"),
    )


def _check_concept_names(document: YamlDocument, concepts: ConceptModel, errors: list[DataError]) -> None:
    """A concept or group named like a fact or a function would be shadowed without a word."""
    for name in [*concepts.concepts, *concepts.groups]:
        if name in FACTS or name in FUNCTIONS:
            where = ("concepts", name) if name in concepts.concepts else ("groups", name)
            kind = "fact" if name in FACTS else "function"
            message = f"{name!r} is the name of a {kind}; give the concept another name"
            errors.append(DataError(document.path, message, document.line_of(where), field_name(where)))


def _compile_rules(rule_files: list[Path], names: Names, guideline: Guideline, errors: list[DataError]) -> list[Rule]:
    """Every rule of every file, compiled; problems (including duplicate ids) go to `errors`."""
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for rule_file in rule_files:
        document, broken = _rule_file(rule_file, errors)
        if document is None:
            continue
        for index, entry in enumerate(document.data["rules"]):
            if index in broken:
                continue  # its schema errors are reported; check the other rules all the same
            rule = _compile_rule(document, index, entry, names, guideline, errors)
            if rule is None:
                continue
            if rule.id in seen:
                message = f"duplicate rule id {rule.id!r} (first at {seen[rule.id]})"
                line = document.line_of(("rules", index, "id"))
                errors.append(DataError(document.path, message, line, f"rules[{index}].id"))
                continue
            seen[rule.id] = rule.origin
            rules.append(rule)
    return rules


def _rule_file(path: Path, errors: list[DataError]) -> tuple[YamlDocument | None, set[int]]:
    """A rule file and the indexes of its rules that break the schema; None if the file is unusable."""
    try:
        return validated(path, _schema(RULES_SCHEMA)), set()
    except DataError as error:
        errors.append(error)
        return None, set()
    except DataErrors as many:
        found = many.errors
    errors.extend(found)
    broken = set()
    for problem in found:
        match = _RULE_FIELD.match(problem.field)
        if match is None:
            return None, set()
        broken.add(int(match.group(1)))
    # The other rules are still checked, so every problem shows in one run.
    return load_yaml(path), broken


def _derived_concepts(
    document: YamlDocument, concepts: ConceptModel, names: Names, errors: list[DataError]
) -> dict[str, Condition]:
    derived: dict[str, Condition] = {}
    for name, concept in concepts.concepts.items():
        if concept.documented_when is None:
            continue
        where = ("concepts", name, "documented_when")
        try:
            derived[name] = compile_condition(concept.documented_when, names)
        except ConditionError as error:
            errors.append(
                DataError(
                    document.path, f"{error} (only facts may be named here)", document.line_of(where), field_name(where)
                )
            )
    return derived


def _compile_rule(
    document: YamlDocument,
    index: int,
    entry: dict[str, object],
    names: Names,
    guideline: Guideline,
    errors: list[DataError],
) -> Rule | None:
    def fail(key: tuple[str | int, ...], message: str) -> None:
        where = ("rules", index, *key)
        errors.append(DataError(document.path, message, document.line_of(where), field_name(where)))

    count = len(errors)
    cited = entry["guideline"]
    assert isinstance(cited, dict)
    by_class = cited["section"] == ITEM_DRUG_CLASS
    section = guideline.sections.get(str(cited["section"]))
    topic = cited.get("topic")
    if by_class:
        if topic is not None:
            fail(("guideline", "topic"), f"a rule citing {ITEM_DRUG_CLASS} cannot name a topic")
    elif section is None:
        known = ", ".join([ITEM_DRUG_CLASS, *sorted(guideline.sections)])
        fail(("guideline", "section"), f"unknown section {cited['section']!r} (sections.yaml has: {known})")
    elif topic is not None and section.topic(str(topic)) is None:
        known = ", ".join(t.name for t in section.topics) or "none"
        fail(("guideline", "topic"), f"section {section.id!r} has no topic {topic!r} (its topics: {known})")
    when = message = None
    try:
        when = compile_condition(str(entry["when"]), names)
    except ConditionError as error:
        fail(("when",), str(error))
    try:
        message = compile_template(str(entry["message"]), names)
    except ConditionError as error:
        fail(("message",), str(error))
    evidence_names = entry.get("evidence")
    if isinstance(evidence_names, list):
        for number, name in enumerate(evidence_names):
            if name not in FACTS and name not in names.concepts:
                fail(("evidence", number), f"unknown fact or concept {name!r}")
    if len(errors) > count or when is None or message is None or (section is None and not by_class):
        return None
    evidence = tuple(evidence_names) if isinstance(evidence_names, list) else ("header", *when.names)
    applies = entry.get("applies_to") or {}
    assert isinstance(applies, dict)
    return Rule(
        id=str(entry["id"]),
        title=str(entry["title"]),
        category=str(entry["category"]),
        severity=str(entry["severity"]),
        drug_classes=frozenset(applies.get("drug_classes", ())),
        decisions=frozenset(applies.get("decisions", ())),
        when=when,
        message=message,
        evidence=evidence,
        section=ITEM_DRUG_CLASS if section is None else section.id,
        topic=None if topic is None else str(topic),
        reference="" if section is None else guideline.reference(section.id, None if topic is None else str(topic)),
        class_references=guideline.class_references() if section is None else {},
        fallback_reference=f"{guideline.source} {guideline.version}",
        description=str(entry.get("description", "")),
        example=str(entry.get("example", "")),
        origin=f"{document.path}:{document.line_of(('rules', index))}",
        enabled=bool(entry.get("enabled", True)),
    )
