"""Read the rulebooks: the guideline index, each rulebook folder, every rule; validate, compile once.

`rules/guidelines.yaml` lists the guidelines and the folder of each one's rulebook; the index also
names the core rulebook (every item) and the shared ones (every item whose guideline is known).
A rulebook folder holds rulebook.yaml, its sections, its rule families (its own, or shared
families named by path) and its tests. Every rule id is namespaced by its rulebook
(`mtus-2009/MR-001`); a shared family compiled into two rulebooks makes two rules, each reading
its own rulebook's sections and parameters. Rules added with --extra-rules keep their ids as
written (LOCAL-001).

Every problem found is collected, so a policy editor sees all of them in one run, each as
`file:line: field: message`. Nothing in a rulebook is executed: YAML is read with the safe loader
(tags that build objects are refused), conditions are parsed by the engine's own grammar, and
regular expressions are vetted before they are compiled.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checker.datafiles.resources import rules_path
from checker.datafiles.yamlio import DataError, DataErrors, YamlDocument, field_name, load_yaml, validated
from checker.facts.concepts import ConceptModel, build_concepts
from checker.facts.item import FACTS
from checker.facts.tables import Tables, build_morphine, build_topical
from checker.parse.guideindex import CitedAs, GuidelineIndex, GuideSet, IndexEntry, build_index
from checker.parse.guideline import Guideline, build_guideline
from checker.parse.vocabulary import SECTIONS_SCHEMA, Vocabulary, load_vocabulary
from checker.rulebook.conditions import FUNCTIONS, Condition, ConditionError, Names, compile_condition
from checker.rulebook.rule import DECISION_DEPENDENT, Rule, Template, compile_template

_RULE_FIELD = re.compile(r"^rules\[(\d+)\]")
RULEBOOK_FILE = "rulebook.yaml"
INDEX_FILE = "guidelines.yaml"
INDEX_SCHEMA = "guidelines.schema.json"
RULEBOOK_SCHEMA = "rulebook.schema.json"
RULES_SCHEMA = "rules.schema.json"
CONCEPTS_SCHEMA = "concepts.schema.json"
# A rule citing this "section" cites, in each flag, the main section of the item's drug class in
# whichever guideline judges the item.
ITEM_DRUG_CLASS = "item-drug-class"
# A rule citing this "section" names in its message the sections the letter cites.
CITED_SECTIONS = "cited-sections"
# A rule citing this "section" checks the letter against itself (the header against the
# conclusion, the account of utilization review): its flags cite no guideline section.
LETTER = "letter"
PSEUDO_SECTIONS = (ITEM_DRUG_CLASS, CITED_SECTIONS, LETTER)
EXTRA = "extra"  # the rulebook of rules added with --extra-rules (their ids stay as written)


@dataclass
class CompiledBook:
    """One rulebook folder, compiled."""

    id: str
    name: str
    title: str
    version: str
    role: str  # core | shared | guideline | extra
    guideline: Guideline | None
    concepts: ConceptModel
    derived: dict[str, Condition]
    rules: list[Rule] = field(default_factory=list)
    tables: Tables = field(default_factory=Tables)
    tests: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    aliases: dict[str, str] = field(default_factory=dict)  # old id -> namespaced id
    example: str = ""  # a citation naming this guideline: rule tests' default guideline line
    docs: str | None = None  # where the rules are documented (a URL); a rule's page is #its-id


@dataclass
class CompiledLibrary:
    """Every rulebook the index names, the index itself, and the vocabulary the parser uses."""

    name: str
    version: str
    vocabulary: Vocabulary
    guides: GuideSet
    books: dict[str, CompiledBook]  # core first, then the shared rulebooks, then the guidelines
    single: str | None = None  # a lone rulebook (`--rules FOLDER`) that judges every item
    sources: tuple[str, ...] = ()
    docs: str | None = None  # where the rules are documented (a URL); a rule's page is #its-id


def rulebook_file(path: str | Path | None) -> Path:
    """The file `path` names: a library's guidelines.yaml or a rulebook's rulebook.yaml (a
    directory holding either, or the file itself; None: the shipped library)."""
    if path is None:
        return rules_path(INDEX_FILE)
    candidate = Path(path)
    if candidate.is_dir():
        index = candidate / INDEX_FILE
        return index if index.exists() else candidate / RULEBOOK_FILE
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


def compile_library(path: str | Path | None, extra: Sequence[str | Path] = ()) -> CompiledLibrary:
    """Compile the library at `path` (a directory with guidelines.yaml, or a lone rulebook folder
    with rulebook.yaml, or either file; None: the shipped library). Raises DataErrors."""
    head = rulebook_file(path)
    if not head.exists():
        raise DataError(str(head), "no such rulebook (a directory with guidelines.yaml or rulebook.yaml, or that file)")
    errors: list[DataError] = []
    top = _library_head(head)
    index, single, base = top.index, top.single, top.base
    lexicon, language, kinds = top.lexicon, top.language, top.kinds
    concepts_cache: dict[str, ConceptModel] = {}
    books: dict[str, CompiledBook] = {}
    plan: list[tuple[str, Path, str, str, IndexEntry | None]] = [
        (index.core, base / index.core, "core", index.core, None),
        *((name, base / name, "shared", name, None) for name in index.shared),
    ]
    for listed in index.entries:
        folder = head.parent if single else index.folder(listed)
        plan.append((listed.id, folder, "guideline", listed.title, listed))
    docs = top.docs
    for book_id, folder, role, title, entry in plan:
        try:
            books[book_id] = _compile_book(book_id, folder / RULEBOOK_FILE, role, title, entry, concepts_cache, docs)
        except DataErrors as many:
            errors.extend(many.errors)
        except DataError as error:
            errors.append(error)
    if errors:
        raise DataErrors(list({str(e): e for e in errors}.values()))  # a shared file's problem once
    guides = GuideSet(index, {b.id: b.guideline for b in books.values() if b.guideline is not None})
    if extra:
        books[EXTRA] = _compile_extra(extra, books, concepts_cache)
    names = [name for book in books.values() if book.guideline for name in book.guideline.by_name]
    try:
        vocabulary = load_vocabulary(lexicon, language, names, kinds)
    except DataError as error:
        raise DataErrors([error]) from None
    _check_aliases(books)
    _check_redundant(books)
    sources = (str(head), str(lexicon), str(language), str(kinds), *(s for b in books.values() for s in b.sources))
    return CompiledLibrary(
        name=index.name if single is None else books[single].name,
        version=index.version if single is None else books[single].version,
        vocabulary=vocabulary,
        guides=guides,
        books=books,
        single=single,
        sources=tuple(dict.fromkeys(sources)),
        docs=docs if single is None else books[single].docs,
    )


@dataclass(frozen=True)
class _Head:
    """What the head file of a library says: the index, where the rulebooks and vocabulary are."""

    index: GuidelineIndex
    single: str | None  # a lone rulebook's id
    base: Path  # where the core and shared rulebooks are
    lexicon: Path
    language: Path
    kinds: Path
    docs: str | None = None


def _library_head(head: Path) -> _Head:
    """Read guidelines.yaml, or make an index of one lone rulebook.yaml. Raises DataErrors."""
    errors: list[DataError] = []
    if head.name == INDEX_FILE:
        index_doc = _validated(head, INDEX_SCHEMA, errors)
        if index_doc is None:
            raise DataErrors(errors)
        try:
            index = build_index(index_doc)
        except DataError as error:
            raise DataErrors([error]) from None
        return _Head(
            index,
            None,
            head.parent,
            _index_file(index_doc, "lexicon", "drugs.yaml"),
            _index_file(index_doc, "language", "language.yaml"),
            _index_file(index_doc, "kinds", "kinds.yaml"),
            index_doc.data.get("docs"),
        )
    shipped = build_index(validated(rules_path(INDEX_FILE), _schema(INDEX_SCHEMA)))
    head_doc = _validated(head, RULEBOOK_SCHEMA, errors)
    if head_doc is None:
        raise DataErrors(errors)
    index = _lone_index(shipped, head_doc)
    files = (rules_path("drugs.yaml"), rules_path("language.yaml"), rules_path("kinds.yaml"))
    return _Head(index, index.entries[0].id, rules_path(), *files)


def _index_file(document: YamlDocument, key: str, default: str) -> Path:
    base = Path(document.path).parent
    named = document.data.get(key)
    if isinstance(named, str) and named:
        return base / named
    local = base / default
    return local if local.exists() else rules_path(default)


def _folder_id(folder: Path) -> str:
    name = re.sub(r"[^a-z0-9]+", "-", folder.resolve().name.lower()).strip("-")
    return name or "rulebook"


def _lone_index(shipped: GuidelineIndex, head: YamlDocument) -> GuidelineIndex:
    """An index of one rulebook that judges every item: `--rules FOLDER` with one rulebook.yaml.
    Its id is the rulebook's `id` (else its folder's name), its title the rulebook's `title`
    (else its name)."""
    path = Path(head.path)
    book_id = str(head.data.get("id") or _folder_id(path.parent))
    title = str(head.data.get("title") or head.data["name"])
    any_source = tuple(CitedAs(source) for source in ("MTUS", "ODG", "ACOEM", "other"))
    entry = IndexEntry(book_id, title, str(path.parent), book_id, True, any_source, shipped_example(shipped))
    if book_id in {shipped.core, *shipped.shared}:
        where = "id" if head.data.get("id") else None
        message = f"a rulebook cannot be called {book_id!r}: the core and shared rules use it"
        raise DataError(head.path, message, head.line_of(("id",)) if where else None, where or "")
    return GuidelineIndex(head.path, book_id, "", shipped.core, shipped.shared, book_id, book_id, (entry,))


def _located(base: Path, name: str) -> Path:
    """The file `name` of the rulebook folder `base`. A `../` path missing beside the folder (a
    copy of a shipped rulebook, moved out of rules/) is read from the shipped rules/ folder."""
    path = base / name
    parts = Path(name).parts
    if not path.exists() and parts[:1] == ("..",) and len(parts) > 1 and ".." not in parts[1:]:
        shipped = rules_path(*parts[1:])
        if shipped.exists():
            return shipped
    return path


def shipped_example(index: GuidelineIndex) -> str:
    entry = index.entry(index.default)
    return entry.example if entry else "Decision based on MTUS Chronic Pain Medical Treatment Guidelines 2009."


def _compile_book(
    book_id: str,
    head_path: Path,
    role: str,
    title: str,
    entry: IndexEntry | None,
    concepts_cache: dict[str, ConceptModel],
    docs: str | None = None,
) -> CompiledBook:
    if not head_path.exists():
        raise DataError(str(head_path), f"no rulebook.yaml for {role} rulebook {book_id!r}")
    errors: list[DataError] = []
    head = _validated(head_path, RULEBOOK_SCHEMA, errors)
    if head is None:
        raise DataErrors(errors)
    base = head_path.parent
    data = head.data
    guideline = None
    sections_path = None
    if "sections" in data:
        sections_path = _located(base, data["sections"])
        sections_doc = _validated(sections_path, SECTIONS_SCHEMA, errors)
        if sections_doc is None:
            raise DataErrors(errors)
        try:
            guideline = build_guideline(sections_doc)
        except DataError as error:
            raise DataErrors([*errors, error]) from None
    elif role == "guideline":
        raise DataError(head.path, f"the rulebook of guideline {book_id!r} needs a sections file", field="sections")
    tables = _tables(base, data.get("tables") or {}, errors)
    concepts_path = _located(base, data["concepts"]) if "concepts" in data else rules_path("concepts.yaml")
    concepts, concepts_doc = _concepts(concepts_path, concepts_cache, errors)
    if concepts is None or concepts_doc is None:
        raise DataErrors(errors)
    parameters: dict[str, Any] = dict(data.get("parameters") or {})
    _check_parameters(head, parameters, concepts, errors)
    fact_names = Names(facts=FACTS, concepts=(), groups={})
    names = Names(facts=FACTS, concepts=concepts.concepts, groups=concepts.groups, constants=parameters)
    derived = _derived_concepts(concepts_doc, concepts, fact_names, errors)
    book = CompiledBook(
        id=book_id,
        name=data["name"],
        title=(entry.title if entry else "") or data.get("title") or title or data["name"],
        version=data["version"],
        role=role,
        guideline=guideline,
        concepts=concepts,
        derived=derived,
        example=entry.example if entry else "",
        docs=data.get("docs") or docs,
        tables=tables,
    )
    rule_files = [_located(base, name) for name in data["rules"]]
    book.rules = _compile_rules(rule_files, names, book, errors)
    book.aliases = _aliases(head, book, errors)
    if errors:
        raise DataErrors(errors)
    tests = data.get("tests", "tests")
    test_paths = [_located(base, t) for t in ([tests] if isinstance(tests, str) else tests)]
    book.tests = tuple(os.path.normpath(p) for p in test_paths if p.exists())
    named = (head_path, sections_path, concepts_path, *rule_files)
    book.sources = (*(str(p) for p in named if p is not None), *tables.sources)
    return book


TABLES = {
    "morphine_equivalents": ("morphine-equivalents.schema.json", build_morphine),
    "topical_ingredients": ("topical-ingredients.schema.json", build_topical),
}


def _tables(base: Path, named: dict[str, str], errors: list[DataError]) -> Tables:
    """The data tables a rulebook names, checked against their schemas and built."""
    built: dict[str, Any] = {}
    sources = []
    for key, (schema, build) in TABLES.items():
        if key not in named:
            continue
        path = _located(base, named[key])
        document = _validated(path, schema, errors)
        if document is not None:
            built[key] = build(document.data)
            sources.append(str(path))
    return Tables(built.get("morphine_equivalents"), built.get("topical_ingredients"), tuple(sources))


def _concepts(
    path: Path, cache: dict[str, ConceptModel], errors: list[DataError]
) -> tuple[ConceptModel | None, YamlDocument | None]:
    document = _validated(path, CONCEPTS_SCHEMA, errors)
    if document is None:
        return None, None
    key = str(path.resolve())
    if key not in cache:
        try:
            cache[key] = build_concepts(document)
        except DataError as error:
            errors.append(error)
            return None, None
        _check_concept_names(document, cache[key], errors)
    return cache[key], document


def _check_parameters(
    head: YamlDocument, parameters: dict[str, Any], concepts: ConceptModel, errors: list[DataError]
) -> None:
    for name in parameters:
        if name in FACTS or name in concepts.concepts or name in concepts.groups or name in FUNCTIONS:
            where = ("parameters", name)
            message = f"{name!r} is already the name of a fact, concept or function; give the parameter another name"
            errors.append(DataError(head.path, message, head.line_of(where), field_name(where)))


def _aliases(head: YamlDocument, book: CompiledBook, errors: list[DataError]) -> dict[str, str]:
    out: dict[str, str] = {}
    local = {rule.local_id for rule in book.rules}
    for old, target in (head.data.get("aliases") or {}).items():
        if target not in local:
            where = ("aliases", old)
            message = f"alias {old!r} names {target!r}, which is not a rule of this rulebook"
            errors.append(DataError(head.path, message, head.line_of(where), field_name(where)))
            continue
        out[old] = f"{book.id}/{target}"
    return out


def _check_aliases(books: dict[str, CompiledBook]) -> None:
    seen: dict[str, str] = {}
    problems = []
    ids = {rule.id for book in books.values() for rule in book.rules}
    for book in books.values():
        for old, target in book.aliases.items():
            if old in ids:
                problems.append(DataError(book.sources[0], f"alias {old!r} is already a rule id", field="aliases"))
            elif old in seen and seen[old] != target:
                problems.append(
                    DataError(book.sources[0], f"alias {old!r} names both {seen[old]} and {target}", field="aliases")
                )
            seen[old] = target
    for book in books.values():
        for rule in book.rules:
            if rule.local_id in seen:
                path, _, line = rule.origin.rpartition(":")
                message = f"rule id {rule.local_id!r} is the old id of {seen[rule.local_id]}: give the rule another id"
                problems.append(DataError(path, message, int(line) if line.isdigit() else None, "id"))
    if problems:
        raise DataErrors(problems)


def _check_redundant(books: dict[str, CompiledBook]) -> None:
    """Every rule a rule says it makes redundant must exist."""
    ids = {rule.id for book in books.values() for rule in book.rules}
    problems = []
    for book in books.values():
        for rule in book.rules:
            for named in rule.redundant:
                if named != DECISION_DEPENDENT and named not in ids:
                    path, _, line = rule.origin.rpartition(":")
                    message = (
                        f"makes_redundant names {named!r}, which is no rule (name rules by id, or {DECISION_DEPENDENT})"
                    )
                    problems.append(DataError(path, message, int(line) if line.isdigit() else None, "makes_redundant"))
    if problems:
        raise DataErrors(problems)


def _compile_extra(
    files: Sequence[str | Path], books: dict[str, CompiledBook], concepts_cache: dict[str, ConceptModel]
) -> CompiledBook:
    """Rules added with --extra-rules: they run on every item, keep their ids as written, and may
    cite the item's drug class or a section some guideline of the library has. Each file's test
    cases are tests/NAME.yaml beside NAME.yaml."""
    errors: list[DataError] = []
    concepts, concepts_doc = _concepts(rules_path("concepts.yaml"), concepts_cache, errors)
    if concepts is None or concepts_doc is None:
        raise DataErrors(errors)
    names = Names(facts=FACTS, concepts=concepts.concepts, groups=concepts.groups)
    derived = _derived_concepts(concepts_doc, concepts, Names(facts=FACTS, concepts=(), groups={}), errors)
    book = CompiledBook(EXTRA, "extra rules", "Extra rules (--extra-rules)", "local", "extra", None, concepts, derived)
    book.rules = _compile_rules([Path(p) for p in files], names, book, errors, lookup=list(books.values()))
    if errors:
        raise DataErrors(errors)
    book.sources = tuple(str(p) for p in files)
    book.tests = tuple(str(t) for t in map(extra_rules_tests, files) if t.is_file())
    return book


def extra_rules_tests(rule_file: str | Path) -> Path:
    """Where the test cases of an --extra-rules file live: tests/NAME.yaml beside NAME.yaml, as
    a rulebook keeps its families' cases."""
    rules = Path(rule_file)
    return rules.parent / "tests" / rules.name


