"""What the layout readers share: spans of lines, parsing with a line-level layout grammar, and
reporting its failures as per-letter errors."""

from __future__ import annotations

from dataclasses import dataclass

from lark import Token, Tree
from lark.exceptions import UnexpectedInput, UnexpectedToken

from checker.parse.grammars import line_parser
from checker.parse.items import NotALetter
from checker.read.normalize import NormalizedText


class StructureError(ValueError):
    """The letter's lines do not follow the layout; `index` is the normalized line."""

    def __init__(self, message: str, index: int | None) -> None:
        super().__init__(message)
        self.index = index


@dataclass(frozen=True, slots=True)
class Span:
    """Normalized lines `start` to `stop - 1`; `start` is the heading or header line."""

    kind: str
    start: int
    stop: int


def line_index(token: Token) -> int:
    """The normalized line a token of a line-level grammar starts on (0-based)."""
    return (token.line or 1) - 1


def span_of(tree: Tree[Token], total: int | None = None) -> Span | None:
    """The normalized lines a subtree covers, from its tokens; None when it holds none.

    A token ends where the next line starts, and one token may cover a run of lines.
    """
    start = end = -1
    for token in tree.scan_values(lambda v: isinstance(v, Token)):
        if start < 0:
            start = line_index(token)
        end = max(end, (token.end_line or 1) - 1)
    if start < 0:
        return None
    return Span(str(tree.data), start, end if total is None else min(end, total))


def structure_failure(error: StructureError, text: NormalizedText) -> NotALetter:
    """A grammar failure as a per-letter error pointing at the original line."""
    line = None
    if error.index is not None and error.index < len(text.numbers):
        line = text.numbers[error.index]
    return NotALetter(f"cannot parse letter: {error}", line)


def parse_lines(text: NormalizedText, grammar: str, names: dict[str, str]) -> Tree[Token]:
    """Parse normalized lines with a line-level layout grammar; raises NotALetter."""
    try:
        return line_parser(grammar, every_line=True).parse(text.lines)
    except UnexpectedInput as error:
        index = max(int(getattr(error, "line", 1) or 1) - 1, 0)
        if isinstance(error, UnexpectedToken):
            found = names.get(error.token.type, repr(str(error.token).strip()))
            message = f"unexpected {found}"
        else:
            message = "unreadable text where a line was expected"
        raise structure_failure(StructureError(message, index), text) from None
