"""One table for ``make bench``: each benchmark records its headline figures here, and
``benchmarks/run.py`` prints them together after running every benchmark once.

A benchmark run on its own prints its own detail as before; when ``BENCH_SUMMARY`` names a
file, :func:`record` also appends one JSON line per figure to it.
"""

from __future__ import annotations

import json
import os


def record(
    area: str,
    what: str,
    figure: str,
    *,
    ratio: str = "",
    target: str = "",
    met: bool | None = None,
) -> None:
    """Note one headline figure: ``figure`` as shown (``"1.52 s"``), ``ratio`` beside it
    (``"13.4 x floor"``), the ``target`` in words and whether it was ``met``."""
    path = os.environ.get("BENCH_SUMMARY")
    if not path:
        return
    row = {"area": area, "what": what, "figure": figure, "ratio": ratio, "target": target}
    row["met"] = met
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(row) + "\n")
