"""One JSON object per log line, and the security events written that way.

Each line has the UTC time, level, logger, message and the request's ID, plus any fields
passed as ``extra``. JSON escapes control characters (and here everything outside ASCII, the
Unicode line separators among them), so a username holding a newline stays inside its string
and cannot forge a second line. Security events (``security_event``) name the event, the
user's ID and the target; they never carry a password, session key or token.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from typing import Any

from councilstat.web.operations.requests import current_request_id

__all__ = ["SECURITY_LOGGER", "JsonFormatter", "RequestIdFilter", "security_event"]

SECURITY_LOGGER = "councilstat.security"

# Attributes every LogRecord has; anything else on a record came from ``extra``.
# ``request`` (Django puts the request on its own records) is read for its ID, not printed.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request_id", "request"}
_MAX_FIELD = 500


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` (the current request's, or None outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            # django.request logs a 4xx or 5xx after the middleware has finished: its record
            # carries the request itself.
            request = getattr(record, "request", None)
            record.request_id = getattr(request, "request_id", None) or current_request_id()
        return True


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    return str(value)[:_MAX_FIELD]


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        moment = dt.datetime.fromtimestamp(record.created, tz=dt.UTC)
        line: dict[str, Any] = {
            "time": moment.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None)
            or getattr(getattr(record, "request", None), "request_id", None)
            or current_request_id(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                line[key] = _plain(value)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        return json.dumps(line, ensure_ascii=True, default=str)


def security_event(event: str, *, level: int = logging.INFO, **fields: Any) -> None:
    """Log one security event (``sign_in``, ``sign_in_failed``, ``locked_out``,
    ``permission_denied``, ``user_changed`` …) with its fields, e.g. ``user_id``, ``target``."""
    logging.getLogger(SECURITY_LOGGER).log(
        level, event, extra={"event": event, **{key: _plain(v) for key, v in fields.items()}}
    )
