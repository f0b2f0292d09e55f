"""Report formats: each module renders the same run data; `FORMATS` maps a name to its writer."""

from __future__ import annotations

from .base import Formatter, RunInfo
from .json import JsonFormatter
from .text import TextFormatter

FORMATS: dict[str, type[Formatter]] = {
    "text": TextFormatter,
    "json": JsonFormatter,
}

__all__ = ["FORMATS", "Formatter", "RunInfo"]
