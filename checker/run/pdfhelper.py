"""PDF text extraction in a helper process that can be stopped, for checks that run in this process.

PDF extraction is the one step that runs C code (pdfium) on a letter's bytes, and a hostile PDF
can make it take gigabytes or minutes where no Python timer can interrupt it. Where letters are
checked in this process (`-j 1`, small runs, a Dask worker's task thread), each PDF is sent to a
helper process (`python -m checker.run.pdfhelper`) that limits its own memory; the text comes
back. A helper that runs past the time limit is killed, one that dies (out of memory) is
replaced, and either way only that letter gets an error. Pool workers need no helper: they are
such processes themselves.
"""

from __future__ import annotations

import contextlib
import os
import select
import struct
import subprocess
import sys
import time

from checker.read.pdf import NotAPdf, pdf_text
from checker.run.limits import Limits

_HEADER = struct.Struct("<cQ")  # kind (b"D" data, b"T" text, b"E" error) and length


class PdfHelper:
    """A helper process for PDF text, started on the first PDF; not shared between threads."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self._process: subprocess.Popen[bytes] | None = None

    def __call__(self, data: bytes) -> str:
        """The text of the PDF; raises NotAPdf with the reason it cannot be had."""
        process = self._start()
        assert process.stdin is not None and process.stdout is not None
        try:
            process.stdin.write(_HEADER.pack(b"D", len(data)) + data)
            process.stdin.flush()
            kind, body = _read_reply(process.stdout.fileno(), time.monotonic() + self.limits.hard_seconds)
        except TimeoutError:
            self.close()
            raise NotAPdf(self.limits.timeout_message()) from None
        except (OSError, EOFError):
            status = self._stop()
            raise NotAPdf(_death(status, self.limits)) from None
        text = body.decode("utf-8", "surrogatepass")
        if kind == b"E":
            raise NotAPdf(text)
        return text

    def close(self) -> None:
        self._stop()

    def _start(self) -> subprocess.Popen[bytes]:
        if self._process is None or self._process.poll() is not None:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "checker.run.pdfhelper", str(self.limits.memory_mb)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                start_new_session=True,  # a Ctrl-C goes to the run, which stops the helper itself
            )
        return self._process

    def _stop(self) -> int | None:
        process, self._process = self._process, None
        if process is None:
            return None
        with contextlib.suppress(OSError):
            process.kill()
        for stream in (process.stdin, process.stdout):
            with contextlib.suppress(OSError):
                if stream is not None:
                    stream.close()
        return process.wait()


def _read_exactly(fd: int, size: int, deadline: float) -> bytes:
    chunks: list[bytes] = []
    while size:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
            raise TimeoutError
        chunk = os.read(fd, min(size, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def _read_reply(fd: int, deadline: float) -> tuple[bytes, bytes]:
    kind, length = _HEADER.unpack(_read_exactly(fd, _HEADER.size, deadline))
    return kind, _read_exactly(fd, length, deadline)


def _death(status: int | None, limits: Limits) -> str:
    import signal

    how = "no status" if status is None else f"exit status {status}"
    if status is not None and status < 0:
        how = signal.Signals(-status).name if -status in signal.valid_signals() else f"signal {-status}"
    return limits.death_message("the helper process reading this PDF", how)


def _serve(memory_mb: int) -> None:
    from checker.run.limits import die_with_parent, limit_memory

    die_with_parent()
    limit_memory(memory_mb)
    source, sink = sys.stdin.buffer, sys.stdout.buffer
    while True:
        header = source.read(_HEADER.size)
        if len(header) < _HEADER.size:
            return
        _kind, length = _HEADER.unpack(header)
        data = source.read(length)
        try:
            kind, body = b"T", pdf_text(data).encode("utf-8", "surrogatepass")
        except NotAPdf as error:
            kind, body = b"E", str(error).encode("utf-8", "surrogatepass")
        except MemoryError:
            kind, body = b"E", Limits(memory_mb=memory_mb).memory_message().encode()
        sink.write(_HEADER.pack(kind, len(body)) + body)
        sink.flush()


if __name__ == "__main__":
    _serve(int(sys.argv[1]))
