"""Feedback on long runs: a progress bar on stderr, only when stderr is a terminal.

`rich` is imported only when a bar is shown, so a run in CI or on one letter starts fast.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def wants_bar(verbosity: int, total: int) -> bool:
    """A bar for more than one letter, when not quiet, and only on a terminal."""
    return verbosity >= 0 and total > 1 and sys.stderr.isatty()


def with_progress(items: Iterable[T], total: int, enabled: bool) -> Iterator[T]:
    """Yield `items` unchanged, advancing a bar on stderr when `enabled`."""
    if not enabled:
        yield from items
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("checking"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("letters", total=total)
        for item in items:
            yield item
            bar.advance(task)
