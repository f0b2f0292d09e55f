"""Report formats: each module renders the same run data; `FORMATS` maps a name to its writer.

A format's module is imported only when the format is used, so a run starts fast.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from importlib import import_module

from checker.report.base import Formatter, RunInfo

_MODULES: dict[str, tuple[str, str]] = {
    "text": ("text", "TextFormatter"),
    "concise": ("concise", "ConciseFormatter"),
    "json": ("json", "JsonFormatter"),
    "jsonl": ("jsonl", "JsonLinesFormatter"),
    "sarif": ("sarif", "SarifFormatter"),
    "junit": ("junit", "JUnitFormatter"),
    "github": ("github", "GithubFormatter"),
    "gitlab": ("gitlab", "GitlabFormatter"),
    "csv": ("csv", "CsvFormatter"),
    "markdown": ("markdown", "MarkdownFormatter"),
    "html": ("html", "HtmlFormatter"),
}


class _Formats(Mapping[str, type[Formatter]]):
    def __getitem__(self, name: str) -> type[Formatter]:
        module, cls = _MODULES[name]
        found: type[Formatter] = getattr(import_module(f"checker.report.{module}"), cls)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(_MODULES)

    def __len__(self) -> int:
        return len(_MODULES)


FORMATS: Mapping[str, type[Formatter]] = _Formats()

__all__ = ["FORMATS", "Formatter", "RunInfo"]
