"""JUnit XML, as GitLab and Jenkins read it: a test suite per letter, a test case per item.

Each flag at or above the fail level (`--fail-on`) is a `<failure>` of its item's test case;
flags below it and waived flags are listed in the case's `<system-out>`. A letter that cannot
be read is one test case with an `<error>` (or `<skipped>` with `--allow-unreadable`). The
`failures` counts are the number of `<failure>` elements. The root element's totals need every
letter first, so suites are held in a spool (on disk past 1 MiB) until the end.

`time` is what the run spent on each letter as the report saw it (from the previous letter's
result to this one's), shared evenly among the letter's test cases; the root's is the total.
"""

from __future__ import annotations

import re
import time
from xml.sax.saxutils import escape, quoteattr

from checker.model import Flag, LetterResult
from checker.report.base import Formatter, Spool, flag_parts
from checker.report.views import Summary

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_TIME = "\x00time\x00"  # stands for a case's time until the letter's is known; escaped text has no NUL


def _text(value: object) -> str:
    return escape(_NOT_XML.sub("\ufffd", str(value)))


def _attr(value: object) -> str:
    return quoteattr(_NOT_XML.sub("\ufffd", str(value)))


class JUnitFormatter(Formatter):
    def begin(self) -> None:
        self._spool = Spool()
        self._tests = self._failures = self._errors = self._skipped = 0
        self._clock = time.perf_counter()
        self._total = 0.0

    def letter(self, result: LetterResult) -> None:
        cases: list[str] = []
        failures = errors = skipped = 0
        path = result.path
        if result.status == "error":
            message = "; ".join(p.message for p in result.errors)
            tag = "skipped" if self.run.allow_unreadable else "error"
            skipped, errors = (1, 0) if self.run.allow_unreadable else (0, 1)
            cases.append(
                f"    <testcase classname={_attr(path)} name={_attr('read and parse the letter')} file={_attr(path)}"
                f' time="{_TIME}">\n'
                f"      <{tag} message={_attr(message)}/>\n    </testcase>\n"
            )
        if result.flags:
            case, failed = self._case(path, "the letter as a whole", None, result.flags)
            cases.append(case)
            failures += failed
        for item_result in result.items:
            item = item_result.item
            page = f", page {item.page}" if item.page is not None else ""
            name = f"{item.treatment.text} ({item.decision}, line {item.line}{page})"
            case, failed = self._case(path, name, item.line, item_result.flags)
            cases.append(case)
            failures += failed
        now = time.perf_counter()
        spent, self._clock = now - self._clock, now
        self._total += spent
        share = f"{spent / max(len(cases), 1):.3f}"
        self._tests += len(cases)
        self._failures += failures
        self._errors += errors
        self._skipped += skipped
        self._spool.write(
            f'  <testsuite name={_attr(path)} tests="{len(cases)}" failures="{failures}" '
            f'errors="{errors}" skipped="{skipped}" time="{spent:.3f}">\n'
            + "".join(cases).replace(_TIME, share)
            + "  </testsuite>\n"
        )

    def _case(self, path: str, name: str, line: int | None, flags: tuple[Flag, ...]) -> tuple[str, int]:
        where = f' line="{line}"' if line else ""
        parts = [
            f'    <testcase classname={_attr(path)} name={_attr(name)} file={_attr(path)}{where} time="{_TIME}">\n'
        ]
        notes = []
        failed = 0
        for flag in flags:
            if flag.waived is None and self.run.fails(flag.severity):
                failed += 1
                parts.append(
                    f"      <failure type={_attr(flag.category)} message={_attr(f'{flag.rule}: {flag.message}')}>"
                    f"{_text(self._details(path, flag))}</failure>\n"
                )
            else:
                why = f"waived: {flag.waived}" if flag.waived is not None else f"below --fail-on {self.run.fail_on}"
                notes.append(f"{flag.severity} {flag.rule} ({why}): {flag.message}\n{self._details(path, flag)}")
        if notes:
            parts.append(f"      <system-out>{_text(chr(10).join(notes))}</system-out>\n")
        parts.append("    </testcase>\n")
        return "".join(parts), failed

    @staticmethod
    def _details(path: str, flag: Flag) -> str:
        lines = [f"{flag.severity} {flag.rule} [{flag.category}] {flag.message}"]
        lines += [f"{label}: {text}" for label, text in flag_parts(flag)]
        lines += [
            f"{path}:{e.line}{f' (page {e.page})' if e.page is not None else ''}: {e.role or 'found'}: {e.text}"
            for e in flag.evidence
        ]
        return "\n".join(lines)

    def end(self, summary: Summary) -> None:
        self.stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        self.stream.write(
            f'<testsuites name="imr-check" tests="{self._tests}" failures="{self._failures}" '
            f'errors="{self._errors}" skipped="{self._skipped}" time="{self._total:.3f}">\n'
        )
        self._spool.copy_to(self.stream)
        self.stream.write("</testsuites>\n")
