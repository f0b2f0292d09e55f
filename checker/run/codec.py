"""Results as plain data: slim for other processes, and compact JSON for the cache.

A report format reads only the report-level fields of a result (path, status, layout, errors,
warnings, flags, and per item its index, line, header, treatment, drug, class, decision, UR
status, page and flags). `slim` drops the rest (rationale text, citations, conclusion, the UR
sentence), so results cross process boundaries and sit in the cache at a fraction of the size.

`encode` and `decode` turn a result into JSON-ready lists and back, guided by the model's own
type annotations: a record is the list of its field values in order, so nothing but the values
is stored. Decoding is a schema check at the same time: it builds only the model's records,
and every value must have its field's type (a severity outside `Severity`, a line that is not
an integer, a missing or extra field) or the whole entry is refused. A cache entry is read as
untrusted data even after its signature checks out.
"""

from __future__ import annotations

import copyreg
import dataclasses
import json
import types
import typing
from collections.abc import Callable
from operator import attrgetter
from typing import Any

from checker import model
from checker.model import Item, LetterResult, Passage, URAccount


class BadData(ValueError):
    """Decoded data that is not a result this version writes."""


_EMPTY = Passage("")
# What `slim` drops from an item: each field, and the value it takes instead.
_SLIM_ITEM: dict[str, Callable[[Item], Any]] = {
    "citations": lambda item: (),
    "rationale": lambda item: _EMPTY,
    "conclusion": lambda item: None,
    "ur": lambda item: URAccount(status=item.ur.status),
}


def slim(result: LetterResult) -> LetterResult:
    """`result` with only what reports read: what a worker sends back and the cache keeps."""
    if not result.items:
        return result
    items = tuple(
        dataclasses.replace(
            entry,
            item=dataclasses.replace(entry.item, **{name: value(entry.item) for name, value in _SLIM_ITEM.items()}),
        )
        for entry in result.items
    )
    return dataclasses.replace(result, items=items)


Decoder = Callable[[Any], Any]


def _is_leaf(hint: Any) -> bool:
    if hint in (str, int, float, bool, type(None)):
        return True
    origin = typing.get_origin(hint)
    if origin is typing.Literal:
        return True
    if origin in (typing.Union, types.UnionType):
        return all(_is_leaf(arg) for arg in typing.get_args(hint))
    return False


def _encoder_source(hint: Any, value: str, namespace: dict[str, Any]) -> str:
    """A Python expression that encodes `value` (an expression) of type `hint`."""
    if _is_leaf(hint):
        return value
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if dataclasses.is_dataclass(hint):
        return f"{_record_encoder(hint, namespace)}({value})"  # type: ignore[arg-type]
    if origin in (typing.Union, types.UnionType):
        options = [a for a in args if a is not type(None)]
        if len(options) != 1:
            raise TypeError(f"cannot encode {hint}")
        return f"(None if {value} is None else {_encoder_source(options[0], value, namespace)})"
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        if _is_leaf(args[0]):
            return f"list({value})"
        return f"[{_encoder_source(args[0], 'x', namespace)} for x in {value}]"
    if origin is dict and _is_leaf(args[0]):
        return f"[[k, {_encoder_source(args[1], 'x', namespace)}] for k, x in {value}.items()]"
    raise TypeError(f"cannot encode {hint}")


def _record_encoder(cls: type, namespace: dict[str, Any]) -> str:
    """The name of a generated function that encodes a `cls` as the list of its fields.

    Generated once per class, so encoding is plain attribute reads: a cache entry costs a few
    microseconds to write. An item is encoded slim (`_SLIM_ITEM`), as the cache keeps it.
    """
    name = f"encode_{cls.__name__}"
    if name in namespace:
        return name
    namespace[name] = None  # records nest: the name is taken before the body is made
    hints = typing.get_type_hints(cls)
    parts = []
    for field in dataclasses.fields(cls):
        value = f"v.{field.name}"
        if cls is Item and field.name in _SLIM_ITEM:
            namespace[f"slim_{field.name}"] = _SLIM_ITEM[field.name]
            value = f"slim_{field.name}(v)"
        parts.append(_encoder_source(hints[field.name], value, namespace))
    exec(f"def {name}(v):\n    return [{', '.join(parts)}]\n", namespace)  # the source is built above from field names
    return name


_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False)
_NAMESPACE: dict[str, Any] = {}
_ENCODE_RESULT = _NAMESPACE[_record_encoder(LetterResult, _NAMESPACE)]
_DECODERS: dict[type, Decoder] = {}


