"""Results as plain data: slim for other processes, and JSON for the cache.

A report format reads only the report-level fields of a result (path, status, layout, errors,
warnings, flags, and per item its index, line, header, treatment, drug, class, decision, UR
status, page and flags). `slim` drops the rest (rationale text, citations, conclusion, the UR
sentence), so results cross process boundaries and sit in the cache at a fraction of the size.

`encode` and `decode` turn a result into JSON-ready data and back. Decoding builds only the
model's own dataclasses, checks every field name, and rejects anything else: a cache file is
read as untrusted data.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from checker import model
from checker.model import LetterResult, Passage, URAccount

# The classes a result is made of; nothing else is built from decoded data.
_CLASSES: dict[str, type] = {
    cls.__name__: cls
    for cls in vars(model).values()
    if isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == model.__name__
}
_FIELDS = {name: frozenset(f.name for f in dataclasses.fields(cls)) for name, cls in _CLASSES.items()}


class BadData(ValueError):
    """Decoded data that is not a result this version writes."""


def slim(result: LetterResult) -> LetterResult:
    """`result` with only what reports read: what a worker sends back and the cache keeps."""
    if not result.items:
        return result
    items = tuple(
        dataclasses.replace(
            entry,
            item=dataclasses.replace(
                entry.item,
                citations=(),
                rationale=Passage(""),
                conclusion=None,
                ur=URAccount(status=entry.item.ur.status),
            ),
        )
        for entry in result.items
    )
    return dataclasses.replace(result, items=items)


def encode(value: Any) -> Any:
    """JSON-ready data: dataclasses as {"@": class, field: ...}, tuples as lists."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {"@": type(value).__name__}
        for field in dataclasses.fields(value):
            out[field.name] = encode(getattr(value, field.name))
        return out
    if isinstance(value, tuple | list):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return {"@map": [[encode(k), encode(v)] for k, v in value.items()]}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"cannot encode {type(value).__name__}")


def decode(data: Any) -> Any:
    """The value `encode` made; raises BadData for anything it would not have made."""
    if isinstance(data, list):
        return tuple(decode(v) for v in data)
    if isinstance(data, dict):
        if "@map" in data and len(data) == 1:
            return {decode(k): decode(v) for k, v in _pairs(data["@map"])}
        name = data.get("@")
        cls = _CLASSES.get(name) if isinstance(name, str) else None
        if cls is None or not isinstance(name, str):
            raise BadData(f"unknown record {name!r}")
        fields = {k: decode(v) for k, v in data.items() if k != "@"}
        if not fields.keys() <= _FIELDS[name]:
            raise BadData(f"unknown fields in {name}: {sorted(fields.keys() - _FIELDS[name])}")
        try:
            return cls(**fields)
        except TypeError as error:
            raise BadData(str(error)) from None
    if data is None or isinstance(data, str | int | float | bool):
        return data
    raise BadData(f"unexpected {type(data).__name__}")


def _pairs(data: Any) -> list[tuple[Any, Any]]:
    if not isinstance(data, list) or not all(isinstance(p, list) and len(p) == 2 for p in data):
        raise BadData("bad mapping")
    return [(k, v) for k, v in data]


def decode_result(data: Any) -> LetterResult:
    result = decode(data)
    if not isinstance(result, LetterResult):
        raise BadData("not a letter result")
    return result
