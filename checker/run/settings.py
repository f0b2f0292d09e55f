"""The settings of one run, merged from the configuration file and the command line.

Every option that changes a run lives here once. The configuration file (`run/config.py`)
and the command line (`cli/`) each produce a plain dict of the keys they were given,
keyed by the configuration file's names (`fail-on`, `extra-rules`, ...); `merge` lays the
command line over the file over the defaults, so a value given on the command line always wins.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from checker.model import FAIL_LEVELS, SEVERITIES, severity_fails

ENGINES: tuple[str, ...] = ("local", "dask")
# A larger letter is not a letter; reading more would only exhaust memory.
MAX_MAX_BYTES = 1 << 30
FORMAT_NAMES: tuple[str, ...] = (
    "text",
    "concise",
    "json",
    "jsonl",
    "sarif",
    "junit",
    "github",
    "gitlab",
    "csv",
    "markdown",
    "html",
)
COLOR_CHOICES: tuple[str, ...] = ("auto", "always", "never")


class SettingsError(Exception):
    """A setting with a bad value; `key` names it, `source` says where it was given."""

    def __init__(self, key: str, message: str, source: str = "command line") -> None:
        self.key = key
        self.source = source
        super().__init__(f"{source}: {key}: {message}")


@dataclass(frozen=True)
class Settings:
    """What a run does. Defaults are the behaviour without a configuration file or options."""

    format: str = "text"
    output: str | None = None  # None or "-": standard output
    fail_on: str = "error"
    allow_unreadable: bool = False
    glob: str = "*.txt,*.pdf"  # patterns separated by commas, any case (ingest.DEFAULT_GLOB)
    max_bytes: int = 5 * 1024 * 1024  # a larger letter file is refused (ingest.DEFAULT_MAX_BYTES)
    time_limit: float = 30.0  # seconds one letter may take (limits.DEFAULT_SECONDS)
    memory_limit: int = 1024  # megabytes a worker may grow by (limits.DEFAULT_MEMORY_MB)
    strict: bool = False  # waivers for unknown rules, a baseline of another rulebook version: errors
    rules: str | None = None  # a rulebook (directory or its rulebook.yaml) instead of the shipped one
    extra_rules: tuple[str, ...] = ()  # rule files added to it
    disable: tuple[str, ...] = ()  # rule ids switched off
    severity: Mapping[str, str] = field(default_factory=dict)  # rule id -> severity
    baseline: str | None = None
    waivers: str | None = None
    jobs: int | None = None  # None or 0: one worker per CPU; 1: in this process
    cache: bool = True  # reuse results of letters checked before (`run/resultcache.py`)
    cache_dir: str | None = None  # None: under the user's cache folder (resultcache.default_directory)
    engine: str = "local"  # local: processes on this machine; dask: a Dask cluster
    scheduler: str | None = None  # a Dask scheduler address; None: a local cluster
    color: str = "auto"  # auto: when the report goes to a terminal and NO_COLOR is not set
    stdin_filename: str | None = None  # the path reports give a letter read from standard input
    verbosity: int = 0  # -1 quiet, 0 normal, 1 verbose
    config_file: str | None = None  # the configuration file these settings came from
    # Where the file set a rule id in `disable` or `severity`, so a bad id is reported there:
    # ("disable" | "severity", rule id) -> line in `config_file`.
    origins: Mapping[tuple[str, str], int | None] = field(default_factory=dict)

    def fails(self, severity: str) -> bool:
        """Whether a flag of `severity` makes the run fail under `fail_on`."""
        return severity_fails(severity, self.fail_on)


# Configuration-file key -> Settings attribute; the command line uses the same keys.
KEYS: dict[str, str] = {
    "format": "format",
    "output": "output",
    "fail-on": "fail_on",
    "allow-unreadable": "allow_unreadable",
    "glob": "glob",
    "max-bytes": "max_bytes",
    "time-limit": "time_limit",
    "memory-limit": "memory_limit",
    "strict": "strict",
    "rules": "rules",
    "extra-rules": "extra_rules",
    "disable": "disable",
    "severity": "severity",
    "baseline": "baseline",
    "waivers": "waivers",
    "jobs": "jobs",
    "cache": "cache",
    "cache-dir": "cache_dir",
    "engine": "engine",
    "scheduler": "scheduler",
}
_LISTS = {"extra_rules", "disable"}
# A Dask scheduler address: PROTOCOL://HOST:PORT (or HOST:PORT, which Dask reads as tcp).
_SCHEDULER = re.compile(r"(?:(?:tcp|tls|ws|wss|ucx|inproc)://)?(?:\[[0-9A-Fa-f:.]+\]|[\w.-]+)(?::\d{1,5})?/?")


def merge(
    file_values: Mapping[str, Any],
    cli_values: Mapping[str, Any],
    config_file: str | None = None,
    file_lines: Mapping[tuple[str | int, ...], int] | None = None,
) -> Settings:
    """Settings from the file's values overlaid by the command line's (None means not given).

    Lists and scalars given on the command line replace the file's; `severity` overrides are
    merged rule by rule, and `disable` adds to the file's list, so one rule can be switched on
    the command line without repeating the file's choices. `file_lines` gives the line of each
    key of the file (as `YamlDocument.lines`), so errors about its rule ids can point there.
    """
    values: dict[str, Any] = {}
    for source in (file_values, cli_values):
        for key, value in source.items():
            if value is None or key not in KEYS:
                continue
            attribute = KEYS[key]
            if attribute == "severity":
                overrides = parse_severity_overrides(value) if isinstance(value, list | tuple) else dict(value)
                values["severity"] = {**values.get("severity", {}), **overrides}
            elif attribute == "disable":
                values["disable"] = (
                    *values.get("disable", ()),
                    *(v for v in value if v not in values.get("disable", ())),
                )
            elif attribute in _LISTS:
                values[attribute] = tuple(value)
            else:
                values[attribute] = value
    for key, attribute in (("color", "color"), ("verbosity", "verbosity"), ("stdin-filename", "stdin_filename")):
        if cli_values.get(key) is not None:
            values[attribute] = cli_values[key]
    origins = _file_origins(file_values, file_lines or {})
    settings = Settings(**values, config_file=config_file, origins=origins)
    _check(settings)
    _check_scheduler(settings, cli_values, config_file, (file_lines or {}).get(("scheduler",)))
    return settings


def _file_origins(
    file_values: Mapping[str, Any], lines: Mapping[tuple[str | int, ...], int]
) -> dict[tuple[str, str], int | None]:
    origins: dict[tuple[str, str], int | None] = {}
    for index, rule_id in enumerate(file_values.get("disable") or ()):
        origins[("disable", str(rule_id))] = lines.get(("disable", index), lines.get(("disable",)))
    for rule_id in dict(file_values.get("severity") or {}):
        origins[("severity", str(rule_id))] = lines.get(("severity", rule_id), lines.get(("severity",)))
    return origins


def _check_scheduler(
    settings: Settings, cli_values: Mapping[str, Any], config_file: str | None, line: int | None
) -> None:
    """A scheduler address only means something to the Dask engine. Given where the engine is not
    Dask, it is a mistake, unless the command line chose another engine over the file's."""
    if settings.scheduler is None or settings.engine == "dask":
        return
    if cli_values.get("scheduler") is not None:
        raise SettingsError("scheduler", "needs --engine dask (or engine = dask in the configuration)")
    if cli_values.get("engine") is None:
        where = config_file or "configuration"
        raise SettingsError("scheduler", "needs engine = dask", f"{where}:{line}" if line else where)


