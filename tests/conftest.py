from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from checker.rulebook.book import Rulebook, parse_only_rulebook
from tests.support import EXAMPLES


@pytest.fixture(autouse=True, scope="session")
def _private_cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The caches' key and the data cache live in a folder of the test session, not the user's."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("user-cache")))
        patch.delenv("IMR_CHECK_CACHE_KEY", raising=False)
        yield


@pytest.fixture(autouse=True)
def _no_result_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """Runs in tests check every letter; the cache tests turn the cache on themselves."""
    monkeypatch.setenv("IMR_CHECK_NO_CACHE", "1")


@pytest.fixture(scope="session")
def parser_rulebook() -> Rulebook:
    return parse_only_rulebook()


@pytest.fixture(scope="session")
def examples() -> Path:
    return EXAMPLES
