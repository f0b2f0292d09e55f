"""Turn a letter's bytes into text: UTF-8 with or without BOM, else Windows-1252 with a warning."""

from __future__ import annotations

import codecs


class NotText(ValueError):
    """The bytes are not a text letter (binary, or valid in no expected encoding)."""


def decode(data: bytes) -> tuple[str, list[str]]:
    """Decoded text and any warnings about how it was read; raises NotText."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError as error:
            raise NotText(f"invalid UTF-16 at byte {error.start}") from None
    if b"\x00" in data[:8192]:
        raise NotText("binary file (NUL bytes), not a text letter")
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as error:
        first_bad = error.start
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise NotText(
            f"not valid UTF-8 (byte {first_bad}) nor Windows-1252 (byte {error.start}): not a text letter"
        ) from None
    return text, [f"not valid UTF-8 (first bad byte at offset {first_bad}); read as Windows-1252"]
