"""One run of the checker from settings to exit status: what `imr-check` and `imr-check baseline` do.

The command line builds a `Settings` and calls `check` or `record_baseline`; everything the run
does (rulebook, letters, triage, report, gating) happens here, so the CLI stays thin.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from checker.datafiles.yamlio import DataError, DataErrors
from checker.model import LetterResult
from checker.read.ingest import printable_path
from checker.report.views import Summary
from checker.rulebook.book import Rulebook
from checker.run.config import load_config
from checker.run.exitcodes import EXIT_CLEAN, EXIT_FAILED
from checker.run.settings import Settings, SettingsError, merge
from checker.triage.apply import Triage
from checker.version import __version__


class UsageError(Exception):
    """A problem with how the tool was called or configured: exit status 2, no traceback."""


class Interrupted(BaseException):
    """SIGTERM or SIGHUP arrived: the run stops as on Ctrl-C (workers ended, temporary files
    removed, an old report left as it was) and exits 128 + the signal's number."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


# The signal that asked the run to stop. The handler raises at once, but an exception raised
# where Python ignores it (a fork handler, a finalizer) would be lost: the run checks again
# after every letter and before it commits the report.
_stop_signal: list[int] = []


def stop_if_asked() -> None:
    if _stop_signal:
        raise Interrupted(_stop_signal[0])


@contextlib.contextmanager
def signals_as_interrupts() -> Iterator[None]:
    """Turn SIGTERM and SIGHUP into `Interrupted` in this (main) thread while a run lasts."""
    _stop_signal.clear()

    def interrupt(signum: int, frame: object) -> None:
        _stop_signal.append(signum)
        raise Interrupted(signum)

    previous = {}
    for signum in (signal.SIGTERM, signal.SIGHUP):
        with contextlib.suppress(ValueError):  # not the main thread: leave signals alone
            previous[signum] = signal.signal(signum, interrupt)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def build_settings(cli_values: dict[str, Any], config_path: str | None = None) -> Settings:
    """Settings from the configuration file (given, or found upward) overlaid by the command line."""
    try:
        config = load_config(config_path)
        return merge(config.values, cli_values, config.path, config.lines)
    except (DataError, DataErrors) as error:
        raise UsageError(f"bad configuration:\n{error}") from None
    except SettingsError as error:
        raise UsageError(f"bad setting: {error}") from None


def open_rulebook(settings: Settings) -> Rulebook:
    """The rulebook the settings name, with their disabled rules and severity overrides."""
    from checker.rulebook.book import default_rulebook, load_rulebook

    try:
        if not (settings.rules or settings.extra_rules or settings.disable or settings.severity):
            return default_rulebook()
        return load_rulebook(
            settings.rules,
            extra=settings.extra_rules,
            disabled=settings.disable,
            severities=dict(settings.severity),
            origins={key: (settings.config_file or "", line) for key, line in settings.origins.items()},
        )
    except (DataError, DataErrors) as error:
        raise UsageError(f"bad rulebook data:\n{error}") from None


