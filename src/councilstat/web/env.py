"""The one place that reads environment variables, each with its default."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["REPOSITORY", "database_url", "env_bool", "env_list", "env_str"]

REPOSITORY = Path(__file__).resolve().parents[3]


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def database_url() -> str:
    """``DATABASE_URL``, or SQLite at var/councilstat.sqlite3 in the repository."""
    return (
        os.environ.get("DATABASE_URL") or f"sqlite:///{REPOSITORY / 'var' / 'councilstat.sqlite3'}"
    )
