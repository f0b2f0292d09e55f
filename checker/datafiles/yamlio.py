"""Load YAML safely, remember the line of every field, and validate against a JSON Schema.

Errors name the file, the line and the field (`rules/opioids.yaml:14: rules[2].severity: ...`),
which is what a policy editor needs to find a bad edit.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checker.datafiles.files import read_bytes, read_text

if TYPE_CHECKING:  # yaml and jsonschema load only when a data file is not in the data cache
    import yaml
    from jsonschema import Draft7Validator

FieldPath = tuple[str | int, ...]


class DataError(Exception):
    """A problem in a data file, located by file, line and field."""

    def __init__(self, path: str, message: str, line: int | None = None, field: str = "") -> None:
        self.path = path
        self.line = line
        self.field = field
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class DataErrors(Exception):
    """Several data errors at once, so an editor can fix them in one pass."""

    def __init__(self, errors: list[DataError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


@dataclass
class YamlDocument:
    path: str
    data: Any
    lines: dict[FieldPath, int] = field(default_factory=dict)

    def line_of(self, path: FieldPath) -> int | None:
        """The line of `path`, or of its nearest parent that has one."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), None)


def field_name(path: FieldPath) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def parse_yaml(text: str, path: str) -> YamlDocument:
    """Parse YAML text; only plain data is built (no tags that make objects)."""
    import yaml

    try:  # the C loader is several times faster; fall back where libyaml is missing
        from yaml import CSafeLoader as _Loader
    except ImportError:  # pragma: no cover
        from yaml import SafeLoader as _Loader  # type: ignore[assignment]
    try:
        node = yaml.compose(text, Loader=_Loader)
        _refuse_aliases(node, path)
        data = yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = " ".join(p for p in (error.context, error.problem) if p)
        raise DataError(path, f"YAML error: {problem}", line) from None
    except yaml.YAMLError as error:
        raise DataError(path, f"YAML error: {error}") from None
    except (ValueError, TypeError) as error:  # a well-formed scalar with an impossible value
        line = _bad_scalar_line(yaml.compose(text, Loader=_Loader), _Loader)
        raise DataError(path, f"YAML error: {error} (quote the value to keep it as text)", line) from None
    lines: dict[FieldPath, int] = {}
    if node is not None:
        _record_lines(node, (), lines)
    return YamlDocument(path, data, lines)


# A data file is YAML by name too: a rulebook or configuration that names any other file (a
# `sections: ../../secret.env`) must not get that file read, and its content quoted in an error.
YAML_SUFFIXES = (".yaml", ".yml")