def _check_concept_names(document: YamlDocument, concepts: ConceptModel, errors: list[DataError]) -> None:
    """A concept or group named like a fact or a function would be shadowed without a word."""
    for name in [*concepts.concepts, *concepts.groups]:
        if name in FACTS or name in FUNCTIONS:
            where = ("concepts", name) if name in concepts.concepts else ("groups", name)
            kind = "fact" if name in FACTS else "function"
            message = f"{name!r} is the name of a {kind}; give the concept another name"
            errors.append(DataError(document.path, message, document.line_of(where), field_name(where)))


def _compile_rules(
    rule_files: list[Path],
    names: Names,
    book: CompiledBook,
    errors: list[DataError],
    lookup: list[CompiledBook] | None = None,
) -> list[Rule]:
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
            rule = _compile_rule(document, index, entry, names, book, errors, lookup)
            if rule is None:
                continue
            if rule.id in seen:
                message = f"duplicate rule id {rule.local_id!r} in rulebook {book.id!r} (first at {seen[rule.id]})"
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


def _template(
    entry: dict[str, Any], key: str, names: Names, fail: Callable[[tuple[str | int, ...], str], None]
) -> Template | None:
    """A rule's message or check compiled, None when the rule has none or it does not compile."""
    if key not in entry:
        return None
    try:
        return compile_template(" ".join(str(entry[key]).split()), names)
    except ConditionError as error:
        fail((key,), str(error))
        return None


