"""Report formats: each module renders the same run data; `FORMATS` maps a name to its writer."""

from __future__ import annotations

from .base import Formatter, RunInfo
from .csv import CsvFormatter
from .html import HtmlFormatter
from .json import JsonFormatter
from .jsonl import JsonLinesFormatter
from .junit import JUnitFormatter
from .markdown import MarkdownFormatter
from .sarif import SarifFormatter
from .text import TextFormatter

FORMATS: dict[str, type[Formatter]] = {
    "text": TextFormatter,
    "json": JsonFormatter,
    "jsonl": JsonLinesFormatter,
    "sarif": SarifFormatter,
    "junit": JUnitFormatter,
    "csv": CsvFormatter,
    "markdown": MarkdownFormatter,
    "html": HtmlFormatter,
}

__all__ = ["FORMATS", "Formatter", "RunInfo"]
