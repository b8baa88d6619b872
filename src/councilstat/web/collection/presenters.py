"""What the collection pages show, put into words for the views.

Selectors query, presenters never do: every stored value and target here was read by
``selectors`` (the targets by its rule, ``target_for``), and every RAG comes from
``core.rating``; the templates only format.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from councilstat.core import plan as core
from councilstat.core.periods import Period
from councilstat.core.rating import rag
from councilstat.core.validation import InvalidFigure, observation_value
from councilstat.reports.formatting import format_value
from councilstat.web.collection.models import Observation, Status
from councilstat.web.collection.selectors import EntryHistory
from councilstat.web.collection.services import Figures
from councilstat.web.plans.adapters import core_measure
from councilstat.web.plans.models import Measure

__all__ = ["PeriodValue", "attempted_value", "entry_facts", "tolerance_text"]

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
    return format_value(tolerance.amount, rules.unit)


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
