"""Worker processes, the result cache and the Dask engine give the report a plain run gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.cli.app import app
from checker.report.formats import FORMATS, RunInfo
from checker.report.views import Summary
from checker.rulebook.book import Rulebook
from checker.run.resultcache import ResultCache, fingerprint
from checker.run.runner import check_paths
from tests.support import EXAMPLES, CliRunner, needs_dask

runner = CliRunner()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Twenty-four letters: the examples with small edits, a cut-off one, a binary one."""
    folder = tmp_path_factory.mktemp("corpus")
    examples = sorted(EXAMPLES.glob("*.txt"))
    for copy in range(4):
        for path in examples:
            text = path.read_text(encoding="utf-8")
            if copy:  # different bytes, same structure: each copy has its own cache entry
                text = text.replace("The ", "The  ", copy)
            (folder / f"{copy}_{path.name}").write_text(text, encoding="utf-8")
    cut = examples[0].read_text(encoding="utf-8")
    (folder / "cut_off.txt").write_text(cut[: cut.index("IMR ISSUES")], encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x00\x01PDF" * 100)
    (folder / "not_a_letter.txt").write_text("Dear Sir,\nThank you.\n", encoding="utf-8")
    (folder / "cp1252.txt").write_bytes(examples[1].read_bytes().replace(b"The", b"Th\xe9", 2))
    return folder


def cli(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout


@pytest.mark.parametrize("output_format", ["json", "jsonl", "sarif", "text"])
def test_two_jobs_give_the_report_one_process_gives(corpus: Path, output_format: str) -> None:
    code, plain = cli("--no-cache", "-j", "1", "--format", output_format, str(corpus))
    assert "cut_off.txt" in plain and "binary.txt" in plain and plain.count("Norco") > 20
    code2, parallel = cli("--no-cache", "-j", "2", "--format", output_format, str(corpus))
    assert (code2, parallel) == (code, plain)


def _render(results, rulebook: Rulebook) -> str:  # type: ignore[no-untyped-def]
    import io

    stream = io.StringIO()
    formatter = FORMATS["json"](stream, RunInfo("v", rulebook.name, rulebook.version, len(rulebook.rules)))
    summary = Summary()
    formatter.begin()
    for result in results:
        summary.add(result)
        formatter.letter(result)
    formatter.end(summary)
    return stream.getvalue()


def test_pool_keeps_input_order_with_one_letter_per_batch(corpus: Path, parser_rulebook: Rulebook) -> None:
    paths = sorted(str(p) for p in corpus.iterdir())
    plain = _render(check_paths(paths, parser_rulebook), parser_rulebook)
    pooled = _render(check_paths(paths, parser_rulebook, jobs=2, batch_size=1), parser_rulebook)
    assert pooled == plain


def _entries(folder: Path) -> int:
    import sqlite3

    with sqlite3.connect(folder / "results.sqlite3") as connection:
        return int(connection.execute("SELECT count(*) FROM entries").fetchone()[0])


def test_cached_results_give_the_same_report(corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("IMR_CHECK_NO_CACHE", raising=False)
    cache = tmp_path / "cache"
    _, plain = cli("--no-cache", "--format", "json", str(corpus))
    _, first = cli("--cache-dir", str(cache), "-j", "1", "--format", "json", str(corpus))
    # Every letter that could be read has an entry (the binary one too: its error depends on bytes only).
    assert _entries(cache) == len(list(corpus.iterdir()))
    _, second = cli("--cache-dir", str(cache), "-j", "2", "--format", "json", str(corpus))
    assert first == plain
    assert second == plain
    assert (cache / "CACHEDIR.TAG").exists()


def test_a_hit_is_not_checked_again(corpus: Path, tmp_path: Path, parser_rulebook: Rulebook, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    cache = ResultCache(tmp_path, fingerprint(parser_rulebook))
    paths = sorted(str(p) for p in corpus.iterdir())
    list(check_paths(paths, parser_rulebook, cache=cache))

    def fail(*args: object) -> None:
        raise AssertionError("a cached letter was checked again")

    monkeypatch.setattr("checker.run.worker.check_source", fail)
    assert len(list(check_paths(paths, parser_rulebook, cache=cache))) == len(paths)


def test_workers_write_the_cache_in_batches(corpus: Path, tmp_path: Path, parser_rulebook: Rulebook) -> None:
    cache = ResultCache(tmp_path, fingerprint(parser_rulebook))
    paths = sorted(str(p) for p in corpus.iterdir())
    plain = _render(check_paths(paths, parser_rulebook), parser_rulebook)
    assert _render(check_paths(paths, parser_rulebook, jobs=2, batch_size=3, cache=cache), parser_rulebook) == plain
    assert _entries(tmp_path) == len(paths)
    assert _render(check_paths(paths, parser_rulebook, cache=cache), parser_rulebook) == plain


def test_a_changed_rulebook_misses_the_cache() -> None:
    from checker.rulebook.book import default_rulebook, load_rulebook

    shipped = default_rulebook()
    assert fingerprint(shipped) == fingerprint(default_rulebook())
    rule_id = shipped.rules[0].id
    assert fingerprint(load_rulebook(disabled=(rule_id,))) != fingerprint(shipped)
    assert fingerprint(load_rulebook(severities={rule_id: "info"})) != fingerprint(shipped)
    assert fingerprint(shipped, ["another option"]) != fingerprint(shipped)


def test_rules_that_flag_give_the_same_report_in_every_engine(corpus: Path, tmp_path: Path) -> None:
    from checker.rulebook.book import default_rulebook

    rulebook = default_rulebook()
    paths = sorted(str(p) for p in corpus.iterdir())
    plain = _render(check_paths(paths, rulebook), rulebook)
    assert '"category"' in plain  # the shipped rules flag some of these letters
    assert _render(check_paths(paths, rulebook, jobs=2, batch_size=2), rulebook) == plain
    cache = ResultCache(tmp_path, fingerprint(rulebook))
    assert _render(check_paths(paths, rulebook, cache=cache), rulebook) == plain
    assert _render(check_paths(paths, rulebook, jobs=2, cache=cache), rulebook) == plain


@pytest.mark.slow
def test_the_dask_engine_gives_the_same_report(corpus: Path, tmp_path: Path) -> None:
    needs_dask()
    from checker.rulebook.book import default_rulebook

    rulebook = default_rulebook()  # crosses to the workers by its load spec, not by pickled closures
    paths = sorted(str(p) for p in corpus.iterdir())
    plain = _render(check_paths(paths, rulebook), rulebook)
    cache = ResultCache(tmp_path, fingerprint(rulebook))
    # A local cluster of two worker processes on the loopback interface; small batches.
    on_dask = _render(check_paths(paths, rulebook, jobs=2, engine="dask", batch_size=3), rulebook)
    assert on_dask == plain
    cached = _render(check_paths(paths, rulebook, jobs=2, engine="dask", cache=cache), rulebook)
    assert cached == plain
    assert _entries(tmp_path) == len(paths)


@pytest.mark.slow
def test_an_unreachable_scheduler_fails_fast_with_a_clear_error(corpus: Path) -> None:
    import socket

    needs_dask()
    with socket.socket() as probe:  # a loopback port that nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = runner.invoke(
        app, ["--no-cache", "--engine", "dask", "--scheduler", f"tcp://127.0.0.1:{port}", str(corpus)]
    )
    assert result.exit_code == 2
    assert f"cannot reach the Dask scheduler tcp://127.0.0.1:{port} within 4s" in result.stderr


def test_dask_without_the_extra_is_a_usage_error(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "dask.distributed", None)
    result = runner.invoke(app, ["--no-cache", "--engine", "dask", str(corpus)])
    assert result.exit_code == 2
    assert "pip install 'imr-check[dask]'" in result.stderr


def test_the_cache_settings_come_from_the_configuration_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from checker.run.session import build_settings

    (tmp_path / ".imr-check.yaml").write_text("cache: false\ncache-dir: cache\nengine: dask\njobs: 3\n")
    monkeypatch.chdir(tmp_path)
    settings = build_settings({})
    assert (settings.cache, settings.cache_dir, settings.engine, settings.jobs) == (False, "cache", "dask", 3)
    assert build_settings({"cache": True, "engine": "local"}).cache is True


def test_workers_start_before_the_first_result_is_asked_for(corpus: Path, parser_rulebook: Rulebook) -> None:
    # So they fork before a progress bar starts a thread in this process.
    import multiprocessing

    paths = sorted(str(p) for p in corpus.iterdir())
    results = check_paths(paths, parser_rulebook, jobs=2, batch_size=4)
    assert multiprocessing.active_children()  # all of them where it forks; the first where it spawns
    assert len(list(results)) == len(paths)
    assert multiprocessing.active_children() == []


def test_editing_any_module_of_any_stage_changes_the_fingerprint(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import shutil

    import checker
    from checker.run import resultcache

    package = tmp_path / "checker"
    shutil.copytree(Path(checker.__file__).parent, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(resultcache, "_PACKAGE", package)
    before = fingerprint(None)
    for module in ("parse/standard.py", "facts/item.py", "rulebook/rule.py", "read/normalize.py", "pipeline.py"):
        path = package / module
        original = path.read_text(encoding="utf-8")
        path.write_text(original + "\n# edited\n", encoding="utf-8")
        assert fingerprint(None) != before, module
        path.write_text(original, encoding="utf-8")
    assert fingerprint(None) == before
