"""Paths a hostile repository's configuration could name: devices, pipes, links, letters and
secrets are refused with a clear message, never read, followed, replaced or quoted."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.hostile.attacks import GOOD_LETTER
from tests.support import ROOT, invoke

OPTIONS = ["--rules", "--extra-rules", "--config", "--waivers", "--baseline"]


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "letters").mkdir()
    (tmp_path / "letters" / "004.txt").write_bytes(GOOD_LETTER.read_bytes())
    os.mkfifo(tmp_path / "fifo.yaml")
    return tmp_path


@pytest.mark.parametrize("option", OPTIONS)
@pytest.mark.parametrize("special", ["/dev/zero", "fifo.yaml", "letters"])
def test_a_special_file_as_a_data_file_is_refused_at_once(work: Path, option: str, special: str) -> None:
    result = invoke(option, special, "letters")
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    if option != "--rules":
        assert special in result.stderr


@pytest.mark.parametrize("key", ["rules", "extra-rules", "waivers", "baseline"])
def test_a_configuration_naming_a_device_or_pipe_is_refused(work: Path, key: str) -> None:
    value = "[fifo.yaml]" if key == "extra-rules" else "/dev/zero"
    (work / ".imr-check.yaml").write_text(f"{key}: {value}\n", encoding="utf-8")
    result = invoke("letters")
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_a_rulebook_that_names_a_secret_does_not_print_it(work: Path) -> None:
    shutil.copytree(ROOT / "rules" / "mtus-2009", work / "rules")
    (work / "secret.env").write_text("API_TOKEN=hunter2\n", encoding="utf-8")
    (work / "secret.yaml").write_text("API_TOKEN=hunter2\n", encoding="utf-8")
    head = work / "rules" / "rulebook.yaml"
    original = head.read_text(encoding="utf-8")
    for name in ("../secret.env", "../secret.yaml"):
        head.write_text(original.replace("sections: sections.yaml", f"sections: {name}"), encoding="utf-8")
        result = invoke("--rules", "rules", "letters")
        assert result.exit_code == 2
        assert "hunter2" not in result.output, result.output


def test_the_report_goes_straight_to_a_device(work: Path) -> None:
    for target in ("/dev/null", "/dev/stdout"):
        result = invoke("-f", "json", "-o", target, "letters")
        assert result.exit_code == 1, result.output
    assert os.path.exists("/dev/null") and not os.path.isfile("/dev/null")


def test_the_report_never_replaces_a_link_a_letter_or_lands_where_it_would_be_read(work: Path) -> None:
    victim = work / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    (work / "report.json").symlink_to(victim)
    letter = (work / "letters" / "004.txt").read_bytes()
    cases = [
        ("report.json", "symbolic link"),
        ("letters/004.txt", "would be read as a letter"),
        ("letters/NEW.TXT", "would be read as a letter"),
    ]
    for target, reason in cases:
        result = invoke("-f", "json", "-o", target, "letters")
        assert result.exit_code == 2 and reason in result.stderr, result.output
    result = invoke("-f", "json", "-o", "letters/004.txt", "letters/004.txt")
    assert result.exit_code == 2 and "one of the letters" in result.stderr
    assert victim.read_text(encoding="utf-8") == "precious\n"
    assert (work / "letters" / "004.txt").read_bytes() == letter
    assert not (work / "letters" / "NEW.TXT").exists()
    # A report in the folder under a name the glob does not match is fine, and is not read back.
    assert invoke("-f", "json", "-o", "letters/report.json", "letters").exit_code == 1
    assert invoke("-f", "json", "-o", "letters/report.json", "letters").exit_code == 1
    assert sorted(p.name for p in (work / "letters").iterdir()) == ["004.txt", "report.json"]
