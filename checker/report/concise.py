"""One line per flag, `path:line:col: RULE message`, like ruff's `concise` output: for editors,
grep and CI problem matchers. Waived flags are left out (they do not count); a letter that
cannot be read is one `unreadable:` line. Letters carry no columns, so the column is 1."""

from __future__ import annotations

from checker.model import LetterResult
from checker.report.base import Formatter, count, flag_line, safe
from checker.report.views import Summary


class ConciseFormatter(Formatter):
    def letter(self, result: LetterResult) -> None:
        write = self.stream.write
        path = safe(result.path)  # a terminal reads this: no control characters from names or letters
        for problem in result.errors:
            write(f"{path}:{problem.line or 1}:1: unreadable: {safe(problem.message)}\n")
        for item, flag in result.flagged():
            if flag.waived is None:
                write(f"{path}:{flag_line(item, flag) or 1}:1: {safe(flag.rule)} {safe(flag.message)}\n")

    def end(self, summary: Summary) -> None:
        found = f"Found {count(summary.flags, 'flag')} in {count(summary.letters, 'letter')}"
        extra = [f"{n} {label}" for n, label in ((summary.errors, "unreadable"), (summary.waived, "waived")) if n]
        self.stream.write(found + (f" ({', '.join(extra)})" if extra else "") + ".\n")
