"""The core does no I/O: no file, network, database or process modules, and no ``open``."""

import ast
from pathlib import Path

import pytest

import councilstat.core

CORE = Path(councilstat.core.__file__).parent
FORBIDDEN_MODULES = {
    "os", "io", "pathlib", "csv", "sqlite3", "socket", "subprocess", "urllib", "http",
    "shutil", "tempfile", "django", "openpyxl", "jinja2", "typer", "rich", "requests",
}  # fmt: skip
FORBIDDEN_CALLS = {"open", "print", "input"}


@pytest.mark.parametrize(
    "path", sorted(CORE.rglob("*.py")), ids=lambda p: p.relative_to(CORE).as_posix()
)
def test_core_module_does_no_io(path):
    module = path.relative_to(CORE)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        else:
            names = []
        for name in names:
            assert name.split(".")[0] not in FORBIDDEN_MODULES, f"{module} imports {name}"
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            assert node.func.id not in FORBIDDEN_CALLS, f"{module} calls {node.func.id}()"
