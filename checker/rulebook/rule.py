"""One rule: which items it looks at, its compiled condition, its message template, its guideline."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from checker.facts.item import FACTS, ItemFacts, fact_label
from checker.model import Evidence, Flag, Missing
from checker.rulebook.conditions import Condition, ConditionError, Names, Scope, compile_condition

DECISION_DEPENDENT = "decision-dependent"


class _NoFacts:
    """The scope of a placeholder that reads no fact: only the rulebook's parameters."""

    def fact(self, name: str) -> Any:
        raise LookupError(name)

    def concept(self, name: str) -> str:
        raise LookupError(name)

    def label(self, name: str) -> str:
        return name


_NO_FACTS = _NoFacts()
_ROLES = {"header": "header", "conclusion": "conclusion", "ur_status": "ur", "ur_other_treatment": "ur"}
_ABSENT_BY = {
    "reviewer": "the reviewer states it is not documented",
    "summary": "the case summary states there is none",
    "rationale": "the rationale states there is none",
}

_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")


@dataclass(frozen=True)
class Template:
    """A message with {placeholders}, each an expression of the condition language."""

    source: str
    parts: tuple[str | Condition, ...]

    def render(self, scope: Scope) -> str:
        return "".join(part if isinstance(part, str) else _show(part(scope)) for part in self.parts)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(n for part in self.parts if isinstance(part, Condition) for n in part.names)

    def generic(self) -> str:
        """The text for any item: a placeholder that names facts in words (`{treatment}` as
        `<treatment>`), one that names only the rulebook's parameters by its value."""
        shown = (
            (_show(p(_NO_FACTS)) if not p.names else f"<{fact_label(p.source.strip())}>")
            if isinstance(p, Condition)
            else p
            for p in self.parts
        )
        return "".join(shown)


def compile_template(source: str, names: Names) -> Template:
    parts: list[str | Condition] = []
    position = 0
    for match in _PLACEHOLDER.finditer(source):
        parts.append(source[position : match.start()])
        token = match.group()
        if token in ("{{", "}}"):
            parts.append(token[0])
        else:
            expression = match.group(1).strip()
            if not expression:
                raise ConditionError("empty placeholder {} in message")
            parts.append(compile_condition(expression, names))
        position = match.end()
    tail = source[position:]
    if "{" in tail or "}" in tail:
        raise ConditionError("unbalanced { or } in message (write {{ or }} for a brace)")
    parts.append(tail)
    return Template(source, tuple(p for p in parts if p != ""))


