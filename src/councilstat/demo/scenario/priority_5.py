"""The measures of priority 5, "A modern, efficient council"."""

from __future__ import annotations

from councilstat.demo.scenario.kinds import Annual, Fixed, Levels, MeasureSpec, YearToDate
from councilstat.demo.scenario.structure import BUSINESS_RATES_PROFILE, COUNCIL_TAX_PROFILE, shares

__all__ = ["MEASURES"]

MEASURES: tuple[MeasureSpec, ...] = (
    MeasureSpec(
        code="5A1",
        title="Council tax collection rate (in-year)",
        outcome="5.A",
        unit="percent",
        polarity="higher",
        frequency="monthly",
        series=YearToDate(
            shares(COUNCIL_TAX_PROFILE),
            (96.9, 96.7),
            (10.4, 19.5, 28.5, 37.3, 46.2, 55.0, 63.9),
            noise=0.3,
        ),
        targets=(97, 97, 97),
        tolerance="1",
        cumulative=True,
        owner="Head of Revenues and Benefits",
        definition="Council tax for the current year collected in the year to date, as a "
        "percentage of the net collectable debit, against a monthly profile of the year's "
        "target.",
        source="Revenues system",
        notes=(
            (
                "2019-09",
                "Collection is behind the profile at the half year. Reaching 97% by March is less "
                "certain than the business rates target; the year-end forecast will be reported to "
                "the board.",
            ),
        ),
    ),
    MeasureSpec(
        code="5A2",
        title="Business rates collection rate (in-year)",
        outcome="5.A",
        unit="percent",
        polarity="higher",
        frequency="monthly",
        series=YearToDate(
            shares(BUSINESS_RATES_PROFILE),
            (98.2, 97.9),
            (11.2, 20.4, 29.6, 38.6, 47.5, 56.4, 65.9),
            noise=0.3,
        ),
        targets=(98, 98, 98),
        tolerance="1",
        cumulative=True,
        owner="Head of Revenues and Benefits",
        definition="Non-domestic rates for the current year collected in the year to date, as "
        "a percentage of the net collectable debit, against a monthly profile of the year's "
        "target.",
        source="Revenues system",
        notes=(
            (
                "2019-09",
                "Collection is behind the profile at the half year, but the service expects to "
                "reach 98% by March; the year-end forecast will be reported to the board.",
            ),
        ),
    ),
    MeasureSpec(
        code="5B1",
        title="Complaints closed within timescale",
        outcome="5.B",
        unit="percent",
        polarity="higher",
        frequency="quarterly",
        series=Levels(80.0, 83.0, 84.1, 86.5, 85.4, noise=2.0),
        targets=(85, 85, 85),
        owner="Head of Corporate Complaints",
        definition="Complaints closed in the quarter within the timescale of the complaints "
        "procedure, as a percentage of complaints closed.",
        source="Complaints management system",
    ),
    MeasureSpec(
        code="5B2",
        title="Registered complaints received",
        outcome="5.B",
        unit="number",
        polarity="lower",
        frequency="quarterly",
        series=Levels(310, 270, 243, 243, 243, noise=15, decimals=0),
        targets=(300, 290, 275),
        owner="Head of Corporate Complaints",
        definition="Complaints registered under the corporate and statutory complaints "
        "procedures in the quarter. The target is for each quarter.",
        source="Complaints management system",
    ),
    MeasureSpec(
        code="5C1",
        title="Customer transactions completed online",
        outcome="5.C",
        unit="percent",
        polarity="higher",
        frequency="quarterly",
        series=Fixed((("2019/20 Q2", 38.4),)),
        targets=None,
        owner="Assistant Director, Customer, Information and Digital Services",
        definition="Customer transactions for the main council services completed online in "
        "the quarter, as a percentage of all such transactions. New in 2019/20: reported from "
        "Q2, with a baseline year before a target is set.",
        source="Customer relationship management system",
        notes=(("2019/20 Q2", "First quarter reported; no target set"),),
    ),
    MeasureSpec(
        code="5C2",
        title="Calls to the customer contact centre answered",
        outcome="5.C",
        unit="percent",
        polarity="higher",
        frequency="monthly",
        series=Levels(82.0, 87.0, 89.4, 91.2, 90.2, noise=1.5, latest=89.6),
        targets=(85, 88, 90),
        owner="Assistant Director, Customer, Information and Digital Services",
        definition="Calls to the customer contact centre answered in the month, as a "
        "percentage of calls offered.",
        source="Contact centre telephony statistics",
    ),
    MeasureSpec(
        code="5D1",
        title="Staff with a completed Performance and Development Review",
        outcome="5.D",
        unit="percent",
        polarity="higher",
        frequency="quarterly",
        series=Levels(82.0, 88.5, 91.0, 92.3, 93.1, noise=1.0),
        targets=(85, 88, 90),
        owner="Assistant Director, Human Resources and Organisational Development",
        definition="Staff (excluding schools) with a Performance and Development Review "
        "completed in the last 12 months, as a percentage of staff in post.",
        source="HR and payroll system",
    ),
    MeasureSpec(
        code="5D2",
        title="Days lost per FTE to sickness absence",
        outcome="5.D",
        unit="days",
        polarity="lower",
        frequency="monthly",
        series=Levels(10.1, 10.6, 11.02, 11.21, 11.46, noise=0.08, decimals=2, latest=11.52),
        targets=(10.5, 10.3, 10.0),
        owner="Assistant Director, Human Resources and Organisational Development",
        definition="Working days lost to sickness absence in the last 12 months per full-time "
        "equivalent member of staff (excluding schools).",
        source="HR and payroll system",
        notes=(
            (
                "2019-09",
                "Sickness absence is above target. Workshops with managers on managing absence are "
                "under way, and the board's performance workshop will look at the findings.",
            ),
        ),
    ),
    MeasureSpec(
        code="5D3",
        title="Spend on agency staff",
        outcome="5.D",
        unit="currency",
        polarity="lower",
        frequency="quarterly",
        series=Levels(7600000, 8500000, 9084000, 9196000, 9150000, noise=120000, decimals=-3),
        targets=(8000000, 8500000, 9000000),
        owner="Assistant Director, Human Resources and Organisational Development",
        definition="Spend on agency staff in the last 12 months, in pounds, against the year's "
        "ceiling.",
        source="Finance ledger",
    ),
    MeasureSpec(
        code="5D4",
        title="Workforce profile - staff declaring a disability",
        outcome="5.D",
        unit="percent",
        polarity="higher",
        frequency="annual",
        series=Annual((3.9, 4.1)),
        targets=(5, 5, 5),
        owner="Assistant Director, Human Resources and Organisational Development",
        definition="Staff (excluding schools) declaring a disability at 31 March, as a "
        "percentage of staff in post.",
        source="HR and payroll system",
    ),
    MeasureSpec(
        code="5D5",
        title="Apprentices employed by the council",
        outcome="5.D",
        unit="number",
        polarity="higher",
        frequency="quarterly",
        series=Levels(72, 102, 118, 124, 131, noise=4, decimals=0),
        targets=(90, 110, 120),
        owner="Assistant Director, Human Resources and Organisational Development",
        definition="Apprentices employed by the council (excluding schools) at the end of the "
        "quarter.",
        source="HR and payroll system",
    ),
    MeasureSpec(
        code="5D6",
        title="Staff turnover",
        outcome="5.D",
        unit="percent",
        polarity="lower",
        frequency="annual",
        series=Annual((9.8, 10.4)),
        targets=(10, 10, 10),
        owner="Assistant Director, Human Resources and Organisational Development",
        definition="Leavers in the year as a percentage of average staff in post (excluding "
        "schools).",
        source="HR and payroll system",
    ),
    MeasureSpec(
        code="5D7",
        title="Staff completing mandatory equality training",
        outcome="5.D",
        unit="percent",
        polarity="higher",
        frequency="quarterly",
        series=Levels(22.0, 38.0, 52.0, 61.0, 68.0, noise=2.0, decimals=0),
        targets=(60, 80, 95),
        owner="Assistant Director, Human Resources and Organisational Development",
        definition="Staff (excluding schools) who have completed the mandatory equality and "
        "diversity e-learning, as a percentage of staff in post.",
        source="Learning management system",
        notes=(
            (
                "2019/20 Q2",
                "68% at the end of September and 82% at the latest count, on course for 95% by the "
                "year end, with reminders to managers of staff yet to complete it.",
            ),
        ),
    ),
)
