"""An XmR chart of a whole series: groups, rebasing, point types, icons and warnings.

``docs/statistics.md``, "SPC charts": each rebase starts a group with its own limits and rules
("Rebasing and fixed baselines"); a point's type comes from the rules it hits in its group;
the variation icon from the latest point and the assurance icon from the target against the
latest group's limits; groups under 13 points have trial limits, and one point, no variation
and missing values are reported, not errors ("Short, flat and gappy series"). The ``profile``
(``ptd``, the default, or ``mdc``) sets the defaults of the options ("Rule profiles").

Dates are the caller's concern: pass ``labels`` and they come back as each point's ``date``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, fields, is_dataclass
from enum import StrEnum
from typing import Any

from councilstat.core.errors import StatisticsError
from councilstat.core.spc.icons import assurance_icon, variation_icon
from councilstat.core.spc.limits import (
    MIN_FIX_AFTER,
    SHORT_GROUP_THRESHOLD,
    XmrLimits,
    xmr_limits,
)
from councilstat.core.spc.rules import (
    DEFAULT_RUN_LENGTH,
    DEFAULT_TREND_LENGTH,
    MIN_RULE_LENGTH,
    point_type,
    rule_hits,
    sign,
    winning_rule,
)
from councilstat.core.spc.vocabulary import (
    PROFILE_SETTINGS,
    Assurance,
    Improvement,
    PointType,
    Profile,
    Rule,
    RulePrecedence,
    Variation,
)

__all__ = [
    "MISSING_WARNING_FRACTION",
    "SpcGroup",
    "SpcPoint",
    "SpcResult",
    "chart_warnings",
    "spc_chart",
]

MISSING_WARNING_FRACTION = 0.10
"""Warn when more than this fraction of periods have no value."""


def _plain(value: object) -> Any:
    """Convert dataclasses, enums and tuples to JSON-able dicts, strings and lists."""
    if isinstance(value, StrEnum):
        return value.value
    if is_dataclass(value) and not isinstance(value, type):
        return {item.name: _plain(getattr(value, item.name)) for item in fields(value)}
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    return value


@dataclass(frozen=True)
class SpcPoint:
    """One observed point: its type, the winning rule and every rule it hit (in precedence order).

    ``index`` is the point's position in the input; ``group`` the number of its rebase group.
    """

    index: int
    date: str | None
    value: float
    group: int
    type: PointType
    rule: Rule | None
    rules: tuple[Rule, ...]

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able form."""
        return dict(_plain(self))


@dataclass(frozen=True)
class SpcGroup:
    """One rebase period: its first and last input index, size and limits."""

    number: int
    first_index: int
    last_index: int
    size: int
    limits: XmrLimits
    trial: bool

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able form."""
        return dict(_plain(self))


@dataclass(frozen=True)
class SpcResult:
    """A whole chart. ``mean``, ``lpl`` and ``upl`` are those of the latest group.

    ``variation`` is ``None`` only when icons are hidden for a short latest group (MDC);
    ``assurance`` is ``None`` also without a target, limits or an improvement direction.
    ``missing`` lists the dates (or indices, without dates) of periods with no value.
    """

    mean: float
    lpl: float | None
    upl: float | None
    points: tuple[SpcPoint, ...]
    groups: tuple[SpcGroup, ...]
    variation: Variation | None
    assurance: Assurance | None
    improvement: Improvement
    target: float | None
    profile: Profile
    trial_limits: bool
    no_variation: bool
    missing: tuple[str | int, ...] = ()
    warnings: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able dict: the ``councilstat spc --json`` contract.

        ``docs/statistics.md``, "The JSON form", lists the fields.
        """
        return dict(_plain(self))


@dataclass(frozen=True)
class _Options:
    """Resolved settings for one chart."""

    improvement: Improvement
    profile: Profile
    screen: bool
    near_includes_outside: bool
    improvement_wins: bool
    hide_short_icons: bool
    fix_after: int | None
    trend_length: int
    run_length: int
    trial_threshold: int


def _enum(kind: type[StrEnum], value: object, name: str) -> Any:
    """Convert ``value`` to a member of ``kind``, or raise a StatisticsError naming the options."""
    try:
        if not isinstance(value, str):
            raise ValueError(value)
        return kind(value)
    except ValueError:
        allowed = ", ".join(member.value for member in kind)
        raise StatisticsError(f"{name} must be one of {allowed}, not {value!r}") from None


def _check_count(value: object, name: str, low: int, high: int | None = None) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise StatisticsError(f"{name} must be a whole number, not {value!r}")
    if value < low or (high is not None and value > high):
        bounds = f"at least {low}" if high is None else f"between {low} and {high}"
        raise StatisticsError(f"{name} must be {bounds}, not {value}")


