"""What a report says about each rule of the rulebook (SARIF lists them all, HTML names them).

Each rule of the rulebook (`checker.rules.Rule`) gives its id, title, category, severity,
description and the guideline reference it cites; rules switched off in the rulebook are left
out. Rules without an id (plain callables) are left out too: their flags still carry their id.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class RuleInfo:
    id: str
    category: str
    severity: str
    name: str = ""  # a short CamelCase or kebab name; the id when empty
    description: str = ""  # one sentence: what the rule flags
    full_description: str = ""  # the longer explanation; the description when empty
    guideline: str = ""  # the guideline text the rule encodes (section, pages)
    help_uri: str | None = None


def describe_rules(rulebook: Any) -> tuple[RuleInfo, ...]:
    """Every enabled rule of `rulebook` that has an id, in rulebook order."""
    infos = []
    for rule in getattr(rulebook, "rules", ()):
        if not getattr(rule, "id", None) or not getattr(rule, "enabled", True):
            continue
        title = str(getattr(rule, "title", "") or getattr(rule, "description", "") or "")
        infos.append(
            RuleInfo(
                id=str(rule.id),
                category=str(getattr(rule, "category", "")),
                severity=str(getattr(rule, "severity", "warning")),
                name=str(getattr(rule, "name", "") or ""),
                description=title,
                full_description=" ".join(str(getattr(rule, "description", "") or "").split()),
                guideline=_guideline(rule),
            )
        )
    return tuple(infos)


def _guideline(rule: Any) -> str:
    """The guideline reference a rule cites, or its section."""
    for name in ("reference", "guideline", "fallback_reference", "section"):
        value = getattr(rule, name, "")
        if value:
            return str(value)
    return ""
