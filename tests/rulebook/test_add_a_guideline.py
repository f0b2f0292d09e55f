"""docs/rules.md, "Adding a guideline": the recipe works as written (its index entry is read from
the document itself)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from checker.cli.app import app
from checker.pipeline import check
from checker.rulebook.book import load_rulebook
from tests.rulebook_copies import copy_rules, edit, letter
from tests.support import ROOT, CliRunner


def _documented_entry() -> str:
    doc = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    match = re.search(r"<!-- recipe: index entry -->\n```yaml\n(.*?)```", doc, re.S)
    assert match is not None, "docs/rules.md lost its recipe"
    return match.group(1)


def _follow_the_recipe(tmp_path: Path) -> Path:
    rules = copy_rules(tmp_path)
    # 1. Copy the folder; drop its aliases; give it its own name.
    shutil.copytree(rules / "mtus-2016-chronic-pain", rules / "mtus-2017-chronic-pain")
    head = rules / "mtus-2017-chronic-pain" / "rulebook.yaml"
    text = head.read_text(encoding="utf-8")
    head.write_text(re.sub(r"(?ms)^aliases:\n(?:  .*\n)*", "", text), encoding="utf-8")
    edit(head, "name: MTUS 2016 chronic pain", "name: MTUS 2017 chronic pain")
    # 2. Its index entry, as the document gives it, and the older version's dates closed.
    index = rules / "guidelines.yaml"
    index.write_text(index.read_text(encoding="utf-8") + "\n" + _documented_entry(), encoding="utf-8")
    older = "folder: mtus-2016-chronic-pain\n    document: mtus-chronic-pain\n    mtus: true\n    governs: "
    edit(index, older + '{from: "2016-07-29"}', older + '{from: "2016-07-29", until: "2017-11-30"}')
    # 3. Its sections name their version.
    edit(rules / "mtus-2017-chronic-pain" / "sections.yaml", 'version: "2016"', 'version: "2017"')
    edit(
        rules / "mtus-2017-chronic-pain" / "sections.yaml",
        "cite_as: MTUS Chronic Pain 2016",
        "cite_as: MTUS Chronic Pain 2017",
    )
    return rules


def test_a_copied_folder_and_its_index_entry_make_a_working_rulebook(tmp_path: Path) -> None:
    rules = _follow_the_recipe(tmp_path)
    book = load_rulebook(rules)
    assert "mtus-2017-chronic-pain" in book.books
    assert any(r.id == "mtus-2017-chronic-pain/MR-001" for r in book.rules)

    cited = letter(
        summary="He has used Flexeril for 6 months.",
        item="Flexeril 5mg #60: Overturned",
        guideline="Decision based on MTUS Chronic Pain Medical Treatment 2017, Section(s): Muscle relaxants.",
        rationale="Flexeril 5mg #60 is medically necessary.",
    )
    item = check(cited, book).items[0]
    assert item.guideline is not None and item.guideline.id == "mtus-2017-chronic-pain"
    assert "mtus-2017-chronic-pain/MR-001" in {f.rule for f in item.flags}
    assert "[MTUS Chronic Pain 2017, Muscle relaxants (for pain)]" in next(f.message for f in item.flags)

    for date, judged in (("01/05/2018", "mtus-2017-chronic-pain"), ("01/05/2017", "mtus-2016-chronic-pain")):
        undated = letter(
            summary=f"The request for authorization dated {date} asked for Flexeril.",
            item="Flexeril 5mg #60: Upheld",
            guideline="Decision based on MTUS Chronic Pain Treatment Guidelines Muscle Relaxants.",
            rationale="Flexeril 5mg #60 is not medically necessary.",
        )
        found = check(undated, book).items[0].guideline
        assert found is not None and found.id == judged, date


def test_the_copied_rulebook_passes_validation_and_its_own_tests(tmp_path: Path) -> None:
    rules = _follow_the_recipe(tmp_path)
    runner = CliRunner()
    validated = runner.invoke(app, ["rules", "validate", str(rules)])
    assert validated.exit_code == 0, validated.output
    tested = runner.invoke(app, ["rules", "test", str(rules / "mtus-2017-chronic-pain")])
    assert tested.exit_code == 0, tested.output
    assert re.search(r"\b[1-9]\d* cases, \d+ passed, 0 failed", tested.output)
