"""What every report format implements: begin, one call per letter as it finishes, end."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TextIO

from ..model import LetterResult
from ..serialize import Summary


@dataclass(frozen=True)
class RunInfo:
    """What a report says about the run itself."""

    tool_version: str
    rulebook_name: str
    rulebook_version: str
    rule_count: int
    color: bool = False


class Formatter:
    """Writes a report to `stream` letter by letter, so a long run never holds every result."""

    def __init__(self, stream: TextIO, run: RunInfo) -> None:
        self.stream = stream
        self.run = run

    def begin(self) -> None:
        """Write what comes before the first letter."""

    def letter(self, result: LetterResult) -> None:
        raise NotImplementedError

    def end(self, summary: Summary) -> None:
        """Write what comes after the last letter."""
