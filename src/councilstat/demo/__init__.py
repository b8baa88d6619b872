"""The demonstration council: an illustrative plan behind a real board's Q2 2019/20 minutes.

The figures are reconstructed for demonstration and testing; they are not official.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["DEMO_PERIOD", "demo_data_path"]

DEMO_PERIOD = "2019/20 Q2"


def demo_data_path() -> Path:
    """The folder of the demonstration plan's CSV files, shipped with the package."""
    return Path(__file__).parent / "data"
