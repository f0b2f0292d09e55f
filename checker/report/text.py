"""The text report a QA reviewer reads: each letter, its items, each flag with its evidence."""

from __future__ import annotations

from checker.model import Flag, LetterResult
from checker.report.base import Formatter, count, flag_parts, location, safe
from checker.report.views import Summary

# rich style names; the codes are rendered once, so colour costs nothing per line.
STYLES = {"error": "red", "warning": "yellow", "info": "cyan", "ok": "green", "dim": "dim", "bold": "bold"}


def ansi_codes() -> dict[str, tuple[str, str]]:
    """Each style's escape codes before and after the text, as rich renders them."""
    from rich.color import ColorSystem
    from rich.style import Style

    out = {}
    for name, spec in STYLES.items():
        before, after = Style.parse(spec).render("\0", color_system=ColorSystem.STANDARD).split("\0")
        out[name] = (before, after)
    return out


class TextFormatter(Formatter):
    def begin(self) -> None:
        self._codes = ansi_codes() if self.run.color else {}

    def _paint(self, text: str, style: str) -> str:
        if not self._codes:
            return text
        before, after = self._codes[style]
        return f"{before}{text}{after}"

    def letter(self, result: LetterResult) -> None:
        write = self.stream.write
        path = safe(result.path)
        if result.status == "error":
            write(f"{self._paint(path, 'bold')}\n")
            for problem in result.errors:
                where = location(path, problem.line)
                write(f"  {self._paint('error', 'error')}  {where}: {safe(problem.message)}\n")
            write("\n")
            return
        flags = result.flag_count
        status = self._paint(count(flags, "flag"), "error" if flags else "ok")
        write(f"{self._paint(path, 'bold')}  ({result.layout}, {count(len(result.items), 'item')}, {status})\n")
        for problem in result.warnings:
            where = location(path, problem.line)
            write(f"  {self._paint('warning', 'warning')}  {where}: {safe(problem.message)}\n")
        for item_result in result.items:
            item = item_result.item
            drug = safe(f"{item.drug} [{item.drug_class}]" if item.drug else f"[{item.drug_class}]")
            page = f", page {item.page}" if item.page is not None else ""
            judged = f", {item_result.guideline.id}" if item_result.guideline is not None else ""
            write(
                f"  {item.line:>4}  {safe(item.treatment.text)}: {item.decision}"
                f"  {self._paint(f'{drug}, UR {item.ur_status}{page}{judged}', 'dim')}\n"
            )
            for note in item_result.notes:
                write(f"        {self._paint('note   ', 'info')} {note.message}\n")
            for flag in item_result.flags:
                self._flag(flag, path)
        for flag in result.flags:
            self._flag(flag, path)
        write("\n")

    def _flag(self, flag: Flag, path: str) -> None:
        write = self.stream.write
        severity = self._paint(f"{flag.severity:<7}", flag.severity)
        write(f"        {severity} {safe(flag.rule)}  {safe(flag.message)}  ({flag.category})\n")
        if flag.waived is not None:
            write(f"                {self._paint(f'waived: {safe(flag.waived)}', 'dim')}\n")
        for label, text in flag_parts(flag):
            write(f"                {self._paint(f'{label:<9}', 'bold')} {safe(text)}\n")
        for evidence in flag.evidence:
            where = f"{path}:{evidence.line}" + (f" (page {evidence.page})" if evidence.page is not None else "")
            role = f"{evidence.role or 'found':<10}"
            write(f"                {self._paint(where, 'dim')}  {self._paint(role, 'dim')} {safe(evidence.text)}\n")

    def end(self, summary: Summary) -> None:
        parts = [count(summary.letters, "letter"), count(summary.items, "item")]
        severities = ", ".join(f"{n} {s}" for s, n in sorted(summary.by_severity.items()))
        parts.append(count(summary.flags, "flag") + (f" ({severities})" if severities else ""))
        parts.append(f"{summary.errors} unreadable")
        parts += [
            f"{n} {label}" for n, label in ((summary.waived, "waived"), (summary.baselined, "in the baseline")) if n
        ]
        style = "error" if summary.flags or summary.errors else "ok"
        self.stream.write(self._paint(", ".join(parts), style) + "\n")
