"""The demonstration plan's 69 measures: what each measures and how its figures are drawn.

This is the reconstructed Rotherham Council Plan 2019/20 of ``seed-scenario.md``. Codes, titles,
outcomes and polarities follow that scenario; every figure is invented (a handful are anchored to
figures in public minutes, see the README), chosen so that 2019/20 Q1 and Q2 rate as the minutes
of the Overview and Scrutiny Management Board report them.

A measure's figures come from one of four series kinds, which ``generate.py`` turns into rows:

* ``Levels``: a monthly or quarterly series drawn through anchor values with seeded noise;
* ``YearToDate``: cumulative within each financial year, against targets profiled from the year's;
* ``Annual``: one value a year, for 2017/18 and 2018/19;
* ``Fixed``: every observation given here.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "DIRECTORATES",
    "MEASURES",
    "ORGANISATION",
    "OUTCOMES",
    "PLAN_TITLE",
    "PRIORITIES",
    "Anchor",
    "Annual",
    "Fixed",
    "Levels",
    "MeasureSpec",
    "Series",
    "YearToDate",
]

ORGANISATION = "Rotherham Metropolitan Borough Council (demonstration)"
PLAN_TITLE = "Council Plan 2019-20"

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
    directorate: str = ""
    period_targets: tuple[tuple[str, float], ...] = ()
    notes: tuple[tuple[str, str], ...] = ()


PRIORITIES = {
    "1": "Every child making the best start in life",
    "2": "Every adult secure, responsible and empowered",
    "3": "A strong community in a clean, safe environment",
    "4": "Extending opportunity, prosperity and planning for the future",
    "5": "A modern, efficient council",
}

CYPS = "Children and Young People's Services"
ACHPH = "Adult Care, Housing and Public Health"
RE = "Regeneration and Environment"
FCS = "Finance and Customer Services"
ACX = "Assistant Chief Executive"

DIRECTORATES = {
    "1.A": CYPS,
    "1.B": CYPS,
    "2.A": ACHPH,
    "2.B": ACHPH,
    "3.A": RE,
    "3.B": RE,
    "3.C": RE,
    "4.A": RE,
    "4.B": ACHPH,
    "5.A": FCS,
    "5.B": ACX,
    "5.C": FCS,
    "5.D": ACX,
}
"""Each outcome's lead directorate; a measure may name another."""

OUTCOMES = {
    "1.A": "Children, young people and families are protected and safeguarded from all forms "
    "of abuse, violence and neglect",
    "1.B": "Children and young people are supported to reach their potential",
    "2.A": "Adults are enabled to live healthier lives",
    "2.B": "Adults are supported to live independently, with choice and control",
    "3.A": "Communities are strong and help people to feel safe",
    "3.B": "Streets, public realm and green spaces are clean and well maintained",
    "3.C": "More people take part in culture, leisure, sport and tourism",
    "4.A": "Businesses are supported to grow and employment opportunities expand",
    "4.B": "People live in good-quality homes that meet their needs",
    "5.A": "Assets and resources are used well and services give value for money",
    "5.B": "Governance and decision-making are effective",
    "5.C": "Customers can reach the council easily and are listened to",
    "5.D": "Members, workforce and organisational culture are effective",
}

_COUNCIL_TAX_PROFILE = (10.6, 19.8, 28.9, 38.0, 47.1, 56.2, 65.3, 74.4, 83.3, 92.1, 95.2, 97.0)
_BUSINESS_RATES_PROFILE = (11.5, 20.9, 30.2, 39.4, 48.5, 57.6, 66.8, 75.9, 84.7, 93.5, 96.9, 98.0)
_EVEN_QUARTERS = (0.25, 0.5, 0.75, 1.0)


def _shares(profile: tuple[float, ...]) -> tuple[float, ...]:
    return tuple(step / profile[-1] for step in profile)