def _resolve_options(
    *,
    improvement: object,
    profile: object,
    screen: bool | None,
    conflict: object,
    hide_short_icons: bool | None,
    fix_after: int | None,
    trend_length: int,
    run_length: int,
    trial_threshold: int,
) -> _Options:
    """Validate the options and fill unset ones (``None``) from the profile's defaults."""
    chosen = _enum(Profile, profile, "profile")
    settings = PROFILE_SETTINGS[chosen]
    if fix_after is not None:
        _check_count(fix_after, "fix_after", MIN_FIX_AFTER, settings.max_fix_after)
    _check_count(trend_length, "trend_length", MIN_RULE_LENGTH)
    _check_count(run_length, "run_length", MIN_RULE_LENGTH)
    _check_count(trial_threshold, "trial_threshold", 2)
    conflict = _enum(
        RulePrecedence, settings.conflict if conflict is None else conflict, "conflict"
    )
    return _Options(
        improvement=_enum(Improvement, improvement, "improvement"),
        profile=chosen,
        screen=settings.screen if screen is None else bool(screen),
        near_includes_outside=settings.near_includes_outside,
        improvement_wins=conflict is RulePrecedence.IMPROVEMENT_WINS,
        hide_short_icons=(
            settings.hide_short_icons if hide_short_icons is None else bool(hide_short_icons)
        ),
        fix_after=fix_after,
        trend_length=trend_length,
        run_length=run_length,
        trial_threshold=trial_threshold,
    )


def _check_target(target: object) -> None:
    if target is None:
        return
    if isinstance(target, bool) or not isinstance(target, int | float) or not math.isfinite(target):
        raise StatisticsError(f"target must be a finite number, not {target!r}")


def _observed(
    values: Sequence[float | None], labels: Sequence[str] | None
) -> tuple[list[tuple[int, float]], list[int]]:
    """Split the input into observed (index, value) pairs and missing indices (None or NaN)."""
    if not values:
        raise StatisticsError("cannot chart an empty series")
    if labels is not None and len(labels) != len(values):
        raise StatisticsError(f"{len(labels)} dates were given for {len(values)} values")
    observed: list[tuple[int, float]] = []
    missing: list[int] = []
    for index, raw in enumerate(values):
        if raw is None:
            missing.append(index)
            continue
        try:
            value = float(raw)
        except (TypeError, ValueError):
            raise StatisticsError(f"value {index + 1} is not a number: {raw!r}") from None
        if math.isnan(value):
            missing.append(index)
        elif math.isinf(value):
            raise StatisticsError(f"value {index + 1} is infinite")
        else:
            observed.append((index, value))
    if not observed:
        raise StatisticsError("the series has no observed values")
    return observed, missing


def _rebase_indices(
    rebase_at: Sequence[int | str], labels: Sequence[str] | None, length: int
) -> set[int]:
    """Turn rebase positions (0-based input indices, or labels) into input indices."""
    indices: set[int] = set()
    for marker in rebase_at:
        if isinstance(marker, str):
            if labels is None or marker not in labels:
                raise StatisticsError(f"rebase date {marker!r} is not one of the series' dates")
            indices.add(list(labels).index(marker))
        elif isinstance(marker, int) and not isinstance(marker, bool):
            if not 0 <= marker < length:
                raise StatisticsError(
                    f"rebase index {marker} is outside the series (0-{length - 1})"
                )
            indices.add(marker)
        else:
            raise StatisticsError(f"rebase position must be an index or a date, not {marker!r}")
    return indices


def _split_groups(
    observed: list[tuple[int, float]], rebase: set[int]
) -> list[list[tuple[int, float]]]:
    """Split observed points into groups; a rebase at a missing period starts at the next point."""
    groups: list[list[tuple[int, float]]] = [[]]
    previous = -1
    for index, value in observed:
        starts_group = any(previous < marker <= index for marker in rebase)
        if starts_group and groups[-1]:
            groups.append([])
        groups[-1].append((index, value))
        previous = index
    return groups


def _outside_and_near(
    values: Sequence[float], limits: XmrLimits, near_includes_outside: bool
) -> tuple[list[bool], list[bool]]:
    """Flag points strictly outside the limits, and near points (beyond two sigma).

    PTD counts as near only points between two and three sigma; MDC counts every point beyond
    two sigma. With one point or no variation nothing is outside or near.
    """
    lpl, upl, low, high = limits.lpl, limits.upl, limits.near_lower, limits.near_upper
    if not limits.amr or lpl is None or upl is None or low is None or high is None:
        return [False] * len(values), [False] * len(values)
    outside = [value > upl or value < lpl for value in values]
    beyond = [value > high or value < low for value in values]
    near = [b and (near_includes_outside or not o) for b, o in zip(beyond, outside, strict=True)]
    return outside, near


