"""The measures of priority 4, "Extending opportunity, prosperity and planning for the future"."""

from __future__ import annotations

from councilstat.demo.scenario.kinds import Annual, Fixed, Levels, MeasureSpec, YearToDate
from councilstat.demo.scenario.structure import EVEN_QUARTERS, RE

__all__ = ["MEASURES"]

MEASURES: tuple[MeasureSpec, ...] = (
    MeasureSpec(
        code="4A1",
        title="New businesses started with council support",
        outcome="4.A",
        unit="number",
        polarity="higher",
        frequency="annual",
        series=Annual((112, 126), decimals=0),
        targets=(110, 120, 130),
        owner="Head of Economic Development",
        definition="New businesses started in the year with support from the council's "
        "business advice service.",
        source="Business support records",
    ),
    MeasureSpec(
        code="4A2",
        title="Jobs created or safeguarded through council-supported investment",
        outcome="4.A",
        unit="number",
        polarity="higher",
        frequency="quarterly",
        series=Levels(110, 150, 172, 188, 215, noise=15, decimals=0),
        targets=(120, 140, 150),
        owner="Head of Economic Development",
        definition="Jobs created or safeguarded in the quarter by investment the council "
        "supported. The target is for each quarter.",
        source="Business support records",
    ),
    MeasureSpec(
        code="4A3",
        title="Town centre vacant floor space",
        outcome="4.A",
        unit="percent",
        polarity="lower",
        frequency="quarterly",
        series=Levels(19.5, 18.1, 17.2, 17.6, 17.6, noise=0.3),
        targets=(18, 17.5, 17),
        owner="Assistant Director, Planning, Regeneration and Transport",
        definition="Vacant ground-floor commercial floor space in Rotherham town centre at the "
        "end of the quarter, as a percentage of all ground-floor commercial floor space.",
        source="Town centre vacancy survey",
    ),
    MeasureSpec(
        code="4A4",
        title="Apprenticeship starts",
        outcome="4.A",
        unit="number",
        polarity="higher",
        frequency="annual",
        series=Annual((1890, 1960), decimals=0),
        targets=(2300, 2000, 2100),
        owner="Head of Economic Development",
        definition="Apprenticeship starts by Rotherham residents in the academic year.",
        source="Department for Education further education and skills statistics",
    ),
    MeasureSpec(
        code="4A5",
        decimal_places=1,
        title="Gap between Rotherham and national rate of economically active residents",
        outcome="4.A",
        unit="number",
        polarity="lower",
        frequency="quarterly",
        series=Levels(4.6, 3.5, 3.8, 3.8, 4.3, noise=0.3),
        targets=(3.0, 2.8, 2.5),
        tolerance="0.5",
        owner="Head of Economic Development",
        definition="The national economic activity rate of residents aged 16 to 64 minus "
        "Rotherham's, in percentage points, from the rolling 12-month Annual Population "
        "Survey. The sample is small, so the figure moves slowly.",
        source="ONS Annual Population Survey (Nomis)",
        notes=(
            (
                "2019/20 Q2",
                "The gap widened, but the figure comes from a small survey sample and moves with "
                "it. The council works mostly by influence, with partners such as Jobcentre Plus "
                "and through the borough's Employment and Skills Plan, and economic development "
                "takes a long time to show in the data.",
            ),
        ),
    ),
    MeasureSpec(
        code="4B1",
        title="New homes delivered in the borough",
        outcome="4.B",
        unit="number",
        polarity="higher",
        frequency="quarterly",
        series=YearToDate(EVEN_QUARTERS, (643, 812), (168, 436), noise=15, decimals=0),
        targets=(700, 800, 900),
        cumulative=True,
        owner="Assistant Director, Planning, Regeneration and Transport",
        definition="Net additional homes completed in the borough in the financial year to "
        "date; the quarterly targets are a quarter of the year's target for each quarter gone.",
        source="Housing completions monitoring",
        directorate=RE,
    ),
    MeasureSpec(
        code="4B2",
        title="New homes delivered through direct council intervention",
        outcome="4.B",
        unit="number",
        polarity="higher",
        frequency="quarterly",
        series=Fixed((("2018/19 Q2", 18), ("2019/20 Q1", 12), ("2019/20 Q2", 41)), decimals=0),
        targets=None,
        period_targets=(("2019/20 Q2", 35), ("2019/20 Q3", 60), ("2019/20 Q4", 100)),
        cumulative=True,
        owner="Assistant Director, Housing",
        definition="Homes completed in the financial year to date on council land, by the "
        "council or with its direct funding. New for 2019/20: Q1 was the baseline and targets "
        "start from Q2.",
        source="Housing growth programme records",
        notes=(
            ("2018/19 Q2", "Counted back to the same point of 2018/19, for comparison"),
            ("2019/20 Q1", "Baseline quarter: targets are set from Q2"),
        ),
    ),
    MeasureSpec(
        code="4B3",
        title="Privately rented properties compliant with Selective Licensing",
        outcome="4.B",
        unit="percent",
        polarity="higher",
        frequency="quarterly",
        series=Levels(
            (279, 300), 94.6, (311, 326), (305, 318), (318, 330), noise=0.6, denominator=320
        ),
        targets=(95, 95, 95),
        owner="Assistant Director, Community Safety and Street Scene",
        definition="Privately rented properties in Selective Licensing areas inspected in the "
        "quarter and found compliant with their licence conditions, as a percentage of those "
        "inspected.",
        source="Selective Licensing inspection records",
        directorate=RE,
        notes=(("2017/18 Q1", "93% against a year-end target of 95%"),),
    ),
)
