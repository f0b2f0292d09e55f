from __future__ import annotations

from pathlib import Path

import pytest

from checker.rulebook.book import Rulebook, parse_only_rulebook
from tests.support import EXAMPLES


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
