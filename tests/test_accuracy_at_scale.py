"""Precision and recall on 1,000 generated letters with planted inconsistencies of every category.

The corpus comes from benchmarks/make_corpus.py (a fixed seed); the scoring is the project's
scorer (tools/score.py). The floors are what the shipped rules
reach, less a margin: a rule change that loses accuracy at scale fails here.
"""

from __future__ import annotations

import importlib.util
import io
import json
import sys
from pathlib import Path

import pytest

from checker.report.formats import FORMATS, RunInfo
from checker.report.views import Summary
from checker.rulebook.book import default_rulebook
from checker.run.runner import check_paths
from tests.support import ROOT, SCORER

pytestmark = pytest.mark.slow  # a thousand generated letters

PRECISION_FLOOR = 0.99
RECALL_FLOOR = 0.98


def _module(path: Path, name: str):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def test_precision_and_recall_on_a_thousand_generated_letters(tmp_path: Path) -> None:
    make_corpus = _module(ROOT / "benchmarks" / "make_corpus.py", "make_corpus")
    score = _module(SCORER, "imr_score")
    planted = make_corpus.make(1000, tmp_path, seed=2026, defect_rate=0.4, mode="examples")
    assert all(planted[category] >= 25 for category in make_corpus.CATEGORIES), planted

    rulebook = default_rulebook()
    stream = io.StringIO()
    formatter = FORMATS["json"](stream, RunInfo("test", rulebook.name, rulebook.version, len(rulebook.rules)))
    summary = Summary()
    formatter.begin()
    paths = sorted(str(p) for p in tmp_path.glob("*.txt"))
    for result in check_paths(paths, rulebook, jobs=2):
        summary.add(result)
        formatter.letter(result)
    formatter.end(summary)

    found = score.score(json.loads(stream.getvalue()), score.load_expected(str(tmp_path / "labels.yaml")))
    print(f"\n1000 generated letters: precision {found['precision']:.3f} recall {found['recall']:.3f}")
    for category in make_corpus.CATEGORIES:
        tp, fp, fn = (found[key][category] for key in ("tp", "fp", "fn"))
        print(f"  {category:30s} tp {tp:4d} fp {fp:4d} fn {fn:4d}")
    assert summary.errors == 0
    assert found["missing_items"] == 0
    assert found["fields"]["decision"] == found["fields_total"]
    assert found["precision"] >= PRECISION_FLOOR
    assert found["recall"] >= RECALL_FLOOR


def test_the_corpus_is_the_same_for_a_seed(tmp_path: Path) -> None:
    make_corpus = _module(ROOT / "benchmarks" / "make_corpus.py", "make_corpus")
    for folder, seed in (("a", 7), ("b", 7), ("c", 8)):
        make_corpus.make(20, tmp_path / folder, seed=seed, defect_rate=0.5, mode="examples")

    def contents(folder: str) -> dict[str, bytes]:
        return {p.name: p.read_bytes() for p in sorted((tmp_path / folder).iterdir())}

    assert contents("a") == contents("b")
    assert contents("a") != contents("c")
    assert len(contents("a")) == 21  # twenty letters and labels.yaml