_PRIORITY_1 = (
    MeasureSpec(
        code="1A1",
        title="Proportion of Early Help families contacted and engaged within 3 working days",
        outcome="1.A",
        unit="percent",
        polarity="higher",
        frequency="monthly",
        series=Levels(52.0, 74.0, 85.0, 87.9, 86.4, noise=1.5),
        targets=(75, 85, 90),
        owner="Head of Early Help",
        definition="Families referred to Early Help in the month who were contacted and engaged "
        "within 3 working days, as a percentage of families referred.",
        source="Early Help case management system",
    ),
    MeasureSpec(
        code="1A2",
        title="Re-referrals to children's social care within 12 months",
        outcome="1.A",
        unit="percent",
        polarity="lower",
        frequency="monthly",
        series=Levels(27.5, 25.0, 22.9, 22.1, 21.4, noise=0.8),
        targets=(25, 24, 23),
        owner="Assistant Director, Children's Social Care",
        definition="Referrals in the last 12 months for children referred in the 12 months "
        "before, as a percentage of all referrals in the last 12 months.",
        source="Children's social care case management system",
    ),
    MeasureSpec(
        code="1A3",
        title="Number of Looked After Children",
        outcome="1.A",
        unit="number",
        polarity="lower",
        frequency="monthly",
        series=Levels(488, 560, 628, 636, 629, noise=6, decimals=0, latest=641),
        targets=(450, 500, 550),
        owner="Assistant Director, Children's Social Care",
        definition="Children looked after by the council at the end of the month.",
        source="Children's social care case management system",
    ),
    MeasureSpec(
        code="1A4",
        title="Proportion of families who rated Early Help as good or excellent",
        outcome="1.A",
        unit="percent",
        polarity="higher",
        frequency="quarterly",
        series=Fixed(
            (
                ("2016/17 Q1", (12, 12)),
                ("2016/17 Q2", (13, 13)),
                ("2016/17 Q3", (11, 12)),
                ("2016/17 Q4", (13, 13)),
                ("2017/18 Q1", (17, 18)),
                ("2017/18 Q2", (19, 20)),
                ("2017/18 Q3", (16, 17)),
                ("2017/18 Q4", (20, 20)),
                ("2018/19 Q1", (18, 19)),
                ("2018/19 Q2", (15, 16)),
                ("2018/19 Q3", (20, 21)),
                ("2018/19 Q4", (21, 21)),
                ("2019/20 Q1", (16, 16)),
                ("2019/20 Q2", (22, 23)),
            )
        ),
        targets=(90, 90, 90),
        owner="Head of Early Help",
        definition="Families completing the Early Help exit survey in the quarter who rated the "
        "help as good or excellent, as a percentage of families completing it. Few families "
        "respond, so one response moves the figure by several points.",
        source="Early Help exit survey",
        notes=(
            ("2016/17 Q4", "Year 2016/17: 49 of 50 (98%), as in the CYPS scorecard"),
            ("2017/18 Q4", "Year 2017/18: 72 of 75 (96%), March 2018 100%, as in the scorecard"),
            ("2019/20 Q2", "Small numbers: one family's response moves the figure by 4 points"),
        ),
    ),
    MeasureSpec(
        code="1A5",
        title="Children subject to a repeat child protection plan within 24 months",
        outcome="1.A",
        unit="percent",
        polarity="lower",
        frequency="monthly",
        series=Levels(9.5, 8.6, 7.8, 6.9, 6.2, noise=0.5, denominator=450),
        targets=(8, 8, 7.5),
        owner="Assistant Director, Children's Social Care",
        definition="Child protection plans started in the last 12 months for children who had "
        "a previous plan ending within 24 months, as a percentage of all plans started.",
        source="Children's social care case management system",
    ),
    MeasureSpec(
        code="1A6",
        title="Child protection plans lasting 2 years or more",
        outcome="1.A",
        unit="percent",
        polarity="lower",
        frequency="monthly",
        series=Levels(5.2, 4.1, 3.1, 2.4, 2.4, noise=0.3),
        targets=(5, 4.5, 4),
        owner="Assistant Director, Children's Social Care",
        definition="Child protection plans ended in the last 12 months that had lasted 2 years "
        "or more, as a percentage of plans ended.",
        source="Children's social care case management system",
    ),
    MeasureSpec(
        code="1A7",
        title="Looked after children with 3 or more placements in the year (disrupted placements)",
        outcome="1.A",
        unit="percent",
        polarity="lower",
        frequency="monthly",
        series=Levels(9.1, 9.9, 10.8, 11.3, 11.9, noise=0.4, denominator=620),
        targets=(10, 9.5, 9),
        owner="Assistant Director, Children's Social Care",
        definition="Looked after children at the end of the month who have had 3 or more "
        "placements in the last 12 months, as a percentage of all looked after children.",
        source="Children's social care case management system",
    ),
    MeasureSpec(
        code="1A8",
        title="Looked after children placed in a family-based setting",
        outcome="1.A",
        unit="percent",
        polarity="higher",
        frequency="monthly",
        series=Levels(83.5, 81.0, 78.9, 78.2, 77.6, noise=0.6, latest=79.3),
        targets=(82, 80, 80),
        owner="Assistant Director, Children's Social Care",
        definition="Looked after children at the end of the month placed with foster carers, "
        "family and friends or adopters, as a percentage of all looked after children.",
        source="Children's social care case management system",
        notes=(("2019-10", "Latest figure reported to the board (79.3%)"),),
    ),
    MeasureSpec(
        code="1B1",
        title="Pupils achieving a good level of development (EYFS)",
        outcome="1.B",
        unit="percent",
        polarity="higher",
        frequency="annual",
        series=Annual((69.8, 70.6)),
        targets=(70, 71, 72),
        owner="Assistant Director, Education and Inclusion",
        definition="Children at the end of the Early Years Foundation Stage reaching a good "
        "level of development; academic-year result recorded in the financial year it ends.",
        source="Department for Education statistical release",
    ),
    MeasureSpec(
        code="1B2",
        title="Pupils meeting expected standard in reading, writing and maths at KS2",
        outcome="1.B",
        unit="percent",
        polarity="higher",
        frequency="annual",
        series=Annual((62.0, 63.0)),
        targets=(62, 64, 65),
        owner="Assistant Director, Education and Inclusion",
        definition="Pupils at the end of Key Stage 2 meeting the expected standard in reading, "
        "writing and maths; academic-year result.",
        source="Department for Education statistical release",
    ),
    MeasureSpec(
        code="1B3",
        title="Average Progress 8 score at KS4",
        outcome="1.B",
        unit="number",
        polarity="higher",
        frequency="annual",
        series=Annual((-0.13, -0.10), decimals=2),
        targets=(-0.10, -0.05, 0.00),
        tolerance="0.05",
        owner="Assistant Director, Education and Inclusion",
        definition="Average Progress 8 score of pupils at the end of Key Stage 4 (0 is the "
        "national average); academic-year result.",
        source="Department for Education statistical release",
    ),
    MeasureSpec(
        code="1B4a",
        title="Permanent exclusions - secondary (rate per 100 pupils)",
        outcome="1.B",
        unit="rate",
        polarity="lower",
        frequency="quarterly",
        series=Levels(0.24, 0.22, 0.21, 0.19, 0.17, noise=0.01, decimals=2),
        targets=(0.22, 0.21, 0.20),
        owner="Assistant Director, Education and Inclusion",
        definition="Permanent exclusions from secondary schools in the last 12 months per 100 "
        "pupils on roll; collected termly and reported each quarter.",
        source="School exclusions records",
    ),
    MeasureSpec(
        code="1B4b",
        title="Permanent exclusions - primary (rate per 100 pupils)",
        outcome="1.B",
        unit="rate",
        polarity="lower",
        frequency="quarterly",
        series=Levels(0.035, 0.041, 0.052, 0.058, 0.064, noise=0.003, decimals=3),
        targets=(0.03, 0.03, 0.03),
        owner="Assistant Director, Education and Inclusion",
        definition="Permanent exclusions from primary schools in the last 12 months per 100 "
        "pupils on roll; collected termly and reported each quarter.",
        source="School exclusions records",
    ),
    MeasureSpec(
        code="1B5",
        title="16-17 year olds not in education, employment or training, or not known",
        outcome="1.B",
        unit="percent",
        polarity="lower",
        frequency="annual",
        series=Annual((6.4, 6.1)),
        targets=(6.0, 5.8, 5.5),
        owner="Assistant Director, Education and Inclusion",
        definition="Young people aged 16 and 17 not in education, employment or training, or "
        "whose activity is not known; average of December to February.",
        source="Client caseload information system (NCCIS)",
    ),
    MeasureSpec(
        code="1B6",
        title="Education, Health and Care Plans completed within 20 weeks",
        outcome="1.B",
        unit="percent",
        polarity="higher",
        frequency="monthly",
        series=Levels(58.0, 66.0, (20, 27), (22, 28), (18, 28), noise=4.0, denominator=30),
        targets=(65, 70, 75),
        owner="Assistant Director, Education and Inclusion",
        definition="New Education, Health and Care Plans issued in the month within 20 weeks "
        "of the request, as a percentage of plans issued in the month.",
        source="Special educational needs case records",
    ),
    MeasureSpec(
        code="1B7",
        title="Take-up of funded early education by eligible 2-year-olds",
        outcome="1.B",
        unit="percent",
        polarity="higher",
        frequency="quarterly",
        series=Levels(72.0, 77.5, 81.2, 83.0, 84.5, noise=1.0),
        targets=(75, 78, 80),
        owner="Assistant Director, Education and Inclusion",
        definition="Eligible 2-year-olds taking up a funded early education place, as a "
        "percentage of those eligible; counted termly and reported each quarter.",
        source="Early years provider headcount",
    ),
    MeasureSpec(
        code="1B8",
        title="Overall school absence",
        outcome="1.B",
        unit="percent",
        polarity="lower",
        frequency="annual",
        series=Annual((4.8, 4.9)),
        targets=(4.7, 4.6, 4.6),
        owner="Assistant Director, Education and Inclusion",
        definition="Half-day sessions missed through absence as a percentage of possible "
        "sessions, all schools; academic-year result.",
        source="Department for Education statistical release",
    ),
)

