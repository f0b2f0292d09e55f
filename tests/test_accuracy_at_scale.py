"""Precision and recall on a thousand generated letters with planted inconsistencies.

Two corpora from benchmarks/make_corpus.py (fixed seeds), scored by the project's scorer
(tools/score.py): the example letters recombined (every category planted, in shapes the rules
have always read), and the realistic mode (the published letters' shapes at their proportions,
in three layouts, a share as PDF). The floors are what the shipped rules reach, less a margin: a
rule or parser change that loses accuracy at scale fails here.

The realistic labels say what a correct checker reports. An item's `awaits` names the categories
that need parser or rulebook work still under way; they are scored as allowed, and the test
prints how many of them the checker already gets right.
"""

from __future__ import annotations

import io
import json
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from checker.report.formats import FORMATS, RunInfo
from checker.report.views import Summary
from checker.rulebook.book import default_rulebook
from checker.run.runner import check_paths
from tests.support import ROOT, SCORER, load_script

pytestmark = pytest.mark.slow  # a thousand generated letters

PRECISION_FLOOR = 0.99
RECALL_FLOOR = 0.98
# The realistic corpus of this seed: precision 1.000, recall 1.000 of what the checker is
# expected to find. The misreadings other seeds showed (a muscle relaxant's "use" read from
# another item's "for 4 weeks" or "for 6 weeks", an AED approval after "a lack of documented
# functional improvement", a quoted "Relief of pain with the use of medications" read as documented
# analgesia) are fixed; what the floors still leave room for: a verdict line dropped as page
# furniture when it ends two pages, a UR certification of one of two similar therapy requests.
REALISTIC_PRECISION_FLOOR = 0.98
REALISTIC_RECALL_FLOOR = 0.97


def _module(path: Path, name: str) -> ModuleType:
    return load_script(path, name)


def _report(folder: Path) -> tuple[dict[str, Any], Summary]:
    rulebook = default_rulebook()
    stream = io.StringIO()
    formatter = FORMATS["json"](stream, RunInfo("test", rulebook.name, rulebook.version, len(rulebook.rules)))
    summary = Summary()
    formatter.begin()
    paths = sorted(str(p) for p in folder.iterdir() if p.suffix in (".txt", ".pdf"))
    for result in check_paths(paths, rulebook, jobs=2):
        summary.add(result)
        formatter.letter(result)
    formatter.end(summary)
    return json.loads(stream.getvalue()), summary


def _print(title: str, found: dict[str, Any], categories: tuple[str, ...]) -> None:
    print(f"\n{title}: precision {found['precision']:.3f} recall {found['recall']:.3f}")
    for category in categories:
        tp, fp, fn = (found[key][category] for key in ("tp", "fp", "fn"))
        print(f"  {category:30s} tp {tp:4d} fp {fp:4d} fn {fn:4d}")


def test_precision_and_recall_on_a_thousand_recombined_letters(tmp_path: Path) -> None:
    make_corpus = _module(ROOT / "benchmarks" / "make_corpus.py", "make_corpus")
    score = _module(SCORER, "imr_score")
    planted = make_corpus.make(1000, tmp_path, seed=2026, defect_rate=0.4, mode="examples")
    assert all(planted[category] >= 25 for category in make_corpus.CATEGORIES), planted

    report, summary = _report(tmp_path)
    found = score.score(report, score.load_expected(str(tmp_path / "labels.yaml")))
    _print("1000 recombined letters", found, make_corpus.CATEGORIES)
    assert summary.errors == 0
    assert found["missing_items"] == 0
    assert found["fields"]["decision"] == found["fields_total"]
    assert found["precision"] >= PRECISION_FLOOR
    assert found["recall"] >= RECALL_FLOOR


def today(labels: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """The labels as today's checker is scored on them: an awaiting category counts as allowed."""
    out: dict[str, list[dict[str, Any]]] = {}
    for name, items in labels.items():
        kept = []
        for item in items:
            awaits = item.get("awaits") or {}
            kept.append(
                {
                    **item,
                    "required": [c for c in item["required"] if c not in awaits],
                    "allowed": sorted({*item["allowed"], *awaits}),
                }
            )
        out[name] = kept
    return out


def awaiting_found(
    score: ModuleType, report: dict[str, Any], labels: dict[str, Any]
) -> tuple[Counter[str], Counter[str]]:
    """Per awaiting category: how many planted, and how many the checker already reports."""
    letters = {Path(letter["path"]).name: letter for letter in report["letters"]}
    planted: Counter[str] = Counter()
    found: Counter[str] = Counter()
    for name, items in labels.items():
        for expected, item in score.match_items(items, letters[name]["items"]):
            for category in expected.get("awaits") or {}:
                if category in expected["required"]:
                    planted[category] += 1
                    raised = {flag["category"] for flag in (item or {}).get("flags", [])}
                    found[category] += category in raised
    return planted, found


def test_precision_and_recall_on_a_thousand_realistic_letters(tmp_path: Path) -> None:
    make_corpus = _module(ROOT / "benchmarks" / "make_corpus.py", "make_corpus")
    score = _module(SCORER, "imr_score")
    make_corpus.make(1000, tmp_path, seed=2026, defect_rate=0.4, mode="realistic", pdf_share=0.1, force=True)
    labels = yaml.safe_load((tmp_path / "labels.yaml").read_text(encoding="utf-8"))
    expected = today(labels)
    required = Counter(c for items in expected.values() for item in items for c in item["required"])
    # Every category is planted in a form the checker reads today, most of them dozens of times.
    assert all(required[c] >= 5 for c in make_corpus.CATEGORIES), required
    assert sum(1 for name in labels if name.endswith(".pdf")) >= 50

    report, summary = _report(tmp_path)
    found = score.score(report, expected)
    _print("1000 realistic letters (10% PDF)", found, make_corpus.CATEGORIES)
    planted, already = awaiting_found(score, report, labels)
    for category in sorted(planted):
        print(f"  awaiting {category:30s} planted {planted[category]:4d} found today {already[category]:4d}")
    assert summary.errors == 0
    assert found["missing_items"] == 0
    assert found["fields"]["decision"] >= 0.99 * found["fields_total"]
    assert found["precision"] >= REALISTIC_PRECISION_FLOOR
    assert found["recall"] >= REALISTIC_RECALL_FLOOR


def test_the_corpus_is_the_same_for_a_seed(tmp_path: Path) -> None:
    make_corpus = _module(ROOT / "benchmarks" / "make_corpus.py", "make_corpus")
    for mode in ("examples", "realistic"):
        share = 0.3 if mode == "realistic" else 0.0
        for folder, seed in (("a", 7), ("b", 7), ("c", 8)):
            make_corpus.make(20, tmp_path / mode / folder, seed=seed, defect_rate=0.5, mode=mode, pdf_share=share)

        def contents(folder: str, mode: str = mode) -> dict[str, bytes]:
            return {p.name: p.read_bytes() for p in sorted((tmp_path / mode / folder).iterdir())}

        assert contents("a") == contents("b")
        assert contents("a") != contents("c")
        assert len(contents("a")) == 21  # twenty letters and labels.yaml
