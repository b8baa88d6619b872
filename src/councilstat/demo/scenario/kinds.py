"""The kinds of series a demonstration measure's figures are drawn from, and the measure itself.

A measure's figures come from one of four series kinds, which ``generate.py`` turns into rows:

* ``Levels``: a monthly or quarterly series drawn through anchor values with seeded noise;
* ``YearToDate``: cumulative within each financial year, against targets profiled from the year's;
* ``Annual``: one value a year, for 2017/18 and 2018/19;
* ``Fixed``: every observation given here.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Anchor", "Annual", "Fixed", "Levels", "MeasureSpec", "Series", "YearToDate"]

Anchor = float | tuple[int, int]
"""A value, or a numerator and denominator from which a percentage is worked out."""


@dataclass(frozen=True)
class Levels:
    """A monthly or quarterly series through anchors; noise only between them.

    The anchors are the first period (2017/18 Q1 or April 2017), 2018/19 Q2 (September 2018),
    2018/19 Q4 (March 2019), 2019/20 Q1 (June 2019) and 2019/20 Q2 (September 2019); a monthly
    series also has October 2019 (``latest``, else continued from the trend with noise).
    ``season`` multiplies the trend by quarter of the financial year (Q1 to Q4).
    ``denominator`` gives a percentage as numerator and denominator of about that size.
    """

    start: Anchor
    mid: Anchor
    q4: Anchor
    q1: Anchor
    q2: Anchor
    noise: float
    decimals: int = 1
    latest: float | None = None
    season: tuple[float, float, float, float] = (1.0, 1.0, 1.0, 1.0)
    denominator: int | None = None


@dataclass(frozen=True)
class YearToDate:
    """Cumulative within each financial year: months (or quarters) build up to the year's figure.

    ``profile`` is the share of the year's target due by the end of each month (or quarter); the
    profiled targets are the year's target times these shares. ``outturns`` are the year-end
    figures for 2017/18 and 2018/19; ``current`` the 2019/20 figures so far.
    """

    profile: tuple[float, ...]
    outturns: tuple[float, float]
    current: tuple[float, ...]
    noise: float
    decimals: int = 1


@dataclass(frozen=True)
class Annual:
    """One value a year, for 2017/18 and 2018/19 (2019/20 is not due until the year ends)."""

    values: tuple[float, float]
    decimals: int = 1


@dataclass(frozen=True)
class Fixed:
    """Every observation given explicitly, as (period, value or (numerator, denominator))."""

    values: tuple[tuple[str, Anchor], ...]
    decimals: int = 1


Series = Levels | YearToDate | Annual | Fixed


@dataclass(frozen=True)
class MeasureSpec:
    """One measure of the plan and how its figures are drawn.

    ``targets`` are the targets for 2017/18, 2018/19 and 2019/20 (``None``: no target);
    ``period_targets`` are targets for single periods, as (period, target).
    """

    code: str
    title: str
    outcome: str
    unit: str
    polarity: str
    frequency: str
    series: Series
    targets: tuple[float, float, float] | None
    owner: str
    definition: str
    source: str
    tolerance: str = "5%"
    cumulative: bool = False
    decimal_places: int | None = None
    """Declared for a number that is not a whole count (a score, a gap in points)."""
    directorate: str = ""
    period_targets: tuple[tuple[str, float], ...] = ()
    notes: tuple[tuple[str, str], ...] = ()
