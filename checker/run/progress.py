"""What a run shows on a terminal: whether the report is coloured, and the progress bar.

The bar goes to standard error, and only where it cannot mix with the report: never when
standard output is the same terminal, unless the report goes to a file. It is transient, so it
is gone before the summary and the notes. `rich` is imported only when a bar is shown, so a run
in CI or on one letter starts fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from typing import TextIO, TypeVar

T = TypeVar("T")


def use_color(choice: str, report_to_terminal: bool) -> bool:
    """`--color always|never` decides; `auto` colours a report on a terminal unless NO_COLOR is
    set (no-color.org), or off a terminal when FORCE_COLOR is set."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return report_to_terminal and os.environ.get("TERM") != "dumb"


def wants_bar(verbosity: int, total: int, report_to_file: bool) -> bool:
    """A bar for more than one letter, when not quiet, on a terminal that is not showing the report."""
    if verbosity < 0 or total <= 1 or not sys.stderr.isatty():
        return False
    return report_to_file or not same_terminal(sys.stdout, sys.stderr)


def same_terminal(first: TextIO, second: TextIO) -> bool:
    """Whether both streams write to one terminal device."""
    try:
        if not first.isatty():
            return False
        a, b = os.fstat(first.fileno()), os.fstat(second.fileno())
    except (OSError, ValueError):
        return True  # cannot tell: keep the bar away from the report
    return (a.st_dev, a.st_ino, a.st_rdev) == (b.st_dev, b.st_ino, b.st_rdev)


def with_progress(items: Iterable[T], total: int, enabled: bool, color: str = "auto") -> Iterator[T]:
    """Yield `items` unchanged, advancing a bar on stderr when `enabled`."""
    if not enabled:
        yield from items
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    console = Console(stderr=True, no_color=choice_no_color(color), force_terminal=color == "always" or None)
    columns = (TextColumn("checking"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("letters", total=total)
        for item in items:
            yield item
            bar.advance(task)


def choice_no_color(color: str) -> bool | None:
    """rich's `no_color` for a --color choice: None lets rich read NO_COLOR itself."""
    return True if color == "never" else None
