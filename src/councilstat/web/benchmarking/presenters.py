"""A measure beside its comparators: what the measure page, the comparison page, the API and
reports show.

Selectors query, presenters never do: ``comparison_for(data)`` takes the comparator values
``selectors.comparator_data(measure, period)`` read (four queries, whatever the size of the
group) and asks ``core`` for every figure: the rank, quartile, median and mean
(``core.benchmark``) and, for a percentage with numerators and denominators, the funnel plot
(``core.funnel.proportion_funnel``: 95% and 99.8% limits, additive overdispersion).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from councilstat.core import plan as core
from councilstat.core.benchmark import (
    POSITION_LABELS,
    FunnelOutlier,
    GroupPosition,
    funnel_outliers,
    funnel_sentence,
    group_position,
    position_sentence,
)
from councilstat.core.errors import StatisticsError
from councilstat.core.funnel import (
    FunnelMethod,
    FunnelPosition,
    ProportionFunnel,
    proportion_funnel,
)
from councilstat.core.periods import Period, parse_period
from councilstat.reports.charts.funnel import funnel_svg
from councilstat.web.accounts.models import NationalArea
from councilstat.web.benchmarking.selectors import ComparatorData

__all__ = ["AreaFigure", "Comparison", "FunnelView", "comparison_for"]


@dataclass(frozen=True)
class AreaFigure:
    """One area's published figure; ``position`` is its place on the funnel, if drawn."""

    code: str
    name: str
    value: Decimal
    numerator: Decimal | None
    denominator: Decimal | None
    is_subject: bool
    position: FunnelPosition | None = None

    @property
    def position_label(self) -> str:
        return POSITION_LABELS[self.position] if self.position is not None else ""


@dataclass(frozen=True)
class FunnelView:
    """The funnel plot: its SVG, its sentence, who is outside, and the overdispersion used."""

    svg: str
    summary: str
    outliers: tuple[FunnelOutlier, ...]
    centre_percent: float
    phi: float
    tau2: float
    adjusted: bool
    councils: int

    @property
    def method_text(self) -> str:
        if self.adjusted:
            return (
                f"The limits are widened for overdispersion (additive random effects: "
                f"φ = {self.phi:.2f}, τ² = {self.tau2:.4f}), because the councils differ by "
                "more than chance alone would give."
            )
        return (
            f"No overdispersion was found (φ = {self.phi:.2f}), so the limits are exact "
            "binomial limits."
        )


@dataclass(frozen=True)
class Comparison:
    """A measure's national metric across its comparator group for one period."""

    measure_code: str
    measure_title: str
    metric: str
    metric_title: str
    unit: core.Unit
    polarity: core.Polarity
    group_name: str
    member_noun: str
    subject_name: str
    period: Period | None
    """The comparator period shown: the latest ending by the end of ``as_at``."""
    as_at: Period | None
    position: GroupPosition
    sentence: str
    national_area: str
    """The organisation's national comparator area, by its ONS code (``E92000001``)."""
    national_value: Decimal | None
    """The national area's value for the period, when the comparator data gives it."""
    areas: tuple[AreaFigure, ...]
    """Every area with a value, by name (not in rank order)."""
    funnel: FunnelView | None
    source: str
    note: str

    @property
    def has_data(self) -> bool:
        return self.period is not None

    @property
    def national_name(self) -> str:
        """The national area's name: ``England``, ``Wales``, ``Scotland``, ``Northern Ireland``."""
        return NationalArea(self.national_area).label


def _funnel(
    areas: list[AreaFigure], subject_code: str, unit: core.Unit, title: str
) -> tuple[FunnelView, dict[str, FunnelPosition]] | None:
    """The funnel plot of the areas with numerator and denominator (a percentage only)."""
    counted = [a for a in areas if a.numerator is not None and a.denominator is not None]
    if unit is not core.Unit.PERCENT or len(counted) < 2:
        return None
    numerators = [float(a.numerator or 0) for a in counted]
    denominators = [float(a.denominator or 0) for a in counted]
    whole = all(d.is_integer() for d in denominators)
    try:
        funnel = proportion_funnel(
            numerators,
            denominators,
            method=FunnelMethod.EXACT_BINOMIAL if whole else FunnelMethod.ARCSINE,
        )
    except StatisticsError:
        return None
    names = [a.name for a in counted]
    outliers = funnel_outliers(names, funnel)
    summary = funnel_sentence(outliers, len(counted))
    subject = next((i for i, a in enumerate(counted) if a.code == subject_code), None)
    view = FunnelView(
        svg=_svg(funnel, names, subject, title, summary),
        summary=summary,
        outliers=outliers,
        centre_percent=100 * funnel.target,
        phi=funnel.dispersion.phi,
        tau2=funnel.dispersion.tau2,
        adjusted=funnel.adjusted,
        councils=len(counted),
    )
    return view, {a.code: u.position for a, u in zip(counted, funnel.units, strict=True)}


def _svg(
    funnel: ProportionFunnel, names: list[str], subject: int | None, title: str, summary: str
) -> str:
    return funnel_svg(funnel, names, subject=subject, title=title, summary=summary)


def comparison_for(data: ComparatorData | None) -> Comparison | None:
    """The measure's comparison from the comparator values ``selectors.comparator_data`` read,
    or ``None`` when the measure has no national metric."""
    if data is None:
        return None
    measure, mapping, label = data.measure, data.mapping, data.period
    group = mapping.group
    rows_by_area = {row.area_id: row for row in data.rows}
    national_area = group.organisation.national_area
    national = next((r.value for r in data.rows if r.area.code == national_area), None)
    areas = sorted(
        (
            AreaFigure(
                area.code,
                area.name,
                rows_by_area[pk].value,
                rows_by_area[pk].numerator,
                rows_by_area[pk].denominator,
                pk == group.subject_id,
            )
            for pk, area in data.members.items()
            if pk in rows_by_area
        ),
        key=lambda a: (a.name.lower(), a.code),
    )
    unit, polarity = core.Unit(mapping.unit), core.Polarity(mapping.polarity)
    subject = group.subject
    position = group_position({a.code: a.value for a in areas}, subject.code, polarity)
    title = f"{mapping.metric} {mapping.title}"
    funnel = _funnel(areas, subject.code, unit, title) if label else None
    if funnel is not None:
        view, positions = funnel
        areas = [
            AreaFigure(a.code, a.name, a.value, a.numerator, a.denominator, a.is_subject,
                       positions.get(a.code))
            for a in areas
        ]  # fmt: skip
    return Comparison(
        measure_code=measure.code,
        measure_title=measure.title,
        metric=mapping.metric,
        metric_title=mapping.title,
        unit=unit,
        polarity=polarity,
        group_name=group.name,
        member_noun=group.member_noun,
        subject_name=subject.name,
        period=parse_period(label) if label else None,
        as_at=data.as_at,
        position=position,
        sentence=position_sentence(subject.name, position, group.member_noun),
        national_area=national_area,
        national_value=national,
        areas=tuple(areas),
        funnel=funnel[0] if funnel is not None else None,
        source=mapping.source or group.source,
        note=mapping.note,
    )
