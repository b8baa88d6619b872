"""One error family for the core. Every error a user can cause is a ``CouncilStatError``."""

from __future__ import annotations

__all__ = ["CouncilStatError", "PeriodError", "PlanError", "StatisticsError"]


class CouncilStatError(ValueError):
    """Base of every error the core raises for bad input."""


class PeriodError(CouncilStatError):
    """A period label could not be read, or periods were combined wrongly."""


class PlanError(CouncilStatError):
    """A plan, measure, target or observation is inconsistent."""


class StatisticsError(CouncilStatError):
    """A statistical function was given input it cannot work with."""
