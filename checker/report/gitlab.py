"""GitLab Code Quality: a JSON array of issues, shown in the merge request's widget.

Each counted flag is an issue with its rule as `check_name`, the letter's path relative to the
working directory and its line, a severity (error: critical, warning: major, info: info) and a
fingerprint that ignores line numbers (the baseline's, numbered when a letter repeats one), so
GitLab tracks a flag across edits. A letter that cannot be read is a `blocker`. Issues stream
out as letters finish.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from checker.model import LetterResult
from checker.report.base import Formatter, flag_line
from checker.report.views import Summary
from checker.triage.baseline import fingerprint, letter_key

SEVERITIES = {"error": "critical", "warning": "major", "info": "info"}


class GitlabFormatter(Formatter):
    def begin(self) -> None:
        self._first = True
        self._seen: dict[str, int] = {}
        self.stream.write("[")

    def letter(self, result: LetterResult) -> None:
        path = letter_key(result.path)
        for problem in result.errors:
            key = hashlib.sha256(f"{path}\x1funreadable\x1f{problem.message}".encode()).hexdigest()[:32]
            self._issue(
                "imr-check/unreadable", f"unreadable letter: {problem.message}", "blocker", path, problem.line, key
            )
        for item, flag in result.flagged():
            if flag.waived is not None:
                continue
            treatment = item.item.treatment.text if item is not None else ""
            key = fingerprint(result.path, treatment, flag)
            message = f"{flag.rule}: {flag.message}"
            self._issue(flag.rule, message, SEVERITIES[flag.severity], path, flag_line(item, flag), key)

    def _issue(self, check: str, description: str, severity: str, path: str, line: int | None, key: str) -> None:
        seen = self._seen[key] = self._seen.get(key, 0) + 1
        unique = key if seen == 1 else hashlib.sha256(f"{key}\x1f{seen}".encode()).hexdigest()[:32]
        issue: dict[str, Any] = {
            "type": "issue",
            "check_name": check,
            "description": description,
            "severity": severity,
            "fingerprint": unique,
            "location": {"path": path, "lines": {"begin": line or 1}},
        }
        self.stream.write(("\n  " if self._first else ",\n  ") + json.dumps(issue, ensure_ascii=False))
        self._first = False

    def end(self, summary: Summary) -> None:
        self.stream.write("]\n" if self._first else "\n]\n")
