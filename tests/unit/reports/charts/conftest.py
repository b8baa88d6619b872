"""Chart tests' support: draw a chart again in a fresh interpreter, to compare the bytes."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import councilstat

SOURCE = str(Path(councilstat.__file__).resolve().parents[1])


@pytest.fixture(scope="session")
def in_another_process() -> Callable[[str], str]:
    """Run Python ``code`` in a new interpreter and return what it writes to standard output.

    The new process has its own string-hash seed (one other than this process's) and its own
    renderer, so anything that depends on hash order, object ids or a per-process counter
    shows up as a difference."""
    seed = "2" if os.environ.get("PYTHONHASHSEED") == "1" else "1"
    path = os.pathsep.join(p for p in (SOURCE, os.environ.get("PYTHONPATH", "")) if p)

    def run(code: str) -> str:
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": path}
        done = subprocess.run(
            [sys.executable, "-c", code],
            env=env,
            capture_output=True,
            encoding="utf-8",
            check=True,
            timeout=120,
        )
        return done.stdout

    return run
