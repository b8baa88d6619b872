"""docs/architecture.md names every module under src/councilstat/, so the map stays true."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "councilstat"
DOC = ROOT / "docs" / "architecture.md"


def _modules() -> set[str]:
    """Every module of the package, as a path relative to it: migrations and empty package
    markers (a management command folder's ``__init__.py``) aside."""
    found = set()
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE)
        if "migrations" in relative.parts:
            continue
        if path.name == "__init__.py" and not path.read_text(encoding="utf-8").strip():
            continue
        found.add(relative.as_posix())
    return found


def _listed() -> set[str]:
    return set(re.findall(r"^- `([^`]+\.py)`:", DOC.read_text(encoding="utf-8"), flags=re.M))


def test_every_module_is_in_the_architecture_map():
    missing = sorted(_modules() - _listed())
    assert not missing, f"add these modules to docs/architecture.md: {missing}"


def test_the_map_names_no_module_that_is_gone():
    gone = sorted(_listed() - _modules())
    assert not gone, f"remove these from docs/architecture.md: {gone}"


def test_the_module_scan_sees_the_whole_package():
    # A scan that found nothing would pass the tests above vacuously.
    modules = _modules()
    assert {"cli.py", "core/periods.py", "web/accounts/policy.py"} <= modules
    assert len(modules) > 150
