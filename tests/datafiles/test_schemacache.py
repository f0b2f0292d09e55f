"""Validated data files are kept by hash; a corrupt or foreign entry is ignored and rewritten."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checker.datafiles import schemacache
from checker.datafiles.resources import rules_path
from checker.datafiles.yamlio import DataErrors, validated
from checker.parse.vocabulary import LEXICON_SCHEMA


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data-cache"
    monkeypatch.setenv("IMR_CHECK_DATA_CACHE", str(folder))
    return folder


def test_a_second_load_reads_the_cache_and_gives_the_same_document(cache_dir: Path) -> None:
    schema = rules_path("schema", LEXICON_SCHEMA)
    first = validated(rules_path("drugs.yaml"), schema)
    entries = list(cache_dir.glob("*.json"))
    assert len(entries) == 1
    second = validated(rules_path("drugs.yaml"), schema)
    assert (second.data, second.lines) == (first.data, first.lines)


@pytest.mark.parametrize(
    "damage",
    [b"\x00\x01 not json", b'{"key": "someone else", "data": {}, "lines": []}', b'{"key": null}', b"[]"],
    ids=["corrupt", "foreign", "no-key", "not-an-entry"],
)
def test_a_bad_entry_is_ignored_and_rewritten(cache_dir: Path, damage: bytes) -> None:
    schema = rules_path("schema", LEXICON_SCHEMA)
    sound = validated(rules_path("drugs.yaml"), schema)
    (entry,) = cache_dir.glob("*.json")
    entry.write_bytes(damage)
    again = validated(rules_path("drugs.yaml"), schema)
    assert again.data == sound.data
    body, _, _signature = entry.read_bytes().rpartition(b"\n")
    assert json.loads(body)["key"] == entry.stem


def test_a_file_that_fails_its_schema_is_never_cached(cache_dir: Path, tmp_path: Path) -> None:
    bad = tmp_path / "drugs.yaml"
    bad.write_text("name: x\nversion: '1'\ndrugs:\n  - generic: x\n    class: not-a-class\n", encoding="utf-8")
    schema = rules_path("schema", LEXICON_SCHEMA)
    for _ in range(2):
        with pytest.raises(DataErrors):
            validated(bad, schema)
    assert not list(cache_dir.glob("*.json"))


def test_the_cache_can_be_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IMR_CHECK_DATA_CACHE", "off")
    assert schemacache.directory() is None
