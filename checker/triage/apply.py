"""What the run does to each letter's flags before any report sees them.

The rulebook has already left out disabled rules and applied severity overrides; here the
baseline drops the flags it already holds and waivers mark the ones a QA lead accepted. Every
report format then renders the same triaged results.
"""

from __future__ import annotations

from dataclasses import dataclass

from checker.model import LetterResult
from checker.triage.baseline import Baseline
from checker.triage.waivers import Waivers


@dataclass
class Triage:
    baseline: Baseline | None = None
    waivers: Waivers | None = None

    def apply(self, result: LetterResult) -> tuple[LetterResult, int]:
        """The triaged result and how many of its flags the baseline dropped."""
        if result.status != "ok":
            return result, 0
        dropped = 0
        if self.baseline is not None:
            result, dropped = self.baseline.drop_known(result)
        if self.waivers is not None:
            result = self.waivers.apply(result)
        return result, dropped