def _group_points(
    number: int,
    points: list[tuple[int, float]],
    labels: Sequence[str] | None,
    options: _Options,
) -> tuple[SpcGroup, list[SpcPoint]]:
    """Compute one group's limits and classify its points."""
    values = [value for _, value in points]
    limits = xmr_limits(values, screen=options.screen, fix_after=options.fix_after)
    sides = [sign(value - limits.mean) for value in values]
    outside, near = _outside_and_near(values, limits, options.near_includes_outside)
    hits = rule_hits(
        values,
        sides,
        outside,
        near,
        trend_length=options.trend_length,
        run_length=options.run_length,
    )
    improvement_sign = options.improvement.sign
    classified = []
    for (index, value), point_hits in zip(points, hits, strict=True):
        rule = winning_rule(point_hits, improvement_sign, improvement_wins=options.improvement_wins)
        date = None if labels is None else labels[index]
        kind = point_type(rule, options.improvement)
        classified.append(SpcPoint(index, date, value, number, kind, rule, point_hits))
    group = SpcGroup(
        number=number,
        first_index=points[0][0],
        last_index=points[-1][0],
        size=len(points),
        limits=limits,
        trial=len(points) < options.trial_threshold,
    )
    return group, classified


def chart_warnings(groups: Sequence[SpcGroup], missing: Sequence[int], total: int) -> list[str]:
    """The warnings of a chart: trial limits, one-point groups, no variation, many gaps."""
    notes = []
    for group in groups:
        if group.trial:
            notes.append(f"group {group.number} has {group.size} points: limits are trial limits")
        if group.limits.amr is None:
            notes.append(f"group {group.number} has one point: no limits can be computed")
        elif group.limits.no_variation:
            notes.append(f"group {group.number} has no variation: limits equal the mean")
    if missing and len(missing) > MISSING_WARNING_FRACTION * total:
        notes.append(f"{len(missing)} of {total} periods have no value")
    return notes


def spc_chart(
    values: Sequence[float | None],
    *,
    improvement: Improvement | str,
    target: float | None = None,
    labels: Sequence[str] | None = None,
    rebase_at: Sequence[int | str] = (),
    fix_after: int | None = None,
    screen: bool | None = None,
    profile: Profile | str = Profile.PTD,
    conflict: RulePrecedence | str | None = None,
    trend_length: int = DEFAULT_TREND_LENGTH,
    run_length: int = DEFAULT_RUN_LENGTH,
    trial_threshold: int = SHORT_GROUP_THRESHOLD,
    hide_short_icons: bool | None = None,
) -> SpcResult:
    """Build an XmR chart with special-cause rules and MDC icons (``docs/statistics.md``).

    ``values`` are in date order; ``None`` or NaN marks a missing period, which is left out
    of the analysis (moving ranges then bridge the gap) and listed in ``missing``.
    ``rebase_at`` holds 0-based input indices or labels, each starting a new group.
    ``screen``, ``conflict`` and ``hide_short_icons`` default to the ``profile``'s settings.
    A series shorter than ``trial_threshold`` gets trial limits, not an error; an empty one
    (or one with no observed value) raises :class:`StatisticsError`.
    """
    options = _resolve_options(
        improvement=improvement,
        profile=profile,
        screen=screen,
        conflict=conflict,
        hide_short_icons=hide_short_icons,
        fix_after=fix_after,
        trend_length=trend_length,
        run_length=run_length,
        trial_threshold=trial_threshold,
    )
    observed, missing = _observed(values, labels)
    _check_target(target)
    rebase = _rebase_indices(rebase_at, labels, len(values))
    groups: list[SpcGroup] = []
    points: list[SpcPoint] = []
    for number, members in enumerate(_split_groups(observed, rebase)):
        group, classified = _group_points(number, members, labels, options)
        groups.append(group)
        points.extend(classified)
    return _assemble(options, target, groups, points, missing, labels, len(values))


def _assemble(
    options: _Options,
    target: float | None,
    groups: list[SpcGroup],
    points: list[SpcPoint],
    missing: list[int],
    labels: Sequence[str] | None,
    total: int,
) -> SpcResult:
    latest = groups[-1]
    hide_icons = options.hide_short_icons and latest.trial
    variation = None if hide_icons else variation_icon(points[-1].type, options.improvement)
    assurance = None
    if not hide_icons:
        assurance = assurance_icon(
            target, latest.limits.lpl, latest.limits.upl, options.improvement
        )
    return SpcResult(
        mean=latest.limits.mean,
        lpl=latest.limits.lpl,
        upl=latest.limits.upl,
        points=tuple(points),
        groups=tuple(groups),
        variation=variation,
        assurance=assurance,
        improvement=options.improvement,
        target=None if target is None else float(target),
        profile=options.profile,
        trial_limits=latest.trial,
        no_variation=latest.limits.no_variation,
        missing=tuple(missing if labels is None else (labels[i] for i in missing)),
        warnings=tuple(chart_warnings(groups, missing, total)),
    )
