"""Results cross process boundaries unchanged: pickled by their fields, and slim."""

from __future__ import annotations

import copyreg
import dataclasses
import pickle

from checker import model
from checker.pipeline import check_source
from checker.read.ingest import read_source
from checker.rulebook.book import default_rulebook
from checker.run import codec
from tests.support import EXAMPLES, REAL


def test_every_record_of_the_model_is_pickled_by_its_fields() -> None:
    records = [
        c
        for c in vars(model).values()
        if isinstance(c, type) and dataclasses.is_dataclass(c) and c.__module__ == model.__name__
    ]
    assert records
    assert all(record in copyreg.dispatch_table for record in records)


def test_results_of_real_letters_come_back_from_a_pickle_equal() -> None:
    rulebook = default_rulebook()
    paths = sorted(EXAMPLES.glob("*.txt")) + sorted(REAL.glob("*.pdf"))[:10]
    results = [check_source(read_source(str(path)), rulebook) for path in paths]
    assert all(result.status == "ok" for result in results)
    assert sum(result.flag_count for result in results) > 0
    for result in results:
        for kept in (result, codec.slim(result)):
            back = pickle.loads(pickle.dumps(kept))
            assert back == kept
