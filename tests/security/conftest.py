"""Fixtures for the security tests: the integration tests' council, a log capture that reads
each line as JSON, and the production settings module's values."""

from __future__ import annotations

import importlib
import io
import json
import logging
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from councilstat.web.operations.logs import JsonFormatter, RequestIdFilter
from tests.integration.conftest import council  # noqa: F401  (the shared fixture)


class JsonLines:
    """What the service logged, one JSON object per line, as the production handler writes."""

    def __init__(self) -> None:
        self.stream = io.StringIO()

    @property
    def text(self) -> str:
        return self.stream.getvalue()

    def records(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.text.splitlines() if line]

    def events(self, name: str) -> list[dict[str, Any]]:
        return [record for record in self.records() if record.get("event") == name]


@pytest.fixture
def json_logs() -> Iterator[JsonLines]:
    lines = JsonLines()
    handler = logging.StreamHandler(lines.stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield lines
    finally:
        root.removeHandler(handler)


@pytest.fixture
def production(monkeypatch) -> Any:
    """The settings module the service runs with in production (imported afresh)."""
    monkeypatch.setenv("DJANGO_SECRET_KEY", "p" * 20 + "-production-settings-" + "q" * 30)
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "performance.council.example")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    monkeypatch.delenv("COUNCILSTAT_MFA_REQUIRED", raising=False)
    return fresh_production_settings()


def fresh_production_settings() -> Any:
    """Import the production settings (and the base they extend) again, under the
    environment as it is now; the running settings are not touched."""
    names = ("councilstat.web.settings.production", "councilstat.web.settings.base")
    saved = {name: sys.modules.pop(name, None) for name in names}
    try:
        return importlib.import_module(names[0])
    finally:
        for name, module in saved.items():
            sys.modules.pop(name, None)
            if module is not None:
                sys.modules[name] = module


@pytest.fixture
def second_factor_on(settings) -> Any:
    """The second factor required, as production settings have it."""
    settings.COUNCILSTAT_MFA_REQUIRED = True
    settings.COUNCILSTAT_MFA_ROLES = ["performance"]
    return settings
