"""docs/architecture.md stays true: every module of the package has its line there."""

from __future__ import annotations

from tests.support import ROOT


def test_every_module_is_described() -> None:
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    package = ROOT / "checker"
    modules = [p.relative_to(package).as_posix() for p in package.rglob("*.py") if p.name != "__init__.py"]
    missing = [m for m in modules if f"`{m}`" not in text and f"`checker/{m}`" not in text]
    assert not missing, f"add a line to docs/architecture.md for: {missing}"
