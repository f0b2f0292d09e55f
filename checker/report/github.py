"""GitHub Actions workflow commands: one annotation per flag on the letter's line.

`::error file=letters/004.txt,line=141,title=MTUS-DEC-001::message`, with `warning` and
`notice` for the lower severities. GitHub shows them on the run and on the pull request's
changed lines. Paths are relative to the working directory (the workspace). Waived flags are
left out; a letter that cannot be read is an error annotation.
"""

from __future__ import annotations

from checker.model import LetterResult
from checker.report.base import Formatter, flag_line
from checker.triage.baseline import letter_key

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    """A workflow command's message, escaped as the runner reads it."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(command: str, path: str, line: int | None, title: str, message: str) -> str:
    where = f"file={_property(path)}" + (f",line={line}" if line else "")
    return f"::{command} {where},title={_property(title)}::{_data(message)}\n"


class GithubFormatter(Formatter):
    def letter(self, result: LetterResult) -> None:
        path = letter_key(result.path)
        for problem in result.errors:
            self.stream.write(annotation("error", path, problem.line, "imr-check: unreadable letter", problem.message))
        for item, flag in result.flagged():
            if flag.waived is None:
                command = COMMANDS[flag.severity]
                self.stream.write(annotation(command, path, flag_line(item, flag), flag.rule, flag.message))
