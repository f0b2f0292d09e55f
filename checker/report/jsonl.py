"""JSON Lines: one letter per line, written and flushed as each letter finishes.

Each line is the same object as an entry of the JSON report's `letters` list, so a very large
run can be read (or tailed) line by line without holding the whole report.
"""

from __future__ import annotations

import json

from checker.model import LetterResult
from checker.report.base import Formatter
from checker.report.views import letter_dict


class JsonLinesFormatter(Formatter):
    def letter(self, result: LetterResult) -> None:
        self.stream.write(json.dumps(letter_dict(result), ensure_ascii=False) + "\n")
        self.stream.flush()