def _wanted(
    entry: dict[str, Any], names: Names, fail: Callable[[tuple[str | int, ...], str], None]
) -> tuple[str, ...] | None:
    """The concepts a rule's `missing` names (groups expanded); None when it names none."""
    if "missing" not in entry:
        return None
    listed: list[str] = []
    for number, name in enumerate(entry["missing"]):
        if name in names.groups:
            listed.extend(names.groups[name])
        elif name in names.concepts:
            listed.append(name)
        else:
            fail(("missing", number), f"unknown concept {name!r}")
    return tuple(dict.fromkeys(listed))


def _compile_rule(
    document: YamlDocument,
    index: int,
    entry: dict[str, Any],
    names: Names,
    book: CompiledBook,
    errors: list[DataError],
    lookup: list[CompiledBook] | None = None,
) -> Rule | None:
    def fail(key: tuple[str | int, ...], message: str) -> None:
        where = ("rules", index, *key)
        errors.append(DataError(document.path, message, document.line_of(where), field_name(where)))

    count = len(errors)
    cited = entry["guideline"]
    section_id = str(cited["section"])
    topic = cited.get("topic")
    guideline = book.guideline
    if lookup is not None and section_id not in PSEUDO_SECTIONS:
        guideline = next((b.guideline for b in lookup if b.guideline and section_id in b.guideline.sections), None)
    section = guideline.sections.get(section_id) if guideline else None
    if section_id in PSEUDO_SECTIONS:
        if topic is not None:
            fail(("guideline", "topic"), f"a rule citing {section_id} cannot name a topic")
    elif section is None:
        if guideline is None and lookup is None:
            known = ", ".join(PSEUDO_SECTIONS)
            fail(("guideline", "section"), f"rulebook {book.id!r} has no sections: cite one of {known}")
        else:
            known = ", ".join([*PSEUDO_SECTIONS, *sorted(guideline.sections if guideline else ())])
            where = f"rulebook {book.id!r}" if lookup is None else "any rulebook"
            fail(("guideline", "section"), f"unknown section {section_id!r} in {where} (sections: {known})")
    elif topic is not None and section.topic(str(topic)) is None:
        known = ", ".join(t.name for t in section.topics) or "none"
        fail(("guideline", "topic"), f"section {section.id!r} has no topic {topic!r} (its topics: {known})")
    when = message = None
    try:
        when = compile_condition(str(entry["when"]), names)
    except ConditionError as error:
        fail(("when",), str(error))
    message = _template(entry, "message", names, fail)
    check = _template(entry, "check", names, fail)
    criterion = _template(entry, "criterion", names, fail)
    wanted = _wanted(entry, names, fail)
    evidence_names = entry.get("evidence")
    if isinstance(evidence_names, list):
        for number, name in enumerate(evidence_names):
            if name not in FACTS and name not in names.concepts:
                fail(("evidence", number), f"unknown fact or concept {name!r}")
    if len(errors) > count or when is None or message is None:
        return None
    if section is None and section_id not in PSEUDO_SECTIONS:
        return None
    evidence = tuple(evidence_names) if isinstance(evidence_names, list) else ("header", *when.names)
    applies = entry.get("applies_to") or {}
    reference = ""
    basis = str(cited.get("basis") or (section.basis if section else ""))
    if section is not None and guideline is not None:
        reference = guideline.reference(section.id, None if topic is None else str(topic))
    redundant = tuple(
        name if name == DECISION_DEPENDENT or "/" in name or book.id == EXTRA else f"{book.id}/{name}"
        for name in (str(n) for n in entry.get("makes_redundant", ()))
    )
    return Rule(
        id=str(entry["id"]) if book.id == EXTRA else f"{book.id}/{entry['id']}",
        title=str(entry["title"]),
        category=str(entry["category"]),
        severity=str(entry["severity"]),
        drug_classes=frozenset(applies.get("drug_classes", ())),
        decisions=frozenset(applies.get("decisions", ())),
        kinds=frozenset(applies.get("kinds", ())),
        when=when,
        message=message,
        evidence=evidence,
        section=section_id,
        topic=None if topic is None else str(topic),
        reference=reference,
        description=str(entry.get("description", "")),
        example=str(entry.get("example", "")),
        origin=f"{document.path}:{document.line_of(('rules', index))}",
        enabled=bool(entry.get("enabled", True)),
        book=book.id,
        book_title=book.title,
        docs=book.docs,
        basis=basis,
        source_note=str(cited.get("source_note", "")),
        criterion_template=criterion,
        wanted=wanted,
        check_template=check,
        redundant=redundant,
    )