def _check(kind: Any, name: str) -> Decoder:
    def decode_leaf(value: Any) -> Any:
        if type(value) not in kind:
            raise BadData(f"expected {name}, got {type(value).__name__}")
        return value

    return decode_leaf


def _decoder(hint: Any) -> Decoder:
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is str:
        return _check((str,), "text")
    if hint is int:
        return _check((int,), "an integer")
    if hint is float:
        return _check((int, float), "a number")
    if hint is bool:
        return _check((bool,), "true or false")
    if hint is type(None):
        return _check((type(None),), "null")
    if origin is typing.Literal:
        allowed = frozenset(args)

        def decode_literal(value: Any) -> Any:
            if type(value) is not str or value not in allowed:
                raise BadData(f"{value!r} is not one of {sorted(allowed)}")
            return value

        return decode_literal
    if dataclasses.is_dataclass(hint):
        return _record_decoder(hint)  # type: ignore[arg-type]
    if origin in (typing.Union, types.UnionType):
        options = [_decoder(a) for a in args if a is not type(None)]
        nullable = type(None) in args

        def decode_union(value: Any) -> Any:
            if value is None and nullable:
                return None
            for option in options:
                try:
                    return option(value)
                except BadData:
                    continue
            raise BadData(f"unexpected {type(value).__name__}")

        return decode_union
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        element = _decoder(args[0])

        def decode_tuple(value: Any) -> Any:
            if type(value) is not list:
                raise BadData("expected a list")
            return tuple(element(v) for v in value)

        return decode_tuple
    if origin is dict:
        key, item = _decoder(args[0]), _decoder(args[1])

        def decode_dict(value: Any) -> Any:
            if type(value) is not list or not all(type(p) is list and len(p) == 2 for p in value):
                raise BadData("expected a list of pairs")
            return {key(k): item(v) for k, v in value}

        return decode_dict
    raise TypeError(f"cannot decode {hint}")


def _record_decoder(cls: type) -> Decoder:
    if cls in _DECODERS:
        return _DECODERS[cls]

    def decode_record(value: Any) -> Any:
        return _DECODERS[cls](value)

    _DECODERS[cls] = decode_record
    hints = typing.get_type_hints(cls)
    names = [f.name for f in dataclasses.fields(cls)]
    decoders = [_decoder(hints[name]) for name in names]
    size = len(names)

    def decode_fields(value: Any) -> Any:
        if type(value) is not list or len(value) != size:
            raise BadData(f"a {cls.__name__} needs {size} fields")
        return cls(*[decode(v) for decode, v in zip(decoders, value, strict=True)])

    _DECODERS[cls] = decode_fields
    return decode_record


def encode(result: LetterResult) -> bytes:
    """The slim result, without its path, as compact JSON: every record a list of its field values."""
    fields = _ENCODE_RESULT(result)
    fields[0] = ""
    return _JSON.encode(fields).encode("utf-8", "surrogatepass")


def decode(data: bytes) -> LetterResult:
    """The result `encode` made; raises BadData for anything else."""
    try:
        value = json.loads(data.decode("utf-8", "surrogatepass"))
    except (ValueError, RecursionError) as error:
        raise BadData(f"not JSON: {error}") from None
    try:
        result = _record_decoder(LetterResult)(value)
    except (TypeError, RecursionError) as error:
        raise BadData(str(error)) from None
    if not isinstance(result, LetterResult):
        raise BadData("not a letter result")
    return result


def _pickle_by_fields(cls: type) -> None:
    """Pickle `cls` as its constructor and its field values.

    What dataclasses do by default for slotted classes (a state list set field by field through
    `object.__setattr__`, after looking up the class's fields for every object) costs the process
    that gathers the workers' results more than writing the report; a constructor call with the
    values, read by one `attrgetter`, costs a fraction of it and makes the same object.
    """
    names = [f.name for f in dataclasses.fields(cls)]
    if not names or any(not f.init or f.kw_only for f in dataclasses.fields(cls)):
        return
    values = attrgetter(*names)
    if len(names) == 1:
        copyreg.pickle(cls, lambda record: (cls, (values(record),)))
    else:
        copyreg.pickle(cls, lambda record: (cls, values(record)))


for _record in vars(model).values():
    if isinstance(_record, type) and dataclasses.is_dataclass(_record) and _record.__module__ == model.__name__:
        _pickle_by_fields(_record)
