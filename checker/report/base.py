"""What every report format implements: begin, one call per letter as it finishes, end."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TextIO

from checker.model import Flag, ItemResult, LetterResult, severity_fails
from checker.report.ruleinfo import RuleInfo
from checker.report.views import Summary


@dataclass(frozen=True)
class RunInfo:
    """What a report says about the run itself."""

    tool_version: str
    rulebook_name: str
    rulebook_version: str
    rule_count: int
    color: bool = False
    fail_on: str = "error"  # the lowest severity that fails the run, or "never"
    allow_unreadable: bool = False
    rules: tuple[RuleInfo, ...] = ()  # every rule of the rulebook, after disabling and overrides

    def fails(self, severity: str) -> bool:
        """Whether a flag of `severity` fails the run (JUnit failures, highlighted rows)."""
        return severity_fails(severity, self.fail_on)


def count(n: int, noun: str) -> str:
    """`1 letter`, `2 letters`: every count a report writes in words."""
    return f"{n} {noun}{'s' * (n != 1)}"


# Letter text and file names reach a terminal: control characters (escape sequences, carriage
# returns, C1 controls) and the marks that reorder text are dropped, line breaks become spaces.
_UNSAFE = dict.fromkeys([*range(0, 32), 127, *range(128, 160), *range(8234, 8239), *range(8294, 8298)])
_UNSAFE.update({ord("\n"): " ", ord("\t"): " "})


def safe(text: object) -> str:
    """`text` without anything that would steer the terminal it is printed on."""
    return str(text).translate(_UNSAFE)


def location(path: str, line: int | None) -> str:
    """`path:line`, or the path alone when there is no line to point at."""
    return f"{path}:{line}" if line else path


class Formatter:
    """Writes a report to `stream` letter by letter, so a long run never holds every result."""

    def __init__(self, stream: TextIO, run: RunInfo) -> None:
        self.stream = stream
        self.run = run

    def begin(self) -> None:
        """Write what comes before the first letter."""

    def letter(self, result: LetterResult) -> None:
        raise NotImplementedError

    def end(self, summary: Summary) -> None:
        """Write what comes after the last letter."""


class Spool:
    """Report text held back until the end (a summary must come first): on disk past 1 MiB."""

    def __init__(self) -> None:
        import tempfile

        # Closed in copy_to, at the end of the report; a context manager cannot span the calls.
        self._file = tempfile.SpooledTemporaryFile(  # noqa: SIM115
            max_size=1 << 20, mode="w+", encoding="utf-8", newline=""
        )

    def write(self, text: str) -> None:
        self._file.write(text)

    def copy_to(self, stream: TextIO) -> None:
        import shutil

        self._file.seek(0)
        shutil.copyfileobj(self._file, stream)
        self._file.close()


def flag_page(item: ItemResult | None, flag: Flag) -> int | None:
    """The page `flag_line` is on, when the letter has pages (a PDF)."""
    if item is not None:
        return item.item.page
    return flag.evidence[0].page if flag.evidence else None


def flag_line(item: ItemResult | None, flag: Flag) -> int | None:
    """Where a flag points: its item's header line (a flag about the whole letter: its first
    evidence line)."""
    if item is not None:
        return item.item.line
    return flag.evidence[0].line if flag.evidence else None


def lines_text(lines: list[int]) -> str:
    """`line 35`, `lines 35, 181`."""
    return f"line{'s' * (len(lines) > 1)} {', '.join(map(str, lines))}"


def found_text(flag: Flag) -> str:
    """What the rule found, each finding with its lines: `analgesia (lines 41, 43); weeks of
    use: 6 months, as stated (line 12)`."""
    found: dict[str, list[int]] = {}
    for evidence in flag.evidence:
        if evidence.role == "found":
            found.setdefault(evidence.about or "evidence", []).append(evidence.line)
    return "; ".join(f"{about} ({lines_text(sorted(set(lines)))})" for about, lines in found.items())


def missing_text(flag: Flag) -> str:
    """What is missing and how: `adverse effects: not mentioned; acute exacerbation: the case
    summary states there is none (line 40)`."""
    return "; ".join(f"{m.what}: {m.state}" + (f" (line {m.line})" if m.line else "") for m in flag.missing)


def flag_parts(flag: Flag) -> list[tuple[str, str]]:
    """A flag's parts after its message (what is inconsistent), each labelled, empty ones left
    out: the criterion with its section and pages, what was found, what is missing, what to check."""
    parts = [
        ("criterion", flag.criterion),
        ("found", found_text(flag)),
        ("missing", missing_text(flag)),
        ("check", flag.check),
    ]
    return [(label, text) for label, text in parts if text]
