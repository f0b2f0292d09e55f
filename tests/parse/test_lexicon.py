"""The drug lexicon on what real disputes are about: compounds, brands, routes, benzodiazepines."""

from __future__ import annotations

import pytest

from checker.parse.treatment import parse_treatment
from checker.parse.vocabulary import default_vocabulary


@pytest.mark.parametrize(
    ("treatment", "drug", "drug_class"),
    [
        # Compounded oral suspensions follow their active ingredient.
        ("Fanatrex 25mg/ml oral suspension 420ml", "gabapentin", "aed"),
        ("Synapryn 10mg/ml oral suspension 500ml", "tramadol", "opioid"),
        ("Tabradol 1mg/ml oral suspension, 250ml", "cyclobenzaprine", "muscle_relaxant"),
        ("Deprizine 15mg/ml oral suspension, 250ml", "ranitidine", "gi_protectant"),
        ("Dicopanol 5mg/ml oral suspension, 150ml", "diphenhydramine", "sleep_aid"),
        # Compounded creams by brand and by their ingredient list follow their route.
        ("Ketophene 20% cream 165gm", "ketoprofen topical", "topical_analgesic"),
        ("Cyclophene 5% cream", "cyclobenzaprine topical", "topical_analgesic"),
        ("AneCream 4% #30", "lidocaine", "topical_analgesic"),
        (
            "Flurbiprofen 10%/Dextromethorphan 5%/Lidocaine 5%",
            "flurbiprofen/dextromethorphan/lidocaine",
            "topical_analgesic",
        ),
        ("Compound Ketoprofen 20%, 240 grams", "ketoprofen", "topical_analgesic"),
        ("Diclofenac sodium 3% 300mg/g #1", "diclofenac", "topical_analgesic"),
        ("Lidoderm 5% patch #30", "lidocaine", "topical_analgesic"),
        ("Salonpas patches #10", "methyl salicylate/menthol", "topical_analgesic"),
        # The same drug by mouth and on the skin.
        ("Voltaren gel 1% 100gm", "diclofenac topical", "topical_analgesic"),
        ("Voltaren 75mg tablets #60", "diclofenac", "nsaid"),
        # Others real disputes name.
        ("one month supply of Trezix capsule 320.5/30/16mg", "acetaminophen/caffeine/dihydrocodeine", "opioid"),
        ("Fioricet #30", "butalbital/acetaminophen/caffeine", "other"),
        # A codeine product is an opioid whatever its brand, and a brand written without a space.
        ("Fioricet with Codeine #30", "butalbital/acetaminophen/caffeine/codeine", "opioid"),
        ("Tylenol#3 #60", "codeine/acetaminophen", "opioid"),
        ("Codeine sulfate 30mg #30", "codeine", "opioid"),
        ("Talwin NX 50mg #30", "pentazocine", "opioid"),
        ("Trintellix 10mg #30", "vortioxetine", "antidepressant"),
        ("Medrox patch #30", "methyl salicylate/menthol/capsaicin", "topical_analgesic"),
        ("Viagra 100mg #10", "sildenafil", "other"),
        ("Diazepam 5mg #30", "diazepam", "benzodiazepine"),
        ("Xanax 0.5mg #60", "alprazolam", "benzodiazepine"),
        ("MRI of the lumbar spine", None, "other"),
    ],
)
def test_identify(treatment: str, drug: str | None, drug_class: str) -> None:
    assert default_vocabulary().lexicon.identify(parse_treatment(treatment)) == (drug, drug_class)
