"""The JSON report: the contract in DESIGN.md, streamed one letter at a time."""

from __future__ import annotations

import json

from checker.model import LetterResult
from checker.report.base import Formatter
from checker.report.jsontext import dumps_indented
from checker.report.views import Summary, letter_dict


class JsonFormatter(Formatter):
    def begin(self) -> None:
        head = {
            "tool": {"name": "imr-check", "version": self.run.tool_version},
            "rulebook": {
                "name": self.run.rulebook_name,
                "version": self.run.rulebook_version,
                "rules": self.run.rule_count,
            },
        }
        # Written by hand around the letters list so letters stream out as they finish.
        self.stream.write(json.dumps(head, indent=2)[:-2] + ',\n  "letters": [')
        self._first = True

    def letter(self, result: LetterResult) -> None:
        body = dumps_indented(letter_dict(result))  # json.dumps(..., indent=2, ensure_ascii=False), faster
        self.stream.write(("\n    " if self._first else ",\n    ") + body.replace("\n", "\n    "))
        self._first = False

    def end(self, summary: Summary) -> None:
        tail = json.dumps(summary.to_dict())
        self.stream.write(("\n  " if not self._first else "") + f'],\n  "summary": {tail}\n}}\n')
