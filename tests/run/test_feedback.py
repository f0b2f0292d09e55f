"""Feedback on runs: the progress bar only on a terminal, --quiet, --verbose, and a fast start."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from checker.run.progress import wants_bar, with_progress
from tests.support import EXAMPLES, ROOT, invoke

LETTER = str(EXAMPLES / "004_5bb1afb40656a8b8.txt")


def test_the_bar_only_on_a_terminal_and_not_when_quiet(monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert not wants_bar(0, 10, report_to_file=True)
    monkeypatch.setattr(sys, "stderr", Terminal())
    monkeypatch.setattr(sys, "stdout", io.StringIO())  # the report goes to a pipe
    assert wants_bar(0, 10, False) and wants_bar(1, 10, False)
    assert not wants_bar(-1, 10, True) and not wants_bar(0, 1, True)


def test_the_bar_passes_every_item_through(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert list(with_progress(iter(range(5)), 5, enabled=True)) == [0, 1, 2, 3, 4]
    assert list(with_progress(iter(range(5)), 5, enabled=False)) == [0, 1, 2, 3, 4]


def test_verbose_names_the_configuration_and_prints_figures(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".imr-check.yaml").write_text("fail-on: never\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = invoke("--verbose", LETTER)
    assert result.exit_code == 0
    assert f"configuration: {tmp_path / '.imr-check.yaml'}" in result.stderr
    assert "1 letter, 3 items, 4 flags" in result.stderr


def test_quiet_drops_the_notes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(LETTER, tmp_path / "004.txt")
    (tmp_path / "w.yaml").write_text(
        "waivers:\n  - {letter: 004.txt, rule: MTUS-DEC-001, reason: old, expires: 2001-01-01}\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    assert "expired" in invoke("--waivers", "w.yaml", "004.txt").stderr
    assert invoke("--quiet", "--waivers", "w.yaml", "004.txt").stderr == ""


def test_verbose_names_waivers_that_waived_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(LETTER, tmp_path / "004.txt")
    (tmp_path / "w.yaml").write_text(
        "waivers:\n  - {letter: 004.txt, rule: MTUS-DEC-001, reason: ok}\n"
        "  - {letter: 004.txt, rule: MTUS-DEC-01, reason: typo}\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    notes = invoke("--verbose", "--waivers", "w.yaml", "004.txt").stderr
    assert "waiver w.yaml:3 for MTUS-DEC-01 waived no flag" in notes
    assert "w.yaml:2" not in notes


def test_a_run_off_a_terminal_does_not_import_rich() -> None:
    code = (
        "import sys; sys.argv = ['imr-check', '--format', 'sarif', sys.argv[1]]\n"
        "from checker.cli.app import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('rich loaded' if any(m == 'rich' or m.startswith('rich.') for m in sys.modules) else 'no rich',"
        " file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code, LETTER], capture_output=True, text=True, cwd=ROOT, check=False)
    assert done.stderr.strip().splitlines()[-1] == "no rich", done.stderr
