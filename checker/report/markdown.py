"""Markdown for a pull-request comment: a compact summary table, then the flags.

The summary needs every letter, so flag rows wait in a spool; a comment has a size limit, so
only the first `MAX_ROWS` flags are listed, with a count of the rest.
"""

from __future__ import annotations

import html
import re

from checker.model import LetterResult
from checker.report.base import Formatter, Spool, count, flag_line, flag_parts, location
from checker.report.views import Summary

MAX_ROWS = 200
_ICONS = {"error": "🔴", "warning": "🟠", "info": "🔵"}


# Markdown's punctuation, escaped so letter text renders as the text it is: no image, link,
# emphasis, strike-through or code. `@` and `#` get a word joiner (U+2060), which shows as
# nothing, so a name or number after them is no mention or issue reference on a forge.
_MARKDOWN = str.maketrans(
    {**{c: "\\" + c for c in "\\`*_[]()!|~"}, "@": "@\u2060", "#": "#\u2060", "\n": " ", "\r": " "}
)


def cell(text: object) -> str:
    """Text safe inside a table cell: no pipes, no line breaks, no raw HTML, no markup."""
    return html.escape(str(text), quote=False).translate(_MARKDOWN).strip()


def code(text: object) -> str:
    """`text` as a code span (nothing inside renders): fenced by more backticks than it holds."""
    value = str(text).replace("\n", " ").replace("\r", " ").replace("|", "\\|")
    fence = "`" * (max((len(run) for run in re.findall(r"`+", value)), default=0) + 1)
    pad = " " if value.startswith("`") or value.endswith("`") else ""
    return f"{fence}{pad}{value}{pad}{fence}"


class MarkdownFormatter(Formatter):
    def begin(self) -> None:
        self._rows = Spool()
        self._listed = self._unlisted = 0
        self._unreadable: list[str] = []

    def letter(self, result: LetterResult) -> None:
        if result.status == "error" and len(self._unreadable) < MAX_ROWS:
            message = "; ".join(p.message for p in result.errors)
            self._unreadable.append(f"- {code(result.path)}: {cell(message)}")
        for item, flag in result.flagged():
            if self._listed >= MAX_ROWS:
                self._unlisted += 1
                continue
            self._listed += 1
            line = flag_line(item, flag)
            where = location(result.path, line)
            treatment = f"{item.item.treatment.text} ({item.item.decision})" if item else "(letter)"
            severity = f"{_ICONS[flag.severity]} {flag.severity}"
            message = cell(flag.message) + (f" — *waived: {cell(flag.waived)}*" if flag.waived is not None else "")
            # the criterion, what was found and is missing, what to check: each on its own line of the cell
            message += "".join(f"<br>**{label}:** {cell(text)}" for label, text in flag_parts(flag))
            if flag.waived is not None:
                severity = f"~~{severity}~~"
            self._rows.write(f"| {code(where)} | {cell(treatment)} | {severity} | {code(flag.rule)} | {message} |\n")

    def end(self, summary: Summary) -> None:
        write = self.stream.write
        verdict = "✅ no flags" if not summary.flags and not summary.errors else count(summary.flags, "flag")
        write(f"## imr-check: {verdict} in {count(summary.letters, 'letter')}\n\n")
        write("| letters | items | flags | error | warning | info | waived | baselined | unreadable |\n")
        write("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
        severity = summary.by_severity
        write(
            f"| {summary.letters} | {summary.items} | {summary.flags} | {severity.get('error', 0)} | "
            f"{severity.get('warning', 0)} | {severity.get('info', 0)} | {summary.waived} | "
            f"{summary.baselined} | {summary.errors} |\n\n"
        )
        if summary.by_category:
            categories = ", ".join(f"{name} {n}" for name, n in sorted(summary.by_category.items()))
            write(f"By category: {categories}. Run fails on: `{self.run.fail_on}`.\n\n")
        if self._listed:
            write("### Flags\n\n| where | item | severity | rule | message |\n|---|---|---|---|---|\n")
            self._rows.copy_to(self.stream)
            if self._unlisted:
                write(f"\n…and {count(self._unlisted, 'more flag')}: see the full report.\n")
            write("\n")
        if self._unreadable:
            write("### Letters that could not be read\n\n" + "\n".join(self._unreadable) + "\n\n")
        run = self.run
        write(f"<sub>imr-check {run.tool_version}, rulebook {run.rulebook_name} {run.rulebook_version}</sub>\n")