@dataclass
class Run:
    """A prepared run: settings, rulebook, letter paths, and the triage every result goes through."""

    settings: Settings
    rulebook: Rulebook
    paths: list[str]

    def __post_init__(self) -> None:
        self.triage = _triage(self.settings, self.rulebook)
        self.summary = Summary()
        self.started = time.perf_counter()
        self.cache: Any = None

    def results(self, report_to_file: bool = False) -> Iterator[LetterResult]:
        """Each letter's triaged result, in input order, counted into `summary`."""
        from checker.run.progress import wants_bar, with_progress
        from checker.run.runner import check_paths, run_options
        from checker.run.worker import EngineUnavailable

        try:
            how = run_options(self.rulebook, self.settings)
        except EngineUnavailable as error:
            raise UsageError(str(error)) from None
        checked = check_paths(self.paths, self.rulebook, self.settings.max_bytes, **how)
        self.cache = how["cache"]
        bar = wants_bar(self.settings.verbosity, len(self.paths), report_to_file)
        stdin_name = self.settings.stdin_filename
        try:
            for checked_result in with_progress(checked, len(self.paths), bar, self.settings.color):
                result = checked_result
                if stdin_name and result.path == "-":
                    result = replace(result, path=stdin_name)
                shown = printable_path(result.path)
                if shown != result.path:  # a file name that is not UTF-8: reports show its bytes
                    result = replace(result, path=shown)
                stop_if_asked()
                triaged, dropped = self.triage.apply(result)
                self.summary.add(triaged)
                self.summary.baselined += dropped
                yield triaged
        except EngineUnavailable as error:  # a Dask scheduler that cannot be reached
            raise UsageError(str(error)) from None

    def exit_status(self) -> int:
        failing = any(self.settings.fails(severity) for severity, n in self.summary.by_severity.items() if n)
        unreadable = self.summary.errors and not self.settings.allow_unreadable
        return EXIT_FAILED if failing or unreadable else EXIT_CLEAN

    def notes(self) -> None:
        """What stderr says after the run, unless quiet: expired waivers, and waivers for letters of
        this run that waived nothing (as linters report unused suppressions); figures with --verbose."""
        if self.settings.verbosity < 0:
            return
        if self.cache is not None and self.cache.problem:
            note(f"warning: {self.cache.problem}")
        waivers = self.triage.waivers
        for waiver in waivers.expired_hits.values() if waivers else ():
            note(f"warning: waiver {waiver.source} expired on {waiver.expires}; its flags count again")
        for waiver in waivers.unused() if waivers else ():
            named = waiver.written or waiver.rule
            note(f"warning: waiver {waiver.source} for {named} waived no flag (remove it if the flag is gone)")
        if self.settings.verbosity > 0:
            elapsed = time.perf_counter() - self.started
            summary = self.summary
            note(
                f"{count(summary.letters, 'letter')}, {count(summary.items, 'item')}, "
                f"{count(summary.flags, 'flag')}, {summary.waived} waived, {summary.baselined} in the baseline, "
                f"{summary.errors} unreadable in {elapsed:.2f} s"
            )


def prepare(settings: Settings, paths: list[str], output: str | None = None) -> Run:
    """The run's rulebook and letters; `output` (where the report goes) must not be a letter."""
    from checker.read.ingest import PathNotFound, find_letters
    from checker.report.output import OutputRefused, check_output

    rulebook = open_rulebook(settings)
    if output:
        try:
            check_output(output, paths, settings.glob)
        except OutputRefused as error:
            raise UsageError(str(error)) from None
    try:
        letter_paths = list(find_letters(paths, settings.glob))
    except PathNotFound as error:
        raise UsageError(f"no such file or directory: {printable_path(str(error))}") from None
    if not letter_paths:
        # A gate that checked nothing must not pass (as pytest fails a run that collects no test).
        where = ", ".join(printable_path(p) for p in paths)
        raise UsageError(f"no letters found under {where} (file patterns: {settings.glob})")
    if settings.verbosity > 0:
        note(f"configuration: {settings.config_file or 'none found'}")
        note(
            f"rulebook: {rulebook.name} {rulebook.version}, {count(len(rulebook.rules), 'rule')}; "
            f"{count(len(letter_paths), 'letter')}"
        )
    return Run(settings, rulebook, letter_paths)


def check(settings: Settings, paths: list[str]) -> int:
    """Check the letters, write the report, and return the exit status."""
    with signals_as_interrupts():
        return _check(settings, paths)


def _check(settings: Settings, paths: list[str]) -> int:
    from checker.report.formats import FORMATS, RunInfo
    from checker.report.output import report_stream
    from checker.report.ruleinfo import describe_rules
    from checker.run.progress import use_color

    run = prepare(settings, paths, settings.output)
    to_file = settings.output not in (None, "-")
    info = RunInfo(
        tool_version=__version__,
        rulebook_name=run.rulebook.name,
        rulebook_version=run.rulebook.version,
        rule_count=len(run.rulebook.rules),
        color=use_color(settings.color, not to_file and sys.stdout.isatty()),
        fail_on=settings.fail_on,
        allow_unreadable=settings.allow_unreadable,
        rules=describe_rules(run.rulebook),
    )
    try:
        with report_stream(settings.output) as stream:
            formatter = FORMATS[settings.format](stream, info)
            formatter.begin()
            for result in run.results(report_to_file=to_file):
                formatter.letter(result)
            stop_if_asked()
            formatter.end(run.summary)
    except BrokenPipeError:
        # The reader of standard output went away (`imr-check letters/ | head`): stop quietly.
        _silence_stdout()
        return run.exit_status()
    except OSError as error:
        where = settings.output or "standard output"
        raise UsageError(f"cannot write the report to {where}: {error.strerror or error}") from None
    run.notes()
    return run.exit_status()


