"""A result cache no one but this user's imr-check wrote: forged, edited, linked or foreign
entries never change a verdict, and a cache that cannot be trusted is not used."""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from checker.datafiles import private, schemacache
from checker.datafiles.resources import rules_path
from checker.datafiles.yamlio import validated
from checker.model import LetterResult
from checker.parse.vocabulary import LEXICON_SCHEMA
from checker.rulebook.book import default_rulebook
from checker.run.codec import BadData, decode, encode, slim
from checker.run.resultcache import FILE_NAME, ResultCache, fingerprint
from checker.run.runner import check_paths
from tests.hostile.attacks import GOOD_LETTER


def _flags(results: list[LetterResult]) -> list[int]:
    return [result.flag_count for result in results]


@pytest.fixture
def letter(tmp_path: Path) -> Path:
    path = tmp_path / "letters" / "004.txt"
    path.parent.mkdir()
    path.write_bytes(GOOD_LETTER.read_bytes())
    return path


def _cached_run(folder: Path, letter: Path) -> list[LetterResult]:
    rulebook = default_rulebook()
    return list(check_paths([str(letter)], rulebook, cache=ResultCache(folder, fingerprint(rulebook))))


def _rows(folder: Path) -> list[tuple[bytes, bytes, bytes]]:
    with sqlite3.connect(folder / FILE_NAME) as connection:
        return connection.execute("SELECT key, body, mac FROM entries").fetchall()


def _rewrite(folder: Path, key: bytes, body: bytes, mac: bytes) -> None:
    with sqlite3.connect(folder / FILE_NAME) as connection:
        connection.execute("UPDATE entries SET body = ?, mac = ? WHERE key = ?", (body, mac, key))


def _stripped(body: bytes) -> bytes:
    """The entry's result with every flag removed: what a forger wants the gate to see."""
    data = json.loads(body)
    for item in data[3]:
        item[1] = []
    data[4] = []
    return json.dumps(data).encode()


def test_an_entry_with_its_flags_stripped_is_not_believed(tmp_path: Path, letter: Path) -> None:
    first = _cached_run(tmp_path / "cache", letter)
    assert first[0].flag_count > 0
    ((key, body, _mac),) = _rows(tmp_path / "cache")
    forged = _stripped(body)
    # Unsigned, signed with another key, or with a signature copied from the real entry.
    for mac in (b"", private.sign(b"another user's key.....", key, forged), _mac):
        _rewrite(tmp_path / "cache", key, forged, mac)
        assert _flags(_cached_run(tmp_path / "cache", letter)) == _flags(first)


def test_a_signed_entry_with_a_bogus_value_is_refused_by_its_schema(tmp_path: Path, letter: Path) -> None:
    first = _cached_run(tmp_path / "cache", letter)
    ((key, body, _mac),) = _rows(tmp_path / "cache")
    text = body.decode()
    assert '"warning"' in text
    bogus = text.replace('"warning"', '"bogus"', 1).encode()
    with pytest.raises(BadData):
        decode(bogus)
    secret = private.secret()
    assert secret is not None
    _rewrite(tmp_path / "cache", key, bogus, private.sign(secret, key, bogus))
    again = _cached_run(tmp_path / "cache", letter)
    assert _flags(again) == _flags(first)
    assert all(flag.severity in ("error", "warning", "info") for _, flag in again[0].flagged())


def test_an_entry_is_bound_to_the_letters_suffix(tmp_path: Path, letter: Path) -> None:
    cache = ResultCache(tmp_path / "cache", "run")
    data = letter.read_bytes()
    assert cache.key(data, "a.txt") == cache.key(data, "b.TXT")
    assert cache.key(data, "a.txt") != cache.key(data, "a.pdf")
    # A PDF named .txt and the same bytes named .pdf are read differently, and cached apart.
    pdf = tmp_path / "letters" / "x.pdf"
    pdf.write_bytes(data)
    results = [_cached_run(tmp_path / "cache", path)[0] for path in (letter, pdf, letter, pdf)]
    assert [r.status for r in results] == ["ok", "error", "ok", "error"]


def test_a_database_linked_elsewhere_is_not_opened(tmp_path: Path, letter: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    for name in (FILE_NAME, f"{FILE_NAME}-wal", f"{FILE_NAME}-journal"):
        cache = tmp_path / f"cache-{name}"
        cache.mkdir(mode=0o700)
        (cache / name).symlink_to(victim)
        rulebook = default_rulebook()
        store = ResultCache(cache, fingerprint(rulebook))
        assert _flags(list(check_paths([str(letter)], rulebook, cache=store))) == [4]
        assert store.problem is not None and "link" in store.problem
        assert victim.read_text(encoding="utf-8") == "precious\n"


def test_a_hard_linked_database_is_not_opened(tmp_path: Path, letter: Path) -> None:
    _cached_run(tmp_path / "cache", letter)
    os.link(tmp_path / "cache" / FILE_NAME, tmp_path / "elsewhere")
    store = ResultCache(tmp_path / "cache", "run")
    assert not store.prepare() and store.problem is not None


def test_markers_are_not_written_through_planted_links(tmp_path: Path, letter: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)
    (cache / ".gitignore").symlink_to(victim)
    (cache / "CACHEDIR.TAG").symlink_to(tmp_path / "created-elsewhere")
    assert _flags(_cached_run(cache, letter)) == [4]
    assert victim.read_text(encoding="utf-8") == "precious\n"
    assert not (tmp_path / "created-elsewhere").exists()


def test_a_folder_others_may_write_is_not_used(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    store = ResultCache(shared, "run")
    assert not store.prepare()
    assert store.problem is not None and "others may write" in store.problem
    assert not (shared / FILE_NAME).exists()


def test_a_foreign_database_is_left_alone(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o700)
    with sqlite3.connect(cache / FILE_NAME) as connection:
        connection.execute("CREATE TABLE entries (key BLOB PRIMARY KEY, body BLOB, mac BLOB)")
        connection.execute("CREATE TRIGGER t AFTER INSERT ON entries BEGIN DELETE FROM entries; END")
    store = ResultCache(cache, "run")
    assert not store.prepare()
    assert store.problem is not None and "not an imr-check result cache" in store.problem


def test_the_run_says_why_the_cache_is_off(tmp_path: Path, letter: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.support import invoke

    monkeypatch.delenv("IMR_CHECK_NO_CACHE", raising=False)
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    result = invoke("--cache-dir", str(shared), str(letter))
    assert result.exit_code == 1
    assert "others may write in it" in result.stderr and "running without it" in result.stderr


def test_an_edited_data_cache_entry_is_validated_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IMR_CHECK_DATA_CACHE", str(tmp_path / "data"))
    schema = rules_path("schema", LEXICON_SCHEMA)
    sound = validated(rules_path("drugs.yaml"), schema)
    (entry,) = (tmp_path / "data").glob("*.json")
    body, _, mac = entry.read_bytes().rpartition(b"\n")
    data = json.loads(body)
    data["data"]["drugs"] = data["data"]["drugs"][:1]  # drop every drug but one
    entry.write_bytes(json.dumps(data).encode() + b"\n" + mac)
    assert schemacache.load(entry.stem) is None
    assert validated(rules_path("drugs.yaml"), schema).data == sound.data


def test_an_entry_round_trips_exactly(tmp_path: Path, letter: Path) -> None:
    (result,) = _cached_run(tmp_path / "cache", letter)
    (again,) = _cached_run(tmp_path / "cache", letter)
    assert again == slim(result)  # what reports read, and nothing else
    assert decode(encode(result)) == replace(slim(result), path="")
