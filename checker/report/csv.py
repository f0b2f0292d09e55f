"""CSV: one row per flag, for a spreadsheet. Waived flags are rows too, with the waiver's reason."""

from __future__ import annotations

import csv

from checker.model import LetterResult
from checker.report.base import Formatter, flag_line, flag_page

COLUMNS = (
    "letter",
    "line",
    "treatment",
    "drug",
    "class",
    "decision",
    "rule",
    "category",
    "severity",
    "message",
    "waived",
    "page",  # the PDF page of `line`; empty for text letters
)


# A cell a spreadsheet would read as a formula (OWASP, "CSV Injection"): such text gets a
# leading apostrophe, which spreadsheets show as text and do not print.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def neutral(value: object) -> object:
    """`value`, with text that starts like a formula made inert."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


class CsvFormatter(Formatter):
    def begin(self) -> None:
        self._writer = csv.writer(self.stream)
        self._writer.writerow(COLUMNS)

    def letter(self, result: LetterResult) -> None:
        for item_result, flag in result.flagged():
            item = item_result.item if item_result is not None else None
            line = flag_line(item_result, flag)
            self._writer.writerow(
                neutral(cell)
                for cell in (
                    result.path,
                    "" if line is None else line,
                    item.treatment.text if item else "",
                    (item.drug or "") if item else "",
                    item.drug_class if item else "",
                    item.decision if item else "",
                    flag.rule,
                    flag.category,
                    flag.severity,
                    flag.message,
                    flag.waived or "",
                    flag_page(item_result, flag) or "",
                )
            )