_PRIORITY_2 = (
    MeasureSpec(
        code="2A1",
        title="Successful completion of drug treatment - opiate users",
        outcome="2.A",
        unit="percent",
        polarity="higher",
        frequency="quarterly",
        series=Levels(6.9, 6.4, 5.9, 5.6, 5.3, noise=0.25, denominator=1020),
        targets=(6.8, 6.8, 6.5),
        owner="Director of Public Health",
        definition="Opiate users who left treatment successfully in the last 12 months and did "
        "not re-present within 6 months, as a percentage of opiate users in treatment.",
        source="National Drug Treatment Monitoring System (NDTMS)",
    ),
    MeasureSpec(
        code="2A2",
        title="Successful completion of drug treatment - non-opiate users",
        outcome="2.A",
        unit="percent",
        polarity="higher",
        frequency="quarterly",
        series=Levels(38.0, 37.2, 35.4, 34.0, 38.4, noise=1.2, denominator=300),
        targets=(36, 37, 38),
        owner="Director of Public Health",
        definition="Non-opiate users who left treatment successfully in the last 12 months and "
        "did not re-present within 6 months, as a percentage of non-opiate users in treatment.",
        source="National Drug Treatment Monitoring System (NDTMS)",
    ),
    MeasureSpec(
        code="2A3",
        title="Smoking status at time of delivery",
        outcome="2.A",
        unit="percent",
        polarity="lower",
        frequency="annual",
        series=Annual((17.9, 16.5)),
        targets=(16, 15, 14),
        owner="Director of Public Health",
        definition="Mothers known to be smokers at the time of delivery, as a percentage of "
        "maternities.",
        source="NHS Digital statistics on women's smoking status at time of delivery",
    ),
    MeasureSpec(
        code="2B1",
        title="Safeguarding enquiries where the risk was reduced or removed",
        outcome="2.B",
        unit="percent",
        polarity="higher",
        frequency="quarterly",
        series=Levels(86.0, 89.0, 91.2, 92.0, 93.1, noise=1.0),
        targets=(85, 88, 90),
        owner="Assistant Director, Adult Social Care",
        definition="Concluded section 42 safeguarding enquiries in the quarter where a risk was "
        "identified and was reduced or removed, as a percentage of those enquiries.",
        source="Adult social care case management system",
    ),
    MeasureSpec(
        code="2B2",
        title="New contacts receiving information and advice at first point of contact",
        outcome="2.B",
        unit="percent",
        polarity="higher",
        frequency="monthly",
        series=Levels(24.0, 31.5, 36.1, 35.2, 33.8, noise=1.2, latest=34.6),
        targets=(30, 35, 40),
        owner="Assistant Director, Adult Social Care",
        definition="New contacts to adult social care in the month resolved with information "
        "and advice at the first point of contact, as a percentage of new contacts.",
        source="Adult social care case management system",
    ),
    MeasureSpec(
        code="2B3",
        title="Long-term service users reviewed in the year",
        outcome="2.B",
        unit="percent",
        polarity="higher",
        frequency="monthly",
        series=Levels(68.0, 72.5, 76.4, 77.9, 79.2, noise=0.8),
        targets=(70, 72, 75),
        owner="Assistant Director, Adult Social Care",
        definition="People receiving long-term support for 12 months or more whose support was "
        "reviewed in the last 12 months, as a percentage of them (a rolling year).",
        source="Adult social care case management system",
    ),
    MeasureSpec(
        code="2B4",
        title="Carers' satisfaction with social services",
        outcome="2.B",
        unit="percent",
        polarity="higher",
        frequency="annual",
        series=Annual((38.5, 36.9)),
        targets=(40, 40, 40),
        owner="Assistant Director, Adult Social Care",
        definition="Carers extremely or very satisfied with the support they and the person "
        "they care for received; from the biennial carers' survey, the latest result in force "
        "each year.",
        source="Survey of Adult Carers in England",
        notes=(
            ("2017/18", "No survey this year: the 2016/17 survey result"),
            ("2018/19", "2018/19 biennial survey"),
        ),
    ),
    MeasureSpec(
        code="2B5",
        title="Delayed transfers of care attributable to adult social care",
        outcome="2.B",
        unit="rate",
        polarity="lower",
        frequency="monthly",
        series=Levels(2.8, 1.9, 1.3, 1.3, 1.1, noise=0.2),
        targets=(3.0, 2.6, 2.0),
        owner="Assistant Director, Adult Social Care",
        definition="Average number of delayed days a day in the month attributable to adult "
        "social care, per 100,000 population aged 18 and over.",
        source="NHS England delayed transfers of care statistics",
    ),
    MeasureSpec(
        code="2B6",
        title="Older people still at home 91 days after discharge into reablement",
        outcome="2.B",
        unit="percent",
        polarity="higher",
        frequency="quarterly",
        series=Levels(84.0, 82.5, 80.2, 82.1, 83.6, noise=1.2),
        targets=(82, 84, 85),
        owner="Assistant Director, Adult Social Care",
        definition="People aged 65 and over discharged from hospital into reablement who were "
        "still at home 91 days later, as a percentage of those discharged.",
        source="Adult social care case management system",
    ),
    MeasureSpec(
        code="2B7",
        title="Permanent admissions to residential/nursing care, aged 18-64, per 100,000",
        outcome="2.B",
        unit="rate",
        polarity="lower",
        frequency="monthly",
        series=Levels(12.0, 14.2, 16.1, 17.4, 18.9, noise=0.5),
        targets=(14, 13.5, 13),
        owner="Assistant Director, Adult Social Care",
        definition="Permanent admissions of people aged 18 to 64 to residential and nursing "
        "care in the last 12 months, per 100,000 population aged 18 to 64.",
        source="Adult social care case management system",
    ),
    MeasureSpec(
        code="2B8",
        title="Permanent admissions to residential/nursing care, aged 65+, per 100,000",
        outcome="2.B",
        unit="rate",
        polarity="lower",
        frequency="monthly",
        series=Levels(640.0, 672.0, 705.2, 731.0, 758.4, noise=8.0),
        targets=(650, 630, 620),
        owner="Assistant Director, Adult Social Care",
        definition="Permanent admissions of people aged 65 and over to residential and nursing "
        "care in the last 12 months, per 100,000 population aged 65 and over.",
        source="Adult social care case management system",
    ),
)

