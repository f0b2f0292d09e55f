"""Item kinds and body regions: the traps the real letters set, and every real item."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from checker.parse.treatment import parse_treatment
from checker.parse.vocabulary import default_vocabulary
from checker.pipeline import check_source
from checker.read.ingest import read_source
from checker.rulebook.book import Rulebook
from tests.support import REAL


@pytest.mark.parametrize(
    ("treatment", "kind", "regions"),
    [
        ("1 knee scooter", "equipment", ()),
        ("Associated surgical service: Hip pad", "equipment", ()),
        ("Associated surgical service: 2 leg wraps", "equipment", ()),
        ("Associated surgical service: Labs - PT/PTT", "test", ()),
        ("Associated surgical service: Ultrasling", "equipment", ()),
        ("Ultrasound 1 times 8", "therapy", ()),
        ("Ultrasound of the right shoulder", "imaging", ("shoulder",)),
        ("Physical exam 2 times 8", "therapy", ()),
        ("Associated surgical service: Cold therapy for one week", "equipment", ()),
        ("Trigger points impedance imaging (TPII)", "test", ()),
        ("Localized intense neurostimulation therapy [following TPII]", "therapy", ()),
        ("Functional capacity evaluation", "test", ()),
        ("Spine surgery evaluation for the lumbar", "consultation", ("lumbar",)),
        ("Twelve acupuncture visits with Capsaicin patch, 2 times weekly for 6 weeks", "therapy", ()),
        ("Right L4 transforaminal epidural steroid injection under fluoroscopic guidance", "injection", ("lumbar",)),
        ("Chiro with modalities 2 times a week for 6 weeks for neck, back", "therapy", ("cervical", "back")),
        ("MRI for the cervical spine", "imaging", ("cervical",)),
        ("PT/OT 18 sessions left hand, right lower leg", "therapy", ("wrist_hand", "knee")),
        (
            "Retrospective TENS unit, purchase, lumbar spine, left hip, lower leg, and knee (DOS 12/29/16)",
            "equipment",
            ("lumbar", "hip", "knee"),
        ),
        ("Norco 10/325mg #120", "drug", ()),
    ],
)
def test_kind_and_regions_of_a_header(treatment: str, kind: str, regions: tuple[str, ...]) -> None:
    vocabulary = default_vocabulary()
    assert vocabulary.kinds is not None
    drug, _ = vocabulary.lexicon.identify(parse_treatment(treatment))
    got_kind = vocabulary.kinds.kind_of(treatment, drug is not None)
    assert (got_kind, vocabulary.kinds.regions_of(treatment) if got_kind != "drug" else ()) == (kind, regions)


def _expected() -> dict[str, list[dict[str, object]]]:
    data = yaml.safe_load((REAL / "items.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize("letter", sorted(_expected()))
def test_every_real_item_has_the_kind_and_regions_read_off_the_letter(letter: str, parser_rulebook: Rulebook) -> None:
    result = check_source(read_source(str(Path(REAL, f"{letter}.pdf"))), parser_rulebook)
    got = [(i.item.kind, list(i.item.regions)) for i in result.items]
    want = [(e["kind"], e["regions"]) for e in _expected()[letter]]
    assert got == want
