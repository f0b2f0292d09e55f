"""The library API: `from checker import check, check_file, load_rulebook`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import checker
from checker.datafiles.yamlio import DataErrors
from tests.support import EXAMPLES

LETTER = EXAMPLES / "004_5bb1afb40656a8b8.txt"


def test_check_file_and_check_agree_and_flag_the_example() -> None:
    from_file = checker.check_file(LETTER)
    from_text = checker.check(LETTER.read_text(encoding="utf-8"), path=str(LETTER))
    assert from_file == from_text
    assert from_file.status == "ok"
    rules = {flag.rule for item in from_file.items for flag in item.flags}
    assert "core/DEC-001" in rules


def test_a_rulebook_with_a_rule_turned_off_does_not_raise_it() -> None:
    book = checker.load_rulebook(disabled=["core/DEC-001"])
    result = checker.check_file(LETTER, book)
    assert "core/DEC-001" not in {flag.rule for item in result.items for flag in item.flags}


def test_bad_input_is_a_result_and_a_bad_rulebook_is_an_error(tmp_path: Path) -> None:
    assert checker.check("not a letter").status == "error"
    assert checker.check_file(tmp_path / "missing.txt").status == "error"
    with pytest.raises(DataErrors, match="no rule with id"):
        checker.load_rulebook(disabled=["NO-SUCH-RULE"])


def test_importing_the_package_loads_nothing_heavy() -> None:
    heavy = "{'lark', 'yaml', 'typer', 'click', 'jsonschema', 'pypdfium2', 'rich'}"
    code = f"import sys, checker; print(sorted(m for m in sys.modules if m.split('.')[0] in {heavy}))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