_PRIORITY_3 = (
    MeasureSpec(
        code="3A1",
        title="Anti-social behaviour cases resolved",
        outcome="3.A",
        unit="percent",
        polarity="higher",
        frequency="quarterly",
        series=Levels(86.0, 89.5, 91.5, 92.4, 93.0, noise=1.0),
        targets=(85, 88, 90),
        owner="Assistant Director, Community Safety and Street Scene",
        definition="Anti-social behaviour cases closed in the quarter as resolved, as a "
        "percentage of cases closed.",
        source="Community protection case records",
    ),
    MeasureSpec(
        code="3A2",
        title="Positive outcomes for reported hate crime cases",
        outcome="3.A",
        unit="percent",
        polarity="higher",
        frequency="quarterly",
        series=Levels(24.0, 21.5, (28, 141), (26, 139), (25, 140), noise=1.5, denominator=140),
        targets=(20, 20, 20),
        owner="Assistant Director, Community Safety and Street Scene",
        definition="Hate crime cases reported in the quarter with a positive outcome (a "
        "sanction, community resolution or other action), as a percentage of cases reported.",
        source="South Yorkshire Police and council case records",
    ),
    MeasureSpec(
        code="3A3",
        title="Repeat referrals to MARAC (domestic abuse)",
        outcome="3.A",
        unit="percent",
        polarity="lower",
        frequency="quarterly",
        series=Levels(31.0, 29.0, 27.5, 26.1, 26.1, noise=1.5),
        targets=(32, 30, 30),
        owner="Assistant Director, Community Safety and Street Scene",
        definition="Cases heard at the Multi-Agency Risk Assessment Conference in the last 12 "
        "months that were repeat referrals, as a percentage of cases heard.",
        source="MARAC records",
    ),
    MeasureSpec(
        code="3A4a",
        title="Taxi licensing spot inspections carried out",
        outcome="3.A",
        unit="number",
        polarity="higher",
        frequency="quarterly",
        series=Levels(70, 96, 112, 118, 131, noise=6, decimals=0),
        targets=(80, 90, 100),
        owner="Head of Licensing",
        definition="Spot inspections of licensed hackney carriage and private hire vehicles "
        "and drivers in the quarter. The target is for each quarter.",
        source="Licensing inspection records",
    ),
    MeasureSpec(
        code="3A4b",
        title="Licensed vehicles and drivers compliant at spot inspection",
        outcome="3.A",
        unit="percent",
        polarity="higher",
        frequency="quarterly",
        series=Levels(88.0, 84.0, 78.3, 72.4, 75.6, noise=1.5, denominator=230),
        targets=(85, 85, 85),
        owner="Head of Licensing",
        definition="Vehicles and drivers found compliant with licensing requirements at spot "
        "inspection in the quarter, as a percentage of those inspected.",
        source="Licensing inspection records",
    ),
    MeasureSpec(
        code="3A5a",
        title="Residents who feel safe in their local area",
        outcome="3.A",
        unit="percent",
        polarity="higher",
        frequency="quarterly",
        series=Levels(61, 64, 67, 69, 69, noise=1.5, decimals=0),
        targets=(62, 64, 65),
        tolerance="2",
        owner="Assistant Director, Community Safety and Street Scene",
        definition="Residents who feel very or fairly safe in their local area, from the "
        "latest wave of the resident survey.",
        source="Resident survey",
    ),
    MeasureSpec(
        code="3A5b",
        title="Residents satisfied with Rotherham Borough as a place to live",
        outcome="3.A",
        unit="percent",
        polarity="higher",
        frequency="quarterly",
        series=Levels(63, 62, 61, 58, 56, noise=1.5, decimals=0),
        targets=(69, 69, 69),
        tolerance="2",
        owner="Assistant Chief Executive",
        definition="Residents very or fairly satisfied with Rotherham Borough as a place to "
        "live, from the latest wave of the resident survey. The target is 'more than 69%'.",
        source="Resident survey",
        directorate=ACX,
        notes=(("2019/20 Q1", "Wave 9 resident survey, June 2019 (58%)"),),
    ),
    MeasureSpec(
        code="3A6",
        title="Formal enforcement actions for environmental crime",
        outcome="3.A",
        unit="number",
        polarity="higher",
        frequency="quarterly",
        series=Levels(230, 330, 412, 412, 455, noise=25, decimals=0),
        targets=(250, 280, 300),
        owner="Assistant Director, Community Safety and Street Scene",
        definition="Fixed penalty notices, prosecutions and other formal actions for "
        "environmental crime in the quarter. The target is for each quarter.",
        source="Community protection case records",
    ),
    MeasureSpec(
        code="3A7",
        title="Child sexual exploitation cases with a positive outcome",
        outcome="3.A",
        unit="percent",
        polarity="higher",
        frequency="quarterly",
        series=Levels(68.0, 74.0, 78.0, 80.2, 82.5, noise=2.0),
        targets=(70, 72, 75),
        owner="Assistant Director, Children's Social Care",
        definition="Child sexual exploitation cases closed in the quarter with a positive "
        "outcome for the child, as a percentage of cases closed.",
        source="Evolve team case records",
        directorate=CYPS,
    ),
    MeasureSpec(
        code="3B1",
        title="Household waste sent for reuse, recycling or composting",
        outcome="3.B",
        unit="percent",
        polarity="higher",
        frequency="quarterly",
        series=Levels(42.5, 44.8, 41.2, 43.1, 44.2, noise=0.6, season=(1.03, 1.05, 0.97, 0.95)),
        targets=(45, 45, 45),
        owner="Head of Waste Management",
        definition="Household waste sent for reuse, recycling or composting in the quarter, as "
        "a percentage of household waste collected; provisional until the return is verified.",
        source="WasteDataFlow returns",
    ),
    MeasureSpec(
        code="3B2",
        title="Fly-tipping fines and prosecutions",
        outcome="3.B",
        unit="number",
        polarity="higher",
        frequency="quarterly",
        series=Levels(85, 140, 168, 185, 203, noise=10, decimals=0),
        targets=(100, 130, 150),
        owner="Assistant Director, Community Safety and Street Scene",
        definition="Fixed penalty notices and prosecutions for fly-tipping in the quarter. The "
        "target is for each quarter.",
        source="Community protection case records",
    ),
    MeasureSpec(
        code="3B3",
        title="Total number of customer contacts by service area and overall total",
        outcome="3.B",
        unit="number",
        polarity="lower",
        frequency="quarterly",
        series=Levels(
            2350, 2500, 2390, 2610, 2845, noise=60, decimals=0, season=(1.05, 1.12, 0.93, 0.9)
        ),
        targets=(2400, 2300, 2200),
        owner="Assistant Director, Community Safety and Street Scene",
        definition="Customer contacts (requests and complaints) about street cleansing, grounds "
        "maintenance and litter in the quarter, all service areas. The target is for each "
        "quarter.",
        source="Customer relationship management system",
    ),
    MeasureSpec(
        code="3B4",
        title="Streets meeting the cleanliness standard (litter)",
        outcome="3.B",
        unit="percent",
        polarity="higher",
        frequency="annual",
        series=Annual((93, 94), decimals=0),
        targets=(95, 95, 95),
        owner="Assistant Director, Community Safety and Street Scene",
        definition="Surveyed sites meeting the litter standard, over the year's three survey "
        "tranches.",
        source="Local environmental quality survey",
    ),
    MeasureSpec(
        code="3B5",
        title="Missed bin collections per 100,000",
        outcome="3.B",
        unit="rate",
        polarity="lower",
        frequency="monthly",
        series=Levels(58.0, 45.0, 38.2, 41.5, 36.9, noise=3.0),
        targets=(60, 55, 50),
        owner="Head of Waste Management",
        definition="Reported missed bin collections in the month per 100,000 scheduled "
        "collections.",
        source="Waste collection management system",
    ),
    MeasureSpec(
        code="3B6",
        title="Planned highways maintenance completed",
        outcome="3.B",
        unit="percent",
        polarity="higher",
        frequency="annual",
        series=Annual((96.0, 98.0)),
        targets=(95, 95, 95),
        owner="Assistant Director, Planning, Regeneration and Transport",
        definition="Schemes in the year's planned highways maintenance programme completed, as "
        "a percentage of schemes planned.",
        source="Highways asset management records",
    ),
    MeasureSpec(
        code="3C1",
        title="Engagements with culture and leisure facilities that help people learn, develop "
        "skills or get a job",
        outcome="3.C",
        unit="number",
        polarity="higher",
        frequency="quarterly",
        series=Levels(12500, 15200, 16800, 17450, 18920, noise=500, decimals=0),
        targets=(13000, 14000, 15000),
        owner="Assistant Director, Culture, Sport and Tourism",
        definition="Attendances at learning, skills and employment sessions in libraries, "
        "museums and leisure facilities in the quarter. The target is for each quarter.",
        source="Culture, sport and tourism attendance returns",
    ),
    MeasureSpec(
        code="3C2",
        title="Visits to culture, leisure and green-space facilities",
        outcome="3.C",
        unit="number",
        polarity="higher",
        frequency="quarterly",
        series=Levels(
            1080000,
            1380000,
            1150000,
            1310000,
            1460000,
            noise=30000,
            decimals=-2,
            season=(1.05, 1.2, 0.85, 0.9),
        ),
        targets=(1000000, 1050000, 1100000),
        owner="Assistant Director, Culture, Sport and Tourism",
        definition="Visits to libraries, museums, leisure centres and country parks in the "
        "quarter. The target is for each quarter.",
        source="Culture, sport and tourism attendance returns",
    ),
    MeasureSpec(
        code="3C3",
        title="Customer satisfaction with culture and leisure facilities",
        outcome="3.C",
        unit="percent",
        polarity="higher",
        frequency="annual",
        series=Annual((93, 94), decimals=0),
        targets=(90, 90, 90),
        owner="Assistant Director, Culture, Sport and Tourism",
        definition="Visitors rating culture and leisure facilities good or very good in the "
        "annual visitor survey.",
        source="Annual visitor survey",
    ),
    MeasureSpec(
        code="3C4",
        title="Library visits",
        outcome="3.C",
        unit="number",
        polarity="higher",
        frequency="quarterly",
        series=Levels(
            188000,
            205000,
            195400,
            201300,
            212800,
            noise=4000,
            decimals=-2,
            season=(1.0, 1.08, 0.95, 0.97),
        ),
        targets=(180000, 185000, 190000),
        owner="Assistant Director, Culture, Sport and Tourism",
        definition="Visits to the borough's libraries in the quarter, in person and by the "
        "mobile service. The target is for each quarter.",
        source="Library management system door counts",
    ),
    MeasureSpec(
        code="3C5",
        title="Attendance at council-run cultural events",
        outcome="3.C",
        unit="number",
        polarity="higher",
        frequency="quarterly",
        series=Levels(
            21600,
            34850,
            13200,
            27000,
            39100,
            noise=1500,
            decimals=-2,
            season=(1.2, 1.7, 0.7, 0.6),
        ),
        targets=(12000, 14000, 15000),
        owner="Assistant Director, Culture, Sport and Tourism",
        definition="Attendance at events run by the council in the quarter, counted or "
        "estimated by the events team. The target is for each quarter.",
        source="Events team attendance records",
    ),
)

