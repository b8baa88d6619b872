"""Statistical process control: XmR charts with NHS "Making Data Count" icons.

``spc_chart`` takes a series in date order and returns its centre line and process limits
(``mean ± 2.66 × AMR``), the special-cause rules each point hits, each point's type, and the
variation and assurance icons. The specification is ``docs/statistics.md``, "SPC charts"; the
package follows its parts:

- :mod:`~councilstat.core.spc.vocabulary`: the enums (the JSON names) and the two rule
  profiles, ``ptd`` (NHSRplotthedots 0.2.2, the default) and ``mdc`` (the MDC Excel tool);
- :mod:`~councilstat.core.spc.limits`: the mean and limits of one group, with screening;
- :mod:`~councilstat.core.spc.rules`: trend, shift and two-in-three detection, precedence and
  point types;
- :mod:`~councilstat.core.spc.icons`: the variation and assurance icons;
- :mod:`~councilstat.core.spc.chart`: options, missing values, rebasing, warnings and the
  whole chart.

Import from this package; the modules are its parts, not separate entry points (the rule
detectors, used by the tests, are the exception).

>>> chart = spc_chart(list(range(1, 11)), improvement="increase")
>>> round(chart.mean, 2), round(chart.lpl, 2), round(chart.upl, 2)
(5.5, 2.84, 8.16)
>>> [point.rule.value for point in chart.points[:3]]
['below_lpl', 'below_lpl', 'trend_increasing']
>>> chart.variation, chart.assurance
(<Variation.IMPROVEMENT_HIGH: 'improvement_high'>, None)
"""

from councilstat.core.spc.chart import SpcGroup, SpcPoint, SpcResult, spc_chart
from councilstat.core.spc.icons import assurance_icon, variation_icon
from councilstat.core.spc.limits import SHORT_GROUP_THRESHOLD, XmrLimits, xmr_limits
from councilstat.core.spc.rules import DEFAULT_RUN_LENGTH, DEFAULT_TREND_LENGTH, point_type
from councilstat.core.spc.vocabulary import (
    PROFILE_SETTINGS,
    Assurance,
    Improvement,
    PointType,
    Profile,
    ProfileSettings,
    Rule,
    RulePrecedence,
    Variation,
)

__all__ = [
    "DEFAULT_RUN_LENGTH",
    "DEFAULT_TREND_LENGTH",
    "PROFILE_SETTINGS",
    "SHORT_GROUP_THRESHOLD",
    "Assurance",
    "Improvement",
    "PointType",
    "Profile",
    "ProfileSettings",
    "Rule",
    "RulePrecedence",
    "SpcGroup",
    "SpcPoint",
    "SpcResult",
    "Variation",
    "XmrLimits",
    "assurance_icon",
    "point_type",
    "spc_chart",
    "variation_icon",
    "xmr_limits",
]
