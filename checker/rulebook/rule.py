"""One rule: which items it looks at, its compiled condition, its message template, its guideline."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from checker.facts.item import ItemFacts
from checker.model import Evidence, Flag
from checker.rulebook.conditions import Condition, ConditionError, Names, Scope, compile_condition

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
        evidence: dict[Evidence, None] = {}
        for name in self.evidence:
            for found in facts.evidence(name):
                evidence.setdefault(found)
        ordered = tuple(sorted(evidence, key=lambda e: e.line))
        return Flag(self.id, self.category, self.severity, message, ordered)  # type: ignore[arg-type]

    def with_severity(self, severity: str) -> Rule:
        return replace(self, severity=severity)
