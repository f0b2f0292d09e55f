from __future__ import annotations

from pathlib import Path

import pytest

from checker.rulebook import Rulebook, parse_only_rulebook

from .support import EXAMPLES


@pytest.fixture(scope="session")
def parser_rulebook() -> Rulebook:
    return parse_only_rulebook()


@pytest.fixture(scope="session")
def examples() -> Path:
    return EXAMPLES