_PRIORITY_4 = (
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
    ),
    MeasureSpec(
        code="4B1",
        title="New homes delivered in the borough",
        outcome="4.B",
        unit="number",
        polarity="higher",
        frequency="quarterly",
        series=YearToDate(_EVEN_QUARTERS, (643, 812), (168, 412), noise=15, decimals=0),
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

_PRIORITY_5 = (
    MeasureSpec(
        code="5A1",
        title="Council tax collection rate (in-year)",
        outcome="5.A",
        unit="percent",
        polarity="higher",
        frequency="monthly",
        series=YearToDate(
            _shares(_COUNCIL_TAX_PROFILE),
            (96.9, 96.7),
            (10.4, 19.5, 28.5, 37.5, 46.5, 55.6, 64.7),
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
    ),
    MeasureSpec(
        code="5A2",
        title="Business rates collection rate (in-year)",
        outcome="5.A",
        unit="percent",
        polarity="higher",
        frequency="monthly",
        series=YearToDate(
            _shares(_BUSINESS_RATES_PROFILE),
            (98.2, 97.9),
            (11.2, 20.4, 29.6, 38.8, 47.9, 57.0, 66.1),
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
    ),
    MeasureSpec(
        code="5B1",
        title="Complaints closed within timescale",
        outcome="5.B",
        unit="percent",
        polarity="higher",
        frequency="quarterly",
        series=Levels(80.0, 83.0, 84.1, 86.5, 78.2, noise=2.0),
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
        series=Levels(82.0, 87.0, 89.4, 91.2, 83.9, noise=1.5, latest=87.5),
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
        notes=(("2019/20 Q2", "68% at quarter end; 82% by the time of the board"),),
    ),
)

MEASURES: tuple[MeasureSpec, ...] = (
    *_PRIORITY_1,
    *_PRIORITY_2,
    *_PRIORITY_3,
    *_PRIORITY_4,
    *_PRIORITY_5,
)