def parse_severity_overrides(pairs: list[str] | tuple[str, ...]) -> dict[str, str]:
    """`RULE=LEVEL` strings from the command line as a mapping; SettingsError if malformed."""
    out: dict[str, str] = {}
    for pair in pairs:
        rule, sep, level = pair.partition("=")
        rule, level = rule.strip(), level.strip().lower()
        if not sep or not rule or not level:
            raise SettingsError("severity", f"wants RULE_ID=LEVEL (error, warning or info), not {pair!r}")
        if level not in SEVERITIES:
            raise SettingsError("severity", f"{rule}: {level!r} is not one of: error, warning, info")
        out[rule] = level
    return out


def _check(settings: Settings) -> None:
    """Checks the file's schema cannot express and the command line's types do not catch."""
    if settings.format not in FORMAT_NAMES:
        raise SettingsError("format", f"{settings.format!r} is not one of: {', '.join(FORMAT_NAMES)}")
    if settings.fail_on not in FAIL_LEVELS:
        raise SettingsError("fail-on", f"{settings.fail_on!r} is not one of: {', '.join(FAIL_LEVELS)}")
    if settings.engine not in ENGINES:
        raise SettingsError("engine", f"{settings.engine!r} is not one of: {', '.join(ENGINES)}")
    if settings.max_bytes < 1:
        raise SettingsError("max-bytes", "must be 1 or more")
    if settings.jobs is not None and settings.jobs < 0:
        raise SettingsError("jobs", "must be 0 (one per CPU) or more")
    if settings.color not in COLOR_CHOICES:
        raise SettingsError("color", f"{settings.color!r} is not one of: {', '.join(COLOR_CHOICES)}")
    if not 1 <= settings.max_bytes <= MAX_MAX_BYTES:
        raise SettingsError("max-bytes", f"must be between 1 and {MAX_MAX_BYTES:,} (1 GiB)")
    if not 0 < settings.time_limit <= 86400:
        raise SettingsError("time-limit", "must be more than 0 and at most 86400 seconds")
    if not 64 <= settings.memory_limit <= 1 << 20:
        raise SettingsError("memory-limit", "must be between 64 and 1048576 megabytes")
    if settings.scheduler is not None and not _SCHEDULER.fullmatch(settings.scheduler):
        raise SettingsError(
            "scheduler", f"{settings.scheduler!r} is not a scheduler address such as tcp://10.0.0.5:8786"
        )
    for rule, level in settings.severity.items():
        if level not in SEVERITIES:
            raise SettingsError("severity", f"{rule}: {level!r} is not one of: error, warning, info")