def record_baseline(settings: Settings, paths: list[str], target: str | None = None) -> int:
    """Write the fingerprints of today's flags to `target` (default: the configuration's
    `baseline`, else imr-check-baseline.json); exit 0 unless the file cannot be written."""
    with signals_as_interrupts():
        return _record_baseline(settings, paths, target)


def _record_baseline(settings: Settings, paths: list[str], target: str | None) -> int:
    from checker.report.output import report_stream
    from checker.triage.baseline import DEFAULT_FILE, BaselineWriter

    target = target or settings.baseline or DEFAULT_FILE
    # Flags an older baseline holds belong in the new one too.
    run = prepare(replace(settings, baseline=None), paths, target)
    writer = BaselineWriter()
    for result in run.results():
        writer.add(result)
    stop_if_asked()
    try:
        with report_stream(target) as stream:
            document = writer.document(__version__, (run.rulebook.name, run.rulebook.version))
            json.dump(document, stream, indent=2, ensure_ascii=False)
            stream.write("\n")
    except OSError as error:
        raise UsageError(f"cannot write the baseline to {target}: {error.strerror or error}") from None
    if settings.verbosity >= 0:
        note(f"recorded {count(len(writer.entries), 'flag')} from {count(run.summary.letters, 'letter')} in {target}")
    run.notes()
    return EXIT_CLEAN


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail again."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def clean(settings: Settings) -> int:
    """Remove the result cache and the cache of validated data files; say what was removed.

    Only the caches' own files go, never the folder's other contents: `cache-dir` may come from
    a configuration file, and no configuration may make `clean` delete someone's files.
    """
    from checker.datafiles import schemacache
    from checker.run.resultcache import default_directory, remove_cache

    removed = []
    for directory, remove in (
        (Path(settings.cache_dir) if settings.cache_dir else default_directory(), remove_cache),
        (schemacache.directory(), schemacache.remove),
    ):
        if directory is not None and os.path.isdir(directory):
            try:
                if remove(directory):
                    removed.append(str(directory))
            except OSError as error:
                raise UsageError(f"cannot remove {directory}: {error.strerror or error}") from None
    if settings.verbosity >= 0:
        note(f"removed {', '.join(removed)}" if removed else "no cache to remove")
    return EXIT_CLEAN


def note(message: str) -> None:
    print(f"imr-check: {message}", file=sys.stderr, flush=True)


def count(n: int, noun: str) -> str:
    """`1 letter`, `2 letters`."""
    return f"{n} {noun}{'s' * (n != 1)}"


def _triage(settings: Settings, rulebook: Rulebook) -> Triage:
    from checker.triage.baseline import load_baseline
    from checker.triage.waivers import load_waivers

    baseline = waivers = None
    aliases = rulebook.aliases
    quiet = settings.verbosity < 0
    doubts: list[str] = []
    if settings.baseline and _exists_or_note(settings.baseline, "baseline", quiet):
        try:
            baseline = load_baseline(settings.baseline, aliases)
        except DataError as error:
            raise UsageError(f"bad baseline file:\n{error}") from None
        current = (rulebook.name, rulebook.version)
        if baseline.rulebook is not None and baseline.rulebook != current:
            doubts.append(
                f"baseline {settings.baseline} was recorded with rulebook {' '.join(baseline.rulebook)}, "
                f"not {' '.join(current)}: its flags may no longer match"
            )
    if settings.waivers and _exists_or_note(settings.waivers, "waivers", quiet):
        try:
            waivers = load_waivers(settings.waivers, aliases=aliases)
        except (DataError, DataErrors) as error:
            raise UsageError(f"bad waivers file:\n{error}") from None
        known = {rule.id for rule in rulebook.rules} | set(settings.disable) | set(aliases)
        doubts += [
            f"waiver {waiver.source} names rule {waiver.rule!r}, which the rulebook does not have"
            for waiver in waivers.waivers
            if waiver.rule not in known
        ]
    if doubts and settings.strict:
        raise UsageError("\n".join(doubts) + "\n(--strict makes these errors)")
    if not quiet:
        for doubt in doubts:
            note(f"warning: {doubt}")
    return Triage(baseline, waivers)


def _exists_or_note(path: str, what: str, quiet: bool) -> bool:
    """A baseline or waivers file that does not exist yet is empty: every flag counts, which is the
    safe way for a gate to fail. The note says how to create it."""
    if os.path.lexists(path):
        return True
    if not quiet:
        how = f"record one with: imr-check baseline LETTERS -o {path}" if what == "baseline" else "see README: Waivers"
        note(f"note: no {what} file {path} yet, so no flag is left out ({how})")
    return False