def _show(value: Any) -> str:
    if value is None:
        return "unknown"
    shown = getattr(value, "shown", None)
    if isinstance(shown, str):
        return shown  # a measure that says how the letter gives it ("about 84 weeks, computed ...")
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list | tuple):
        items = [_show(v) for v in value]
        if len(items) > 2:
            return ", ".join(items[:-1]) + " and " + items[-1]
        return " and ".join(items) if items else "none"
    return str(value)


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    category: str
    severity: str
    drug_classes: frozenset[str]
    decisions: frozenset[str]
    kinds: frozenset[str]
    when: Condition
    message: Template
    evidence: tuple[str, ...]
    section: str
    topic: str | None
    reference: str  # how the flag cites the guideline: "MTUS 2009, Opioids, pp. 74-96"; "" when it depends
    description: str = ""
    example: str = ""
    origin: str = ""  # file:line of the rule, for messages to authors
    enabled: bool = True
    book: str = ""  # the rulebook it belongs to: its id namespaces the rule's id
    book_title: str = ""
    docs: str | None = None  # where the rules are documented (a URL); the rule's page is #its-id
    basis: str = ""  # what its criterion rests on: guideline-text, letters or secondary
    source_note: str = ""
    criterion_template: Template | None = None  # what the guideline requires: its words or a faithful paraphrase
    check_template: Template | None = None  # what a reviewer should check, and the correction
    # Rules whose flags this rule's flag makes redundant on the same item: namespaced ids, or
    # DECISION_DEPENDENT for every rule that looks only at approved (or only at upheld) items.
    redundant: tuple[str, ...] = ()
    # The concepts a flag reports missing when the letter does not document them (default: the
    # condition's `wanted`, the concepts it holds true without).
    wanted: tuple[str, ...] | None = None

    @property
    def local_id(self) -> str:
        """The id within its rulebook: MR-001 of mtus-2009/MR-001."""
        return self.id.rpartition("/")[2]

    def applies(self, decision: str, drug_class: str, kind: str = "") -> bool:
        return (
            (not self.decisions or decision in self.decisions)
            and (not self.drug_classes or drug_class in self.drug_classes)
            and (not self.kinds or kind in self.kinds)
        )

    def check(self, facts: ItemFacts) -> Flag | None:
        if not self.when(facts):
            return None
        reference = self.reference
        if not reference and self.section == "item-drug-class":
            reference = facts.class_reference()
        rendered = self.message.render(facts)
        message = f"{rendered} [{reference}]" if reference else rendered
        said = self.criterion_template.render(facts) if self.criterion_template else ""
        criterion = f"{reference}: {said}" if reference and said else said or reference
        return Flag(
            self.id,
            self.category,
            self.severity,  # type: ignore[arg-type]
            message,
            _evidence(self, facts),
            criterion=criterion,
            check=self.check_template.render(facts) if self.check_template else "",
            missing=_missing(self, facts),
        )

    @property
    def criterion(self) -> str:
        """What the guideline requires, as the rule says it for any item."""
        return self.criterion_template.generic() if self.criterion_template else ""

    @property
    def check_text(self) -> str:
        """What to check, as the rule says it for any item: placeholders named in words."""
        return self.check_template.generic() if self.check_template else ""

    def makes_redundant(self, other: Rule) -> bool:
        """Whether a flag of this rule makes a flag of `other` on the same item say nothing new."""
        if other.id == self.id:
            return False
        return other.id in self.redundant or (DECISION_DEPENDENT in self.redundant and bool(other.decisions))

    def with_severity(self, severity: str) -> Rule:
        return replace(self, severity=severity)


def _evidence(rule: Rule, facts: ItemFacts) -> tuple[Evidence, ...]:
    """The flag's evidence: the item's header first (where the flag points), then each line the
    rule cites, by line, each with its role and what it shows."""
    header = facts.item
    out: dict[tuple[int, str], Evidence] = {
        (header.line, header.header): Evidence(header.line, header.header, role="header", about="the item")
    }
    for name in rule.evidence:
        role, about = _role(name, facts)
        for found in facts.evidence(name):
            key = (found.line, found.text)
            if key in out:
                continue
            out[key] = replace(found, role=found.role or role, about=found.about or about)
    first, *rest = out.values()
    return (first, *sorted(rest, key=lambda e: e.line))


def _role(name: str, facts: ItemFacts) -> tuple[str, str]:
    """The role and the words for what a fact or concept's evidence shows."""
    if name in _ROLES:
        return _ROLES[name], fact_label(name)
    if name in FACTS:
        value = facts.fact(name)
        label = fact_label(name)
        return "found", label if isinstance(value, bool) or value is None else f"{label}: {_show(value)}"
    documented = facts.concept(name) == "documented"
    return ("found" if documented else "missing"), facts.label(name)


def _missing(rule: Rule, facts: ItemFacts) -> tuple[Missing, ...]:
    """The concepts the rule's condition holds without that the letter does not document: not
    mentioned at all, or stated absent (and by whom, and where)."""
    out = []
    for name in rule.when.wanted if rule.wanted is None else rule.wanted:
        state = facts.concept(name)
        if state == "documented":
            continue
        label = facts.label(name)
        if state == "unknown":
            out.append(Missing(label, "not mentioned"))
            continue
        lines = [e.line for e in facts.evidence(name)]
        out.append(Missing(label, _ABSENT_BY.get(facts.absent_by(name), "stated absent"), min(lines, default=None)))
    return tuple(out)
