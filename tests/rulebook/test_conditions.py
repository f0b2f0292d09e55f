"""The condition language: parsed once, compiled to closures, names checked on load."""

from __future__ import annotations

from typing import Any

import pytest

from checker.rulebook.conditions import ConditionError, Names, compile_condition
from checker.rulebook.rule import compile_template

NAMES = Names(
    facts={"decision", "weeks_of_use", "drug_class", "ingredient_classes", "treatment"},
    concepts={"analgesia", "daily_activities", "acute_exacerbation"},
    groups={"pair": ("analgesia", "daily_activities")},
)


class FakeScope:
    def __init__(self, facts: dict[str, Any], concepts: dict[str, str]) -> None:
        self.facts, self.concepts = facts, concepts

    def fact(self, name: str) -> Any:
        return self.facts.get(name)

    def concept(self, name: str) -> str:
        return self.concepts.get(name, "unknown")

    def label(self, name: str) -> str:
        return name.replace("_", " ")


SCOPE = FakeScope(
    {"decision": "overturned", "weeks_of_use": 3.0, "drug_class": "aed", "ingredient_classes": ["nsaid", "aed"]},
    {"analgesia": "documented", "acute_exacerbation": "absent"},
)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('decision == "overturned" and weeks_of_use > 2 and not acute_exacerbation', True),
        ("weeks_of_use > 4", False),
        ('decision == "upheld" or analgesia', True),
        ('not (decision == "upheld" or analgesia)', False),
        ('drug_class in ["opioid", "aed"]', True),
        ('"aed" in ingredient_classes', True),
        ('"opioid" not in ingredient_classes', True),
        ('any_in(ingredient_classes, ["muscle_relaxant", "aed"])', True),
        ("count(missing(pair)) == 1", True),
        ("absent(acute_exacerbation) and mentioned(analgesia)", True),
        ("documented(pair)", False),
        ("known(treatment)", False),
        ("treatment == 3", False),
        ("treatment > 3", False),  # an unknown quantity satisfies no comparison
    ],
)
def test_conditions_evaluate(source: str, expected: bool) -> None:
    assert bool(compile_condition(source, NAMES)(SCOPE)) is expected


def test_a_condition_remembers_the_names_it_reads() -> None:
    condition = compile_condition("weeks_of_use > 2 or not acute_exacerbation", NAMES)
    assert condition.names == ("weeks_of_use", "acute_exacerbation")


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("weeks_of_use > two", "unknown fact or concept 'two'"),
        ("acute_exacerbaton", "did you mean 'acute_exacerbation'"),
        ("pair", "group of concepts"),
        ("missing(weeks_of_use)", "unknown concept 'weeks_of_use'"),
        ("eval(decision)", "unknown function 'eval'"),
        ("decision == 'overturned'", "unexpected character"),
        ("decision ==", "ends too early"),
        ("__import__", "unknown fact or concept '__import__'"),
        ("decision.__class__", "unexpected character"),
        ("(" * 400 + "analgesia" + ")" * 400, "nested too deeply"),
        ("analgesia or " * 200 + "analgesia", "longer than 2000"),
    ],
)
def test_bad_conditions_are_refused_with_a_reason(source: str, message: str) -> None:
    with pytest.raises(ConditionError, match=message.replace("(", r"\(")):
        compile_condition(source, NAMES)


def test_message_templates_render_facts_lists_and_unknowns() -> None:
    template = compile_template("{treatment}: missing {missing(pair)}; {weeks_of_use} weeks {{ok}}", NAMES)
    assert template.render(SCOPE) == "unknown: missing daily activities; 3 weeks {ok}"
    with pytest.raises(ConditionError, match="unbalanced"):
        compile_template("a } b", NAMES)
