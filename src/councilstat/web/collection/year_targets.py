"""The new year's targets page: every measure of a plan with last year's target and value
beside the box for this year's.

Last year's figures come through each measure's lineage (``plans.adapters.lineage``): a measure
carried over, renamed or renumbered shows its own series' target and latest value for the year
before. The targets are saved, all or nothing, by ``plans.next_year.set_year_targets``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms

from councilstat.core import plan as core
from councilstat.core.periods import FinancialYear
from councilstat.web.accounts.models import User
from councilstat.web.collection.figures import snapshot
from councilstat.web.collection.selectors import visible_observations
from councilstat.web.common.forms import FigureField, ServiceErrorsMixin
from councilstat.web.plans.models import Measure, Plan
from councilstat.web.plans.next_year import target_field

__all__ = ["YearTargetRow", "YearTargetsForm", "year_target_rows"]


@dataclass(frozen=True)
class YearTargetRow:
    """A measure of the plan, what it continues, and last year's target and value."""

    measure: Measure
    continues: Measure | None
    last_target: Decimal | None
    last_value: core.Observation | None
    target: Decimal | None
    """The target already set for the plan's year, if any."""

    @property
    def rated(self) -> bool:
        return self.measure.polarity != core.Polarity.NONE

    @property
    def renamed(self) -> bool:
        earlier = self.continues
        return earlier is not None and (earlier.code, earlier.title) != (
            self.measure.code,
            self.measure.title,
        )


def year_target_rows(user: User, plan: Plan) -> list[YearTargetRow]:
    """Every measure of ``plan`` in plan order with last year's target and latest value in
    last year (the year's own value if it has one), as ``user`` may see them (five queries)."""
    year = FinancialYear(plan.reporting_year)
    last = year.previous()
    figures = snapshot(plan, visible_observations(user, plan))
    stored = {
        m.code: m
        for m in plan.measures.select_related("previous").order_by(
            "outcome__priority__order", "outcome__order", "order", "code"
        )
    }
    rows = []
    for measure in figures.measures:
        series = figures.observations_of(measure.code)
        values = [o for o in series if o.period.financial_year == last]
        value = next((o for o in values if o.period == last), values[-1] if values else None)
        target = figures.exact_target(measure.code, last)
        if target is None and value is not None:
            target = figures.target(measure.code, value.period)
        row = stored[measure.code]
        current = figures.exact_target(measure.code, year)
        rows.append(YearTargetRow(row, row.previous, target, value, current))
    return rows


class YearTargetsForm(ServiceErrorsMixin, forms.Form):
    """A target for the year for each rated measure; a blank box means no target."""

    def __init__(self, *args: Any, rows: list[YearTargetRow], year: FinancialYear, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            if not row.rated:
                continue
            self.fields[target_field(row.measure)] = FigureField(
                label=f"Target for {year} for {row.measure.code}",
                required=False,
                initial="" if row.target is None else f"{row.target.normalize():f}",
            )

    @property
    def lines(self) -> list[tuple[YearTargetRow, forms.BoundField | None]]:
        """Each row with its box (``None`` for a measure that is not rated)."""
        return [(row, self[target_field(row.measure)] if row.rated else None) for row in self.rows]

    def values(self) -> dict[int, Decimal | None]:
        return {
            row.measure.pk: self.cleaned_data.get(target_field(row.measure))
            for row in self.rows
            if row.rated
        }
