"""What the layout readers share: parsing with a layout grammar and reporting its failures."""

from __future__ import annotations

from lark import Tree
from lark.exceptions import UnexpectedInput, UnexpectedToken

from checker.parse.grammars import load
from checker.parse.items import NotALetter
from checker.parse.structure import StructureError
from checker.read.normalize import NormalizedText


def structure_failure(error: StructureError, text: NormalizedText) -> NotALetter:
    """A grammar failure as a per-letter error pointing at the original line."""
    line = None
    if error.index is not None and error.index < len(text.numbers):
        line = text.numbers[error.index]
    return NotALetter(f"cannot parse letter: {error}", line)


def parse_lines(text: NormalizedText, grammar: str, names: dict[str, str]) -> Tree:
    """Parse normalized lines with a line-level layout grammar; raises NotALetter."""
    source = "\n".join(text.lines) + "\n" if text.lines else ""
    try:
        return load(grammar).parse(source)
    except UnexpectedInput as error:
        index = max(int(getattr(error, "line", 1) or 1) - 1, 0)
        if isinstance(error, UnexpectedToken):
            found = names.get(error.token.type, repr(str(error.token).strip()))
            message = f"unexpected {found}"
        else:
            message = "unreadable text where a line was expected"
        raise structure_failure(StructureError(message, index), text) from None
