"""The Making Data Count variation and assurance icons, as small accessible inline SVGs.

Each icon is a fixed glyph drawn by hand: a circle in the icon's colour holding a letter or an
arrow, so colour is never the only signal (``docs/statistics.md``, "Variation icon" and
"Assurance icon"):

- variation, common cause: grey circle, a flat row of dots;
- variation, special cause: an arrow up with "H" (high) or down with "L" (low), in blue for
  an improvement, orange for a concern and purple when neither direction is better;
- assurance: blue "P" (target consistently met), orange "F" (consistently missed), grey "?"
  (sometimes met, sometimes missed).

Every icon is ``<svg role="img" aria-label="...">`` named by its short label, with a
``<title>`` (shown on hover, read as its description) that adds the one-sentence explanation.
:data:`VARIATION_LABELS` and :data:`ASSURANCE_LABELS` hold the same words for the user guide.
All colours have at least 3:1 contrast with white (WCAG 1.4.11), and are shared with the SPC
chart (:mod:`councilstat.reports.charts.spc`).
"""

from __future__ import annotations

import html
from typing import NamedTuple

from councilstat.core.spc import Assurance, Improvement, Variation

__all__ = [
    "ASSURANCE_LABELS",
    "BLUE",
    "GREY",
    "ORANGE",
    "PURPLE",
    "VARIATION_LABELS",
    "IconLabel",
    "assurance_icon_svg",
    "variation_icon_svg",
]

GREY = "#7B7D7D"  # common cause, hit and miss (4.1:1 on white)
BLUE = "#1C75BC"  # improvement, target met (4.9:1)
ORANGE = "#B35900"  # concern, target missed (4.8:1)
PURPLE = "#361475"  # special cause that is neither improvement nor concern (13.9:1)

ICON_SIZE = 40
"""Default rendered size in CSS pixels; the drawing itself is a 100 x 100 viewBox."""

_FONT = "Arial, Helvetica, sans-serif"


class IconLabel(NamedTuple):
    """An icon's short plain-English name and a one-sentence explanation for councillors."""

    name: str
    explanation: str


_PATTERN = (
    "The latest value is part of a pattern unlikely to happen by chance (such as a value "
    "beyond a process limit, or a long run of values on one side of the mean)"
)

VARIATION_LABELS: dict[Variation, IconLabel] = {
    Variation.COMMON_CAUSE: IconLabel(
        "Common cause variation",
        "The latest value is within the usual ups and downs of this measure: it meets none of "
        "the special-cause rules, so there is no sign of a real change.",
    ),
    Variation.IMPROVEMENT_HIGH: IconLabel(
        "Special cause improvement (high)",
        f"{_PATTERN}, and the change is upwards, an improvement because higher is better "
        "for this measure.",
    ),
    Variation.IMPROVEMENT_LOW: IconLabel(
        "Special cause improvement (low)",
        f"{_PATTERN}, and the change is downwards, an improvement because lower is better "
        "for this measure.",
    ),
    Variation.CONCERN_HIGH: IconLabel(
        "Special cause concern (high)",
        f"{_PATTERN}, and the change is upwards, a concern because lower is better for this "
        "measure.",
    ),
    Variation.CONCERN_LOW: IconLabel(
        "Special cause concern (low)",
        f"{_PATTERN}, and the change is downwards, a concern because higher is better for "
        "this measure.",
    ),
    Variation.NEITHER_HIGH: IconLabel(
        "Special cause variation, neither improvement nor concern (high)",
        f"{_PATTERN}, and the change is upwards; neither direction is better for this "
        "measure, so it is worth understanding rather than good or bad.",
    ),
    Variation.NEITHER_LOW: IconLabel(
        "Special cause variation, neither improvement nor concern (low)",
        f"{_PATTERN}, and the change is downwards; neither direction is better for this "
        "measure, so it is worth understanding rather than good or bad.",
    ),
}
"""Each variation icon's name and explanation (``docs/statistics.md``: the latest point)."""

ASSURANCE_LABELS: dict[Assurance, IconLabel] = {
    Assurance.CONSISTENT_PASS: IconLabel(
        "Target consistently met",
        "The target lies beyond the current process limits on the side of worse performance, "
        "so the measure can be expected to meet it every period unless something changes.",
    ),
    Assurance.CONSISTENT_FAIL: IconLabel(
        "Target consistently missed",
        "The target lies beyond the current process limits on the side of better "
        "performance, so the measure will keep missing it unless the way the service works "
        "changes.",
    ),
    Assurance.INCONSISTENT: IconLabel(
        "Target sometimes met and sometimes missed",
        "The target lies between the current process limits, so at current performance the "
        "measure will meet it in some periods and miss it in others, by chance alone.",
    ),
}
"""Each assurance icon's name and explanation (``docs/statistics.md``: the target against
the latest group's process limits)."""

_EXPECTED_VARIATIONS: dict[Improvement, frozenset[Variation]] = {
    Improvement.INCREASE: frozenset(
        {Variation.COMMON_CAUSE, Variation.IMPROVEMENT_HIGH, Variation.CONCERN_LOW}
    ),
    Improvement.DECREASE: frozenset(
        {Variation.COMMON_CAUSE, Variation.IMPROVEMENT_LOW, Variation.CONCERN_HIGH}
    ),
    Improvement.NEUTRAL: frozenset(
        {Variation.COMMON_CAUSE, Variation.NEITHER_HIGH, Variation.NEITHER_LOW}
    ),
}

