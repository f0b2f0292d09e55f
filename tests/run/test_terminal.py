"""The text report on a terminal is the piped report plus colour codes: the progress bar never
lands in it, NO_COLOR and --color are honoured. Run under a real pseudo-terminal, as `script -qc
"imr-check examples/letters" /dev/null` would."""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support import EXAMPLES, ROOT

ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")


def _imr_check(*args: str) -> list[str]:
    return [sys.executable, "-m", "checker", *args]


def _environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "CI")}
    return {**env, "TERM": "xterm-256color", "COLUMNS": "120", "IMR_CHECK_NO_CACHE": "1", **extra}


def on_terminal(*args: str, **env: str) -> tuple[int, str]:
    """Run imr-check with stdin, stdout and stderr on one pseudo-terminal; what the terminal got."""
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        _imr_check(*args), stdin=terminal, stdout=terminal, stderr=terminal, cwd=ROOT, env=_environment(**env)
    )
    os.close(terminal)
    chunks = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        ready, _, _ = select.select([controller], [], [], 1)
        if ready:
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # the terminal closed: the process is done
                break
            if not chunk:
                break
            chunks.append(chunk)
        elif process.poll() is not None:
            break
    os.close(controller)
    code = process.wait(timeout=60)
    return code, b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def piped(*args: str, **env: str) -> tuple[int, str]:
    done = subprocess.run(
        _imr_check(*args), capture_output=True, text=True, cwd=ROOT, env=_environment(**env), check=False
    )
    return done.returncode, done.stdout


@pytest.mark.slow
def test_on_a_terminal_the_report_is_the_piped_report_in_colour() -> None:
    letters = str(EXAMPLES.relative_to(ROOT))
    code, shown = on_terminal(letters)
    piped_code, text = piped(letters)
    assert code == piped_code == 1
    assert "\x1b[" in shown  # coloured
    assert ESCAPES.sub("", shown) == text  # and otherwise exactly the piped text: no bar, no stray line
    assert "checking" not in shown


@pytest.mark.slow
def test_no_color_and_color_never_leave_no_escape_at_all() -> None:
    letters = str(EXAMPLES.relative_to(ROOT))
    _, text = piped(letters)
    _, no_color = on_terminal(letters, NO_COLOR="1")
    _, never = on_terminal("--color", "never", letters)
    assert no_color == never == text


@pytest.mark.slow
def test_color_always_colours_a_pipe_and_force_color_too() -> None:
    letter = str(EXAMPLES.relative_to(ROOT) / "004_5bb1afb40656a8b8.txt")
    _, plain = piped(letter)
    _, always = piped("--color", "always", letter, NO_COLOR="1")
    _, forced = piped(letter, FORCE_COLOR="1")
    assert "\x1b[31m" in always and ESCAPES.sub("", always) == plain
    assert forced == always


@pytest.mark.slow
def test_the_bar_shows_on_the_terminal_when_the_report_goes_to_a_file(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    code, shown = on_terminal("-j", "1", "--format", "json", "-o", str(report), str(EXAMPLES.relative_to(ROOT)))
    assert code == 1 and report.stat().st_size > 0
    assert "checking" in shown  # the bar was drawn on stderr
    assert shown.endswith("\x1b[2K")  # and its line erased at the end, before anything else is written