def load_yaml(path: Path | str) -> YamlDocument:
    if not str(path).lower().endswith(YAML_SUFFIXES):
        raise DataError(str(path), "not read: a data file must be a YAML file named *.yaml or *.yml")
    try:
        text = read_text(path)
    except OSError as error:
        raise DataError(str(path), f"cannot read: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise DataError(str(path), "cannot read: not UTF-8 text") from None
    return parse_yaml(text, str(path))


def _bad_scalar_line(node: yaml.Node | None, loader: Any) -> int | None:
    """The line of the first scalar YAML cannot build (such as the date 2026-02-30)."""
    import yaml

    if isinstance(node, yaml.ScalarNode):
        try:
            loader("").construct_object(node)
        except (ValueError, TypeError):
            return node.start_mark.line + 1
        return None
    children = [] if node is None else node.value
    for child in children:
        for part in child if isinstance(child, tuple) else (child,):
            line = _bad_scalar_line(part, loader)
            if line is not None:
                return line
    return None


def _refuse_aliases(root: yaml.Node | None, path: str) -> None:
    """Refuse YAML aliases (*name): a few lines of nested aliases expand to billions of values
    ("billion laughs") and would hang whatever walks the data. Data files never need them."""
    seen: set[int] = set()
    stack = [] if root is None else [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            line = node.start_mark.line + 1
            raise DataError(path, "YAML aliases (*name) are not allowed in data files; repeat the value", line)
        seen.add(id(node))
        if isinstance(node.value, list):
            for child in node.value:
                stack.extend(child if isinstance(child, tuple) else (child,))


def _record_lines(node: yaml.Node, path: FieldPath, lines: dict[FieldPath, int]) -> None:
    import yaml

    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            child = (*path, str(key.value))
            _record_lines(value, child, lines)
            lines[child] = key.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, value in enumerate(node.value):
            _record_lines(value, (*path, index), lines)


@cache
def _validator(schema_file: Path) -> Draft7Validator:
    from jsonschema import Draft7Validator

    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    return Draft7Validator(schema)


def schema_errors(document: YamlDocument, schema_file: Path) -> list[DataError]:
    """Every place where `document` breaks the schema, in file order."""
    errors = []
    for error in _validator(schema_file).iter_errors(document.data):
        location: FieldPath = tuple(error.absolute_path)
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            # One error per unknown key, on the key's own line rather than its parent's.
            for key in _unknown_keys(error):
                where = (*location, key)
                close = difflib.get_close_matches(key, list(error.schema.get("properties", {})), n=1)
                message = "unknown field" + (f" (did you mean {close[0]!r}?)" if close else "")
                errors.append(DataError(document.path, message, document.line_of(where), field_name(where)))
            continue
        errors.append(
            DataError(document.path, _schema_message(error), document.line_of(location), field_name(location))
        )
    return sorted(errors, key=lambda e: (e.line or 0, e.field))


def _unknown_keys(error: Any) -> list[str]:
    known = error.schema.get("properties", {})
    patterns = [re.compile(p) for p in error.schema.get("patternProperties", {})]
    return [
        str(key)
        for key in error.instance
        if key not in known and not any(pattern.search(str(key)) for pattern in patterns)
    ]


_KINDS = {
    "object": "mapping",
    "dict": "a mapping",
    "array": "list",
    "list": "a list",
    "str": "text",
    "NoneType": "nothing",
}


def _schema_message(error: Any) -> str:
    if not error.absolute_path and error.validator == "type":
        # The whole document is of the wrong kind: say what it should be, not what it holds.
        wanted = _KINDS.get(str(error.validator_value), str(error.validator_value))
        found = _KINDS.get(type(error.instance).__name__, type(error.instance).__name__)
        return f"the file must hold a YAML {wanted}, not {found}"
    if error.validator == "additionalProperties":
        return f"unknown field ({error.message.split('(')[-1].rstrip(')')})"
    shown = repr(error.instance)
    if len(shown) > 80:  # a long value is described, not quoted back
        shown = f"this {_KINDS.get(type(error.instance).__name__, 'value').removeprefix('a ')}"
    if error.validator == "enum":
        allowed = ", ".join(str(v) for v in error.validator_value)
        return f"{shown} is not one of: {allowed}"
    return str(error.message).replace(repr(error.instance), shown)


def validated(path: Path | str, schema_file: Path) -> YamlDocument:
    """Load `path` and raise DataErrors unless it satisfies `schema_file`.

    A file already validated with the same bytes, schema and tool comes from `schemacache`.
    """
    from checker.datafiles import schemacache

    if not str(path).lower().endswith(YAML_SUFFIXES):
        return load_yaml(path)  # refused with the reason
    try:
        raw = read_bytes(path)
        cache_key = schemacache.key(raw, Path(schema_file).read_bytes())
    except OSError:
        cache_key = None
    cached = schemacache.load(cache_key) if cache_key else None
    if cached is not None:
        return YamlDocument(str(path), cached[0], cached[1])
    document = load_yaml(path)
    errors = schema_errors(document, schema_file)
    if errors:
        raise DataErrors(errors)
    if cache_key:
        schemacache.store(cache_key, document.data, document.lines)
    return document
