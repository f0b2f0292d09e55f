from __future__ import annotations

import pytest

from checker.parse.treatment import parse_treatment


@pytest.mark.parametrize(
    ("text", "name", "values", "unit", "form", "quantity"),
    [
        ("Norflex 100mg #60", "Norflex", (100.0,), "mg", None, 60),
        ("Norco 7.5 mg QTY 120.00", "Norco", (7.5,), "mg", None, 120),
        ("Norco 10/325mg #360", "Norco", (10.0, 325.0), "mg", None, 360),
        ("Norco 10-325mg #90", "Norco", (10.0, 325.0), "mg", None, 90),
        ("Duragesic 12 mcg/hr patch #10", "Duragesic", (12.0,), "mcg/hr", "patch", 10),
        ("Norco 10/325 mg, QTY: 90", "Norco", (10.0, 325.0), "mg", None, 90),
        ("Neurontin tablets 600mg #60", "Neurontin", (600.0,), "mg", "tablets", 60),
        ("Lidoderm 5% patch #30", "Lidoderm", (5.0,), "%", "patch", 30),
        ("Tramadol ER 150mg #30", "Tramadol", (150.0,), "mg", "er", 30),
    ],
)
def test_treatment_parts(
    text: str, name: str, values: tuple[float, ...], unit: str, form: str | None, quantity: float
) -> None:
    treatment = parse_treatment(text)
    assert treatment.name == name
    assert treatment.strength is not None
    assert treatment.strength.values == values
    assert treatment.strength.unit == unit
    assert treatment.form == form
    assert treatment.quantity == quantity


def test_a_service_without_dose_keeps_its_name() -> None:
    treatment = parse_treatment("Physical therapy 2x6 lumbar spine")
    assert treatment.name == "Physical therapy 2x6 lumbar spine"
    assert treatment.strength is None and treatment.quantity is None
