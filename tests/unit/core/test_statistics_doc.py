"""Every section of ``docs/statistics.md`` that the code or the tests cite by name exists."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SPECIFICATION = ROOT / "docs" / "statistics.md"
CITATION = re.compile(r'docs/statistics\.md`*,\s*((?:"[^"]+"(?:\s*,\s*|\s+and\s+)?)+)')


def headings() -> set[str]:
    lines = SPECIFICATION.read_text(encoding="utf-8").splitlines()
    return {line.lstrip("#").strip() for line in lines if line.startswith("#")}


def citations() -> dict[str, set[str]]:
    """The section names each file cites after the path of the specification."""
    found: dict[str, set[str]] = {}
    for path in [*(ROOT / "src" / "councilstat").rglob("*.py"), *(ROOT / "tests").rglob("*.py")]:
        text = path.read_text(encoding="utf-8")
        for match in CITATION.finditer(text):
            names = re.findall(r'"([^"]+)"', match[1])
            found.setdefault(path.relative_to(ROOT).as_posix(), set()).update(names)
    return found


def test_cited_sections_exist():
    cited = citations()
    assert len(cited) >= 10  # the SPC package, intervals, funnel, benchmark, icons, tests
    missing = {path: names - headings() for path, names in cited.items() if names - headings()}
    assert not missing, f"sections docs/statistics.md lacks: {missing}"