_VARIATION_COLOURS = {
    Variation.COMMON_CAUSE: GREY,
    Variation.IMPROVEMENT_HIGH: BLUE,
    Variation.IMPROVEMENT_LOW: BLUE,
    Variation.CONCERN_HIGH: ORANGE,
    Variation.CONCERN_LOW: ORANGE,
    Variation.NEITHER_HIGH: PURPLE,
    Variation.NEITHER_LOW: PURPLE,
}
_HIGH = frozenset({Variation.IMPROVEMENT_HIGH, Variation.CONCERN_HIGH, Variation.NEITHER_HIGH})

_ASSURANCE_GLYPHS = {
    Assurance.CONSISTENT_PASS: (BLUE, "P"),
    Assurance.CONSISTENT_FAIL: (ORANGE, "F"),
    Assurance.INCONSISTENT: (GREY, "?"),
}


def _svg(kind: str, label: IconLabel, colour: str, glyph: str, size: int) -> str:
    """The icon's frame: an outlined circle, the glyph, and its accessible name."""
    name = html.escape(label.name, quote=True)
    title = html.escape(f"{label.name}. {label.explanation}", quote=False)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100" width="{size}" '
        f'height="{size}" role="img" aria-label="{name}" focusable="false" '
        f'class="cs-spc-icon cs-spc-icon--{kind}"><title>{title}</title>'
        f'<circle cx="50" cy="50" r="45" fill="#FFFFFF" stroke="{colour}" stroke-width="6"/>'
        f"{glyph}</svg>"
    )


def _letter(text: str, x: int, baseline: int, font_size: int, colour: str) -> str:
    return (
        f'<text x="{x}" y="{baseline}" text-anchor="middle" font-family="{_FONT}" '
        f'font-size="{font_size}" font-weight="bold" fill="{colour}">'
        f"{html.escape(text, quote=False)}</text>"
    )


def _dots(colour: str) -> str:
    """A flat row of five dots on a line: nothing unusual is happening."""
    dots = "".join(f'<circle cx="{x}" cy="50" r="6" fill="{colour}"/>' for x in range(26, 75, 12))
    return f'<path d="M26 50 H74" stroke="{colour}" stroke-width="3"/>{dots}'


def _arrow(colour: str, up: bool) -> str:
    """A vertical arrow on the left of the circle, pointing up or down."""
    if up:
        shaft, head = "M34 76 V40", "M21 44 L34 25 L47 44 Z"
    else:
        shaft, head = "M34 24 V60", "M21 56 L34 75 L47 56 Z"
    return (
        f'<path d="{shaft}" stroke="{colour}" stroke-width="8" stroke-linecap="round"/>'
        f'<path d="{head}" fill="{colour}"/>'
    )


def variation_icon_svg(
    variation: Variation | None,
    improvement: Improvement | str,
    *,
    size: int = ICON_SIZE,
) -> str:
    """The variation icon as inline SVG, or ``""`` when the chart shows none (``None``: too
    few points in the latest group under the MDC profile).

    ``improvement`` is the measure's improvement direction; a variation it cannot give (an
    "improvement (high)" on a measure where lower is better) raises ``ValueError``.
    """
    if variation is None:
        return ""
    direction = Improvement(improvement)
    if variation not in _EXPECTED_VARIATIONS[direction]:
        raise ValueError(
            f"a {direction.value} measure cannot have the variation icon {variation.value}"
        )
    colour = _VARIATION_COLOURS[variation]
    if variation is Variation.COMMON_CAUSE:
        glyph = _dots(colour)
    else:
        high = variation in _HIGH
        glyph = _arrow(colour, up=high) + _letter("H" if high else "L", 66, 63, 38, colour)
    return _svg(f"variation-{variation.value}", VARIATION_LABELS[variation], colour, glyph, size)


def assurance_icon_svg(assurance: Assurance | None, *, size: int = ICON_SIZE) -> str:
    """The assurance icon as inline SVG, or ``""`` when there is none (no target, a neutral
    measure, or too few points)."""
    if assurance is None:
        return ""
    colour, letter = _ASSURANCE_GLYPHS[assurance]
    glyph = _letter(letter, 50, 66, 46, colour)
    return _svg(f"assurance-{assurance.value}", ASSURANCE_LABELS[assurance], colour, glyph, size)


EXAMPLE_IMPROVEMENT: dict[Variation, Improvement] = {
    Variation.COMMON_CAUSE: Improvement.INCREASE,
    Variation.IMPROVEMENT_HIGH: Improvement.INCREASE,
    Variation.CONCERN_LOW: Improvement.INCREASE,
    Variation.IMPROVEMENT_LOW: Improvement.DECREASE,
    Variation.CONCERN_HIGH: Improvement.DECREASE,
    Variation.NEITHER_HIGH: Improvement.NEUTRAL,
    Variation.NEITHER_LOW: Improvement.NEUTRAL,
}
"""An improvement direction that gives each variation icon, to draw it in a guide or glossary."""
