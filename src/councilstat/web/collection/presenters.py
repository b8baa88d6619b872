"""What the collection pages show, put into words for the views.

Selectors query, presenters never do: every stored value and target here was read by
``selectors`` (the targets by its rule, ``target_for``), and every RAG comes from
``core.rating``; the templates only format.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from councilstat.core import plan as core
from councilstat.core.narrative import plural
from councilstat.core.periods import Period, Quarter
from councilstat.core.rating import rag
from councilstat.core.validation import InvalidFigure, observation_value
from councilstat.reports.formatting import format_value
from councilstat.reports.words import long_date
from councilstat.web.collection.models import Observation, PeriodReturn, RoundState, Status
from councilstat.web.collection.selectors import DueValue, EntryHistory
from councilstat.web.collection.services import Figures
from councilstat.web.plans.adapters import core_measure
from councilstat.web.plans.models import Measure

__all__ = [
    "PeriodValue",
    "attempted_value",
    "due_summary",
    "entry_facts",
    "round_summary",
    "tolerance_text",
]

EDITABLE = (Status.DRAFT, Status.RETURNED)
_POLARITY = {
    core.Polarity.HIGHER: "Higher is better",
    core.Polarity.LOWER: "Lower is better",
    core.Polarity.NONE: "Neither (not rated)",
    core.Polarity.BAND: "Best within the target band",
}


@dataclass(frozen=True)
class PeriodValue:
    """A measure's value in a period with its target and rating (``rag`` is a ``Rag`` value)."""

    period: Period
    observation: Observation | None
    target: Decimal | None
    rag: str | None


def _rated(
    rules: core.Measure, period: Period, row: Observation | None, target: Decimal | None
) -> PeriodValue:
    rating = rag(row.value if row else None, target, rules.tolerance, rules.polarity)
    return PeriodValue(period, row, target, rating.value if rating else None)


def tolerance_text(rules: core.Measure) -> str:
    """``5% of the target``, ``2 percentage points`` or a figure in the measure's unit."""
    tolerance = rules.tolerance
    if tolerance.kind is core.ToleranceKind.PERCENT_OF_TARGET:
        return f"{tolerance} of the target"
    if rules.unit is core.Unit.PERCENT:
        return f"{tolerance} percentage points"
    return format_value(tolerance.amount, rules)


def entry_facts(
    measure: Measure, period: Period, row: Observation | None, history: EntryHistory
) -> dict[str, object]:
    """The entry page's facts: this period's target and rating (of ``row``, the value as the
    page shows it), and the previous values (``selectors.entry_history``)."""
    rules = core_measure(measure)
    return {
        "measure": measure,
        "period": period,
        "current": _rated(rules, period, row, history.target),
        "previous": [_rated(rules, v.period, v.observation, v.target) for v in history.previous],
        "tolerance": tolerance_text(rules),
        "polarity": _POLARITY[rules.polarity],
        "editable": row is None or row.status in EDITABLE,
    }


def attempted_value(measure: Measure, figures: Figures) -> Decimal | None:
    """The value someone tried to save (from numerator and denominator if that is how)."""
    try:
        return observation_value(
            core_measure(measure), figures.value, figures.numerator, figures.denominator
        )
    except InvalidFigure:
        return figures.value


def _days(count: int) -> str:
    return plural(count, "day")


def _deadline_words(deadline: dt.date, today: dt.date) -> str:
    """``31 January 2020 (in 12 days)``, ``today, 31 January 2020`` or ``… (3 days ago)``."""
    left = (deadline - today).days
    if left == 0:
        return f"today, {long_date(deadline)}"
    if left == 1:
        return f"tomorrow, {long_date(deadline)}"
    if left > 0:
        return f"{long_date(deadline)} (in {_days(left)})"
    return f"{long_date(deadline)} ({_days(-left)} ago)"


def round_summary(period_return: PeriodReturn | None, today: dt.date) -> str:
    """Where a round stands, in a sentence: open until its deadline, closed, or published."""
    if period_return is None:
        return "Not open for entry yet."
    state = period_return.state
    if state is RoundState.PUBLISHED and period_return.published_at is not None:
        return f"Published on {long_date(period_return.published_at.date())}."
    if state is RoundState.CLOSED and period_return.closed_at is not None:
        return (
            f"Closed to entry on {long_date(period_return.closed_at.date())}; the deadline "
            f"was {long_date(period_return.deadline)}."
        )
    if period_return.deadline < today:
        return f"Open for entry; the deadline was {_deadline_words(period_return.deadline, today)}."
    return f"Open for entry until {_deadline_words(period_return.deadline, today)}."


def due_summary(
    quarter: Quarter,
    period_return: PeriodReturn | None,
    due: Sequence[DueValue],
    today: dt.date,
) -> str:
    """What an owner has to do for the quarter, and by when: the first thing "My measures"
    says."""
    if period_return is None:
        return (
            f"{quarter} is not open for entry yet: the performance team opens each quarter and "
            "sets its deadline."
        )
    if period_return.state is RoundState.PUBLISHED:
        return f"{quarter} is published: its values can no longer be changed here."
    if period_return.state is RoundState.CLOSED:
        return (
            f"{quarter} is closed to entry. Ask the performance team if you still need to "
            "enter a value."
        )
    if not due:
        return f"You have no values due for {quarter}."
    owed = sum(1 for item in due if item.owed)
    if owed == 0:
        return f"All your values for {quarter} are submitted."
    values = plural(owed, "value")
    when = _deadline_words(period_return.deadline, today)
    if period_return.deadline < today:
        verb = "is" if owed == 1 else "are"
        return f"{values} {verb} overdue: the deadline was {when}."
    return f"You have {values} to enter by {when}."
