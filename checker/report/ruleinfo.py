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
    criterion: str = ""  # what the guideline requires, with its section and pages
    check: str = ""  # what to check, and the correction


def rule_name(title: str, rule_id: str) -> str:
    """A rule's name for tools that want one apart from its id: its title in PascalCase
    (`Opioid approved without the 4 A's` -> `OpioidApprovedWithoutThe4As`)."""
    words = "".join(c if c.isalnum() else " " for c in title.replace("'", "")).split()
    return "".join(word[:1].upper() + word[1:] for word in words) or rule_id


def describe_rules(rulebook: Any) -> tuple[RuleInfo, ...]:
    """Every enabled rule of `rulebook` that has an id, in rulebook order."""
    docs = getattr(rulebook, "docs", None)
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
                name=str(getattr(rule, "name", "") or rule_name(title, str(rule.id))),
                description=title,
                full_description=" ".join(str(getattr(rule, "description", "") or "").split()),
                guideline=_guideline(rule),
                help_uri=_help_uri(getattr(rule, "docs", None) or docs, str(rule.id)),
                criterion=_criterion(rule),
                check=str(getattr(rule, "check_text", "") or ""),
            )
        )
    return tuple(infos)


def _criterion(rule: Any) -> str:
    """The rule's criterion after the section and pages it cites."""
    criterion = str(getattr(rule, "criterion", "") or "")
    reference = str(getattr(rule, "reference", "") or "")
    if reference and criterion:
        return f"{reference}: {criterion}"
    return criterion or reference


def _help_uri(docs: str | None, rule_id: str) -> str | None:
    """Where a rule is documented: the rules' page at #its-id (`mtus-2009/opi-001`)."""
    return f"{docs.split('#')[0]}#{rule_id.lower()}" if docs else None


def _guideline(rule: Any) -> str:
    """The guideline reference a rule cites (or its section), after the rulebook it belongs to."""
    reference = next((str(v) for n in ("reference", "guideline", "section") if (v := getattr(rule, n, ""))), "")
    book = str(getattr(rule, "book_title", "") or "")
    if book and reference:
        return f"{book}: {reference}"
    return book or reference
