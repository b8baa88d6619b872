"""The errors a service raises when it refuses a write, shared by every app's services.

A view turns each into a page (a form's field errors, a 409 with the current record) and the
API into a response; nothing is saved when one is raised.
"""

from __future__ import annotations

from typing import Any

__all__ = ["StaleVersion", "ValidationFailed", "WorkflowError"]


class ValidationFailed(Exception):
    """The request breaks a rule; ``errors`` maps each field to its message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


class StaleVersion(Exception):
    """A lost update refused: someone else saved the record since the user loaded it.

    ``current`` is the record as it is now; ``attempted`` what the user tried to save, when
    the page shows theirs beside it.
    """

    def __init__(self, current: Any, attempted: Any = None, *, message: str = "") -> None:
        super().__init__(
            message or f"{current} was changed by someone else (now version {current.version})"
        )
        self.current = current
        self.attempted = attempted


class WorkflowError(Exception):
    """The record is not in a state that allows this step."""
