"""A private copy of the shipped rules/ tree that a test may edit, and a letter to check with it."""

from __future__ import annotations

import shutil
from pathlib import Path

from checker.run.ruletests import build_letter
from tests.support import ROOT


def copy_rules(tmp_path: Path) -> Path:
    """Copy rules/ into tmp_path; returns the copy: a rules directory `--rules` accepts."""
    shutil.copytree(ROOT / "rules", tmp_path / "rules")
    return tmp_path / "rules"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def letter(**pieces: str) -> str:
    return build_letter(pieces)
