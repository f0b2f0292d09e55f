"""The realistic corpus (benchmarks/make_corpus.py --mode realistic) looks like the published letters.

Its proportions are compared with the 65 published letters in tests/fixtures/real: their labels
(decisions, UR statuses, drug items, items per letter), their text layer (bytes and lines per
letter, pages), and the item kinds counted in them (therapy 45, imaging 41, drug 24, equipment 23,
test 12, consultation 5, surgery 3, injection 3, other 2 of 158).
"""

from __future__ import annotations

import statistics
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from checker.read.decode import decode
from checker.read.pdf import pdf_text
from tests.support import ROOT, load_script

pytestmark = pytest.mark.slow  # a thousand generated letters

PUBLISHED = ROOT / "tests" / "fixtures" / "real"
PUBLISHED_KINDS = {
    "therapy": 45,
    "imaging": 41,
    "drug": 24,
    "equipment": 23,
    "test": 12,
    "consultation": 5,
    "surgery": 3,
    "injection": 3,
    "other": 2,
}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    module = load_script(ROOT / "benchmarks" / "make_corpus.py", "make_corpus")
    out = tmp_path_factory.mktemp("realistic")
    module.make(1000, out, seed=11, defect_rate=0.0, mode="realistic")
    return out


def _published_labels() -> dict[str, list[dict[str, Any]]]:
    out = {}
    for path in sorted((PUBLISHED / "labels").glob("*.yaml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        out[document["letter"]] = document["items"]
    return out


def _shares(labels: dict[str, list[dict[str, Any]]]) -> dict[str, float]:
    items = [item for found in labels.values() for item in found]
    count = len(items)
    return {
        "items per letter": count / len(labels),
        "letters of one item": sum(len(found) == 1 for found in labels.values()) / len(labels),
        "overturned": sum(item["decision"] == "overturned" for item in items) / count,
        "modified (partial authorisation)": sum(item["ur_status"] == "modified" for item in items) / count,
        "UR unknown": sum(item["ur_status"] == "unknown" for item in items) / count,
        "a drug of a named class": sum(item["drug_class"] != "other" for item in items) / count,
    }


def test_labels_have_the_published_proportions(generated: Path) -> None:
    labels = yaml.safe_load((generated / "labels.yaml").read_text(encoding="utf-8"))
    mine, theirs = _shares(labels), _shares(_published_labels())
    for name, published in theirs.items():
        tolerance = 0.15 * published if name == "items per letter" else 0.05
        assert abs(mine[name] - published) <= tolerance, (name, round(mine[name], 3), round(published, 3))

    # Kinds come in clusters (a letter of fifteen items is a surgery and the services that go with
    # it), so a thousand letters hold them within about four points of their published shares.
    kinds = Counter(item["kind"] for found in labels.values() for item in found)
    total = sum(kinds.values())
    for kind, count in PUBLISHED_KINDS.items():
        assert abs(kinds[kind] / total - count / 158) <= 0.04, (kind, kinds[kind] / total, count / 158)


def test_letters_are_the_published_size(generated: Path) -> None:
    texts = [decode(p.read_bytes())[0] for p in sorted(generated.glob("*.txt"))]
    published = [pdf_text(p.read_bytes()) for p in sorted(PUBLISHED.glob("*.pdf"))]

    def measure(found: list[str]) -> dict[str, float]:
        return {
            "bytes": statistics.mean(len(t.encode("utf-8")) for t in found),
            "median bytes": statistics.median(len(t.encode("utf-8")) for t in found),
            "lines": statistics.mean(t.count("\n") for t in found),
            "pages": statistics.mean(t.count("\f") + 1 for t in found),
        }

    mine, theirs = measure(texts), measure(published)
    for name, value in theirs.items():
        assert abs(mine[name] - value) <= 0.15 * value, (name, mine[name], value)


def test_letters_have_the_published_shapes(generated: Path) -> None:
    """Every shape the published letters show turns up: the field block, both partial
    authorisation forms, both older layouts, page breaks, and each kind of guideline line."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(generated.glob("*.txt"))]
    assert sum("\f" in t for t in texts) > 0.8 * len(texts)  # page breaks
    assert sum("Priority: Standard Application \nReceived: \n" in t for t in texts) > 0.8 * len(texts)
    # Lines wrap anywhere, so the shapes are looked for in the text with its lines joined.
    joined = " ".join(" ".join(texts).split())
    for shape in (
        "Date Assigned: ",
        "UR Denial Date: ",
        "was authorized by the Claims Administrator. The remaining IMR eligible portion of the original request, ",
        "leaving the original request IMR eligible. The original request, ",
        "Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): ",
        "Decision based on MTUS Acupuncture Treatment 2007",
        "Decision based on MTUS Opioid Treatment 2016, Section(s): ",
        "Complaints 2004, Section(s): ",
        "Decision based on Non-MTUS Citation ",
        "based their decision on recommendation(s) outside of the MTUS Guidelines.",
        "did not cite any medical evidence for its decision.",
        "Associated surgical service: ",
        "IMR DECISION(S) AND RATIONALE(S)",
        "MEDICAL PROFESSIONAL REVIEW",
    ):
        assert shape in joined, shape
    layouts = Counter(
        "format2" if "IMR DECISION(S)" in t else "format3" if t.startswith("MEDICAL PROFESSIONAL") else "standard"
        for t in texts
    )
    assert layouts["standard"] > 0.8 * len(texts)
    assert min(layouts["format2"], layouts["format3"]) > 0.03 * len(texts)
