"""Exit status: --fail-on, unreadable letters, --output written atomically."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from checker.report.output import atomic_write
from tests.support import EXAMPLES, invoke

LETTER_004 = str(EXAMPLES / "004_5bb1afb40656a8b8.txt")  # error, warning and info flags
LETTER_001 = str(EXAMPLES / "001_d144e1222e08eb40.txt")  # no flags


ONLY_WARNINGS = ["--disable", "MTUS-DEC-001"]
ONLY_INFO = [
    *ONLY_WARNINGS, "--disable", "MTUS-OPI-001", "--disable", "MTUS-NR-002", "--severity", "MTUS-ITEM-001=info",
]  # fmt: skip


@pytest.mark.parametrize(
    ("fail_on", "options", "status"),
    [
        ("error", [], 1),
        ("error", ONLY_WARNINGS, 0),
        ("warning", ONLY_WARNINGS, 1),
        ("warning", ONLY_INFO, 0),
        ("info", ONLY_INFO, 1),
        ("never", [], 0),
    ],
)
def test_fail_on_decides_the_exit_status(fail_on: str, options: list[str], status: int) -> None:
    result = invoke("--format", "json", "--fail-on", fail_on, *options, LETTER_004)
    assert result.exit_code == status, result.stderr
    flags = [f for item in json.loads(result.stdout)["letters"][0]["items"] for f in item["flags"]]
    assert flags
    severities = {f["severity"] for f in flags}
    if options is ONLY_INFO:
        assert severities == {"info"}
    elif options is ONLY_WARNINGS:
        assert severities == {"warning"}


def test_severity_override_changes_flags_and_gating() -> None:
    args = ["--format", "json", LETTER_004]
    lowered = invoke(*args, "--severity", "MTUS-DEC-001=info")
    assert lowered.exit_code == 0, lowered.stderr
    severities = {
        f["rule"]: f["severity"] for i in json.loads(lowered.stdout)["letters"][0]["items"] for f in i["flags"]
    }
    assert severities["core/DEC-001"] == "info"
    assert invoke(*args, "--severity", "MTUS-NR-002=error", "--disable", "MTUS-DEC-001").exit_code == 1
    bad = invoke(*args, "--severity", "MTUS-DEC-001=fatal")
    assert bad.exit_code == 2 and "severity" in bad.stderr
    unknown = invoke(*args, "--disable", "MTUS-NOPE-001")
    assert unknown.exit_code == 2 and "MTUS-NOPE-001" in unknown.stderr


def test_unreadable_letters_fail_unless_allowed(tmp_path: Path) -> None:
    shutil.copy(LETTER_001, tmp_path / "good.txt")
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01\x02 binary")
    assert invoke(str(tmp_path)).exit_code == 1
    assert invoke("--fail-on", "never", str(tmp_path)).exit_code == 1
    assert invoke("--allow-unreadable", str(tmp_path)).exit_code == 0
    assert invoke("--allow-unreadable", str(tmp_path), LETTER_004).exit_code == 1


def test_a_clean_run_exits_0() -> None:
    assert invoke(LETTER_001).exit_code == 0


def test_output_writes_the_report_to_a_file(tmp_path: Path) -> None:
    target = tmp_path / "report.sarif"
    result = invoke("--format", "sarif", "--output", str(target), LETTER_004)
    assert result.exit_code == 1 and result.stdout == ""
    assert len(json.loads(target.read_text(encoding="utf-8"))["runs"][0]["results"]) == 4
    assert os.listdir(tmp_path) == ["report.sarif"]


def test_a_failed_write_keeps_the_old_report(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text("old report", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_write(target) as stream:
        stream.write("half a rep")
        raise RuntimeError("crash while writing")
    assert target.read_text(encoding="utf-8") == "old report"
    assert os.listdir(tmp_path) == ["report.json"]


def test_an_unwritable_output_is_a_usage_error(tmp_path: Path) -> None:
    result = invoke("--output", str(tmp_path / "no" / "such" / "dir" / "r.json"), LETTER_001)
    assert result.exit_code == 2 and "cannot write the report" in result.stderr


def test_a_reader_that_stops_early_gets_no_traceback(tmp_path: Path) -> None:
    import subprocess
    import sys

    for index in range(30):
        shutil.copy(LETTER_004, tmp_path / f"{index:02}.txt")
    code = "import sys\nfrom checker.cli.app import main\nsys.argv = ['imr-check', '--jobs', '1', sys.argv[1]]\nmain()"
    process = subprocess.Popen(
        [sys.executable, "-c", code, str(tmp_path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.readline()
    process.stdout.close()  # like `| head -1`
    errors = process.stderr.read().decode()
    assert process.wait(timeout=60) in (0, 1)
    assert "Traceback" not in errors and "Broken pipe" not in errors, errors
