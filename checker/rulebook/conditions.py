"""The condition language of rules: parsed once with Lark, compiled into closures, never eval'd.

`decision == "overturned" and weeks_of_use > 2 and not acute_exacerbation` becomes a function of
a `Scope` (the facts of one item). Every name is checked when the rulebook loads: a fact the
engine computes, a concept from concepts.yaml, or a concept group (only inside a function).
docs/rules.md describes the language for policy editors.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from lark import Token, Tree
from lark.exceptions import LarkError, UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from checker.parse.grammars import load


class Scope(Protocol):
    """What a compiled condition reads: facts by name and the state of each concept."""

    def fact(self, name: str) -> Any: ...

    def concept(self, name: str) -> str: ...  # "documented" | "absent" | "unknown"

    def label(self, name: str) -> str: ...


Compiled = Callable[[Scope], Any]


class ConditionError(ValueError):
    """A condition that does not parse or names something unknown; the message says which."""


@dataclass(frozen=True)
class Names:
    """The names a condition may use: facts, concepts, groups of concepts, and the rulebook's
    parameters (numbers and words its rules share, such as muscle_relaxant_max_weeks)."""

    facts: Collection[str]
    concepts: Collection[str]
    groups: dict[str, tuple[str, ...]]
    constants: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Condition:
    source: str
    run: Compiled
    names: tuple[str, ...]  # facts and concepts it reads, in order: the default evidence
    # Concepts the condition holds true without (`not analgesia`, `missing(four_as)`): what a flag
    # reports as missing when the letter does not document them.
    wanted: tuple[str, ...] = ()

    def __call__(self, scope: Scope) -> Any:
        return self.run(scope)


# Functions whose arguments are concept or group names, not values.
_CONCEPT_FUNCTIONS = ("documented", "absent", "mentioned", "missing")
_VALUE_FUNCTIONS = ("count", "known", "any_in", "plural")
FUNCTIONS = _CONCEPT_FUNCTIONS + _VALUE_FUNCTIONS
MAX_LENGTH = 2000


def compile_condition(source: str, names: Names) -> Condition:
    """Parse and compile `source`; raises ConditionError with a readable message."""
    if len(source) > MAX_LENGTH:
        raise ConditionError(f"condition is longer than {MAX_LENGTH} characters")
    try:
        tree = load("condition.lark").parse(source)
        used: list[str] = []
        compiler = _Compiler(names, used)
        run = compiler.compile(tree)
    except UnexpectedInput as error:
        raise ConditionError(_syntax_message(source, error)) from None
    except RecursionError:
        raise ConditionError("condition is nested too deeply") from None
    except LarkError as error:  # pragma: no cover - any other parser failure
        raise ConditionError(f"cannot parse {source!r}: {error}") from None
    return Condition(source, run, tuple(dict.fromkeys(used)), tuple(dict.fromkeys(compiler.wanted)))


def _syntax_message(source: str, error: UnexpectedInput) -> str:
    column = getattr(error, "column", None)
    where = f" at column {column}" if isinstance(column, int) and column > 0 else ""
    if isinstance(error, UnexpectedEOF) or (
        isinstance(error, UnexpectedToken) and getattr(error.token, "type", "") == "$END"
    ):
        return f"condition {source!r} ends too early"
    if isinstance(error, UnexpectedCharacters):
        return f"condition {source!r}: unexpected character{where} (names are lower_case, strings use double quotes)"
    if isinstance(error, UnexpectedToken):
        return f"condition {source!r}: unexpected {error.token!s:.20}{where}"
    return f"condition {source!r} does not parse{where}"


def _compare(op: str) -> Callable[[Any, Any], bool]:
    def ordered(check: Callable[[Any, Any], bool]) -> Callable[[Any, Any], bool]:
        def run(a: Any, b: Any) -> bool:
            if a is None or b is None:
                return False  # an unknown quantity satisfies no comparison
            try:
                return bool(check(a, b))
            except TypeError:
                return False

        return run

    table: dict[str, Callable[[Any, Any], bool]] = {
        "==": lambda a, b: a == b,
        "!=": lambda a, b: a != b,
        "<": ordered(lambda a, b: a < b),
        "<=": ordered(lambda a, b: a <= b),
        ">": ordered(lambda a, b: a > b),
        ">=": ordered(lambda a, b: a >= b),
    }
    return table[op]


def _plural(number: Any, word: Any) -> str | None:
    """`1 week`, `3 weeks`, `2.5 weeks`: a count with its noun; unknown when the count is."""
    if number is None:
        return None
    shown = f"{number:g}" if isinstance(number, float) else str(number)
    return f"{shown} {word}{'' if number == 1 else 's'}"


def _contains(container: Any, value: Any) -> bool:
    if container is None:
        return False
    if isinstance(container, str):
        return isinstance(value, str) and value in container
    return value in container


class _Compiler:
    def __init__(self, names: Names, used: list[str]) -> None:
        self.names = names
        self.used = used
        self.wanted: list[str] = []
        self._negations = 0  # how many `not`s enclose the expression being compiled

    def compile(self, tree: Tree[Token] | Token) -> Compiled:
        if isinstance(tree, Token):  # pragma: no cover - the grammar wraps every token
            raise ConditionError(f"unexpected {tree!s}")
        method = getattr(self, f"_{tree.data}", None)
        if method is None:  # pragma: no cover - every rule of the grammar has a method
            raise ConditionError(f"unsupported expression {tree.data}")
        result: Compiled = method(tree.children)
        return result

    def _any_of(self, children: list[Any]) -> Compiled:
        parts = [self.compile(c) for c in children]
        if len(parts) == 1:
            return parts[0]
        return lambda scope: any(p(scope) for p in parts)

    def _all_of(self, children: list[Any]) -> Compiled:
        parts = [self.compile(c) for c in children]
        if len(parts) == 1:
            return parts[0]
        return lambda scope: all(p(scope) for p in parts)

    def _negate(self, children: list[Any]) -> Compiled:
        self._negations += 1
        try:
            inner = self.compile(children[0])
        finally:
            self._negations -= 1
        return lambda scope: not inner(scope)

    def _compare(self, children: list[Any]) -> Compiled:
        left, op, right = self.compile(children[0]), _compare(str(children[1])), self.compile(children[2])
        return lambda scope: op(left(scope), right(scope))

    def _member(self, children: list[Any]) -> Compiled:
        value, container = self.compile(children[0]), self.compile(children[1])
        return lambda scope: _contains(container(scope), value(scope))

    def _not_member(self, children: list[Any]) -> Compiled:
        value, container = self.compile(children[0]), self.compile(children[1])
        return lambda scope: not _contains(container(scope), value(scope))

    def _string(self, children: list[Any]) -> Compiled:
        text = str(children[0])[1:-1]
        return lambda scope: text

    def _number(self, children: list[Any]) -> Compiled:
        raw = str(children[0])
        number = float(raw) if "." in raw else int(raw)
        return lambda scope: number

    def _true(self, children: list[Any]) -> Compiled:
        return lambda scope: True

    def _false(self, children: list[Any]) -> Compiled:
        return lambda scope: False

    def _list(self, children: list[Any]) -> Compiled:
        parts = [self.compile(c) for c in children if c is not None]
        return lambda scope: [p(scope) for p in parts]

    def _name(self, children: list[Any]) -> Compiled:
        name = str(children[0])
        if name in self.names.constants:
            constant = self.names.constants[name]
            return lambda scope: constant
        if name in self.names.facts:
            self.used.append(name)
            return lambda scope: scope.fact(name)
        if name in self.names.concepts:
            self.used.append(name)
            if self._negations % 2:
                self.wanted.append(name)
            return lambda scope: scope.concept(name) == "documented"
        if name in self.names.groups:
            raise ConditionError(f"{name!r} is a group of concepts: use it inside missing(...) or documented(...)")
        raise ConditionError(f"unknown fact or concept {name!r}{self._suggest(name)}")

    def _call(self, children: list[Any]) -> Compiled:
        function = str(children[0])
        args = [c for c in children[1:] if c is not None]
        if function in _CONCEPT_FUNCTIONS:
            return self._concept_call(function, args)
        if function not in _VALUE_FUNCTIONS:
            raise ConditionError(f"unknown function {function!r} (known: {', '.join(FUNCTIONS)})")
        values = [self.compile(a) for a in args]
        if function == "any_in":
            if len(values) != 2:
                raise ConditionError("any_in(a, b) takes two lists")
            a, b = values
            return lambda scope: bool(set(a(scope) or ()) & set(b(scope) or ()))
        if function == "plural":
            if len(values) != 2:
                raise ConditionError('plural(number, "word") takes a number and a word')
            number, word = values
            return lambda scope: _plural(number(scope), word(scope))
        if len(values) != 1:
            raise ConditionError(f"{function}(...) takes one value")
        (only,) = values
        if function == "count":
            return lambda scope: len(only(scope) or ())
        return lambda scope: only(scope) is not None

    def _concept_call(self, function: str, args: list[Any]) -> Compiled:
        concepts: list[str] = []
        for arg in args:
            if not (isinstance(arg, Tree) and arg.data == "name"):
                raise ConditionError(f"{function}(...) takes concept names, e.g. {function}(analgesia)")
            name = str(arg.children[0])
            if name in self.names.groups:
                concepts.extend(self.names.groups[name])
            elif name in self.names.concepts:
                concepts.append(name)
            else:
                raise ConditionError(f"unknown concept {name!r} in {function}(...){self._suggest(name)}")
        if not concepts:
            raise ConditionError(f"{function}(...) needs at least one concept")
        self.used.extend(concepts)
        wanted = tuple(dict.fromkeys(concepts))
        if function == "missing" or (function != "absent" and self._negations % 2):
            self.wanted.extend(wanted)
        if function == "missing":
            return lambda scope: [scope.label(c) for c in wanted if scope.concept(c) != "documented"]
        state = {"documented": "documented", "absent": "absent"}.get(function)
        if state is None:  # mentioned
            return lambda scope: all(scope.concept(c) != "unknown" for c in wanted)
        return lambda scope: all(scope.concept(c) == state for c in wanted)

    def _suggest(self, name: str) -> str:
        import difflib

        known = [*self.names.facts, *self.names.concepts, *self.names.groups, *self.names.constants]
        close = difflib.get_close_matches(name, known, n=1)
        return f" (did you mean {close[0]!r}?)" if close else ""
