"""The HTML report in a real headless browser: the summary numbers, visible evidence, a screenshot.

Needs Debian's chromium (`.ci/run` installs it). Skipped only on a machine without chromium that
is not CI; in CI (CI=true) a missing browser fails the test.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.support import ROOT, invoke

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
IN_CI = os.environ.get("CI", "").lower() == "true"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None and not IN_CI, reason="chromium is not installed (CI installs it)"),
]

# Added to a copy of the report only: reads what the browser actually renders into an attribute.
PROBE = """<script>
const probe = {};
for (const dd of document.querySelectorAll("#summary dd")) probe[dd.id] = dd.textContent;
probe.visible = [...document.querySelectorAll("mark.evidence")].filter((mark) => {
  const box = mark.getBoundingClientRect(), style = getComputedStyle(mark);
  return box.width > 0 && box.height > 0 && style.visibility === "visible" && style.display !== "none";
}).map((mark) => {
  const number = mark.querySelector(".ln").textContent;
  return [number, mark.lastChild.textContent];  // the line's text, after its number and role
});
probe.bars = document.querySelectorAll("#chart-category rect").length;
document.body.setAttribute("data-probe", JSON.stringify(probe));
</script>"""


def chromium(profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None, "chromium is missing: CI must install it (see .ci/run)"
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--host-resolver-rules=MAP * ~NOTFOUND",  # nothing outside the file could load anyway
        f"--user-data-dir={profile}",
        *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("html") / "report.html"
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)
        result = invoke("--format", "html", "--output", str(target), "examples/letters")
    assert result.exit_code == 1, result.stderr  # the examples raise error flags
    return target


def test_the_browser_shows_the_summary_and_the_evidence(report: Path, tmp_path: Path) -> None:
    probed = tmp_path / "probed.html"
    probed.write_text(report.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"), encoding="utf-8")
    done = chromium(tmp_path / "profile", "--virtual-time-budget=5000", "--dump-dom", probed.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    found = re.search(r'data-probe="([^"]*)"', done.stdout)
    assert found is not None, done.stdout[:2000]
    probe = json.loads(html.unescape(found.group(1)))
    assert (probe["sum-letters"], probe["sum-items"], probe["sum-flags"]) == ("5", "13", "5")
    assert (probe["sum-flagged-letters"], probe["sum-unreadable"], probe["sum-waived"]) == ("2", "0", "0")
    assert probe["bars"] == 5  # five categories flagged on the examples
    visible = [(number, " ".join(text.split())) for number, text in probe["visible"]]
    assert ("223", "325mg #90 is determined to not be medically necessary.") in visible  # 004 Norco's conclusion
    assert any(n == "61" and "Lyrica 100mg #60 is certified" in text for n, text in visible)  # 000 UR account


def test_the_browser_takes_a_screenshot(report: Path, tmp_path: Path) -> None:
    shot = tmp_path / "report.png"
    done = chromium(
        tmp_path / "profile", "--hide-scrollbars", "--window-size=1280,1600", f"--screenshot={shot}", report.as_uri()
    )
    assert done.returncode == 0, done.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
    print(f"screenshot: {shot}")
