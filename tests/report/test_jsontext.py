"""The fast indented JSON writer gives json.dumps(indent=2, ensure_ascii=False)'s text exactly."""

from __future__ import annotations

import json
from enum import IntEnum, StrEnum

import pytest

from checker.report.jsontext import dumps_indented
from checker.report.views import letter_dict
from checker.run.runner import check_paths
from tests.support import EXAMPLES


class Level(StrEnum):
    error = "error"


class Count(IntEnum):
    one = 1


EDGES = [
    {},
    [],
    {"a": [], "b": {}, "c": [[]], "d": [{}]},
    {"text": 'quote " backslash \\ newline \n tab \t nul \x00 é ñ 中 \u2028 😀', "n": None},
    [True, False, None, 0, -1, 10**30, 0.1, 1e-300, 1.5e300, -0.0, float("nan"), float("inf"), float("-inf")],
    {2: "int key", 2.5: "float key", True: "bool key", None: "none key"},
    {"enum": Level.error, "count": Count.one, "tuple": (1, (2, 3))},
    [[[[["deep"]]]]],
]


@pytest.mark.parametrize("value", EDGES, ids=range(len(EDGES)))
def test_edge_values(value: object) -> None:
    assert dumps_indented(value) == json.dumps(value, indent=2, ensure_ascii=False)


def test_unencodable_values_raise_as_json_does() -> None:
    with pytest.raises(TypeError):
        dumps_indented({"x": object()})
    with pytest.raises(TypeError):
        dumps_indented({(1, 2): "tuple key"})


def test_real_results(parser_rulebook) -> None:  # type: ignore[no-untyped-def]
    from checker.rulebook.book import default_rulebook

    paths = sorted(str(p) for p in EXAMPLES.glob("*.txt"))
    for rulebook in (parser_rulebook, default_rulebook()):
        for result in check_paths(paths, rulebook):
            data = letter_dict(result)
            assert dumps_indented(data) == json.dumps(data, indent=2, ensure_ascii=False)
