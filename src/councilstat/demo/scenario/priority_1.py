"""The measures of priority 1, "Every child making the best start in life"."""

from __future__ import annotations

from councilstat.demo.scenario.kinds import Annual, Fixed, Levels, MeasureSpec

__all__ = ["MEASURES"]

MEASURES: tuple[MeasureSpec, ...] = (
    MeasureSpec(
        code="1A1",
        title="Proportion of Early Help families contacted and engaged within 3 working days",
        outcome="1.A",
        unit="percent",
        polarity="higher",
        frequency="monthly",
        series=Levels(52.0, 74.0, 85.0, 90.3, 86.4, noise=1.5),
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
        series=Levels(600, 610, 630, 640, 590, noise=6, decimals=0, latest=582),
        targets=(560, 560, 560),
        owner="Assistant Director, Children's Social Care",
        definition="Children looked after by the council at the end of the month.",
        source="Children's social care case management system",
        notes=(
            (
                "2019-09",
                "Down from 640 in June to 590: a large fall in one quarter, leaving the number "
                "just outside the tolerance of the 560 target. The fall is the one forecast from "
                "the work under way, including 'right child, right plan' reviews of each child's "
                "care plan.",
            ),
        ),
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
                ("2019/20 Q2", (17, 21)),
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
            (
                "2019/20 Q2",
                "17 of 21 families rated the help good or excellent, after all 16 did in Q1. Few "
                "families return the exit survey, so one reply moves the figure by about 5 points. "
                "We are checking that every family leaving Early Help, including those less happy "
                "with it, is offered the survey, and making the form simpler to encourage more "
                "replies.",
            ),
        ),
    ),
    MeasureSpec(
        code="1A5",
        title="Children subject to a repeat child protection plan within 24 months",
        outcome="1.A",
        unit="percent",
        polarity="lower",
        frequency="monthly",
        series=Levels(9.5, 8.6, 9.2, 8.7, 8.1, noise=0.5, denominator=450),
        targets=(8, 8, 7.5),
        owner="Assistant Director, Children's Social Care",
        definition="Child protection plans started in the last 12 months for children who had "
        "a previous plan ending within 24 months, as a percentage of all plans started.",
        source="Children's social care case management system",
        notes=(
            (
                "2019-09",
                "Still above the 7.5% target, though lower for a second quarter. The safeguarding "
                "lead has reviewed the children who returned to a plan: many returns follow a "
                "sudden change at home, such as a new partner or more children in the household, "
                "and some plans had been ended too soon. Plans now last as long as a child needs. "
                "Against neighbouring councils we are a little better than the middle; some older "
                "cases still lead to teenagers returning to a plan.",
            ),
        ),
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
        notes=(
            (
                "2019-09",
                "Placement stability has not yet improved. The Intensive Intervention Programme "
                "supports placements at risk of breaking down; its future funding will be settled "
                "in a joint review of therapeutic services with the NHS, for which we are "
                "gathering evidence of its effect, including feedback from the young people and "
                "carers taking part.",
            ),
        ),
    ),
    MeasureSpec(
        code="1A8",
        title="Looked after children placed in a family-based setting",
        outcome="1.A",
        unit="percent",
        polarity="higher",
        frequency="monthly",
        series=Levels(83.5, 81.0, 78.9, 78.2, 75.4, noise=0.6, latest=79.3),
        targets=(82, 80, 80),
        owner="Assistant Director, Children's Social Care",
        definition="Looked after children at the end of the month placed with foster carers, "
        "family and friends or adopters, as a percentage of all looked after children.",
        source="Children's social care case management system",
        notes=(
            (
                "2019-09",
                "Too many children are placed in residential care rather than with families. The "
                "balance shifts from day to day as children step down from residential to family "
                "care or from care to their own home, and the total number in care is now falling. "
                "October's figure rose to 79.3%.",
            ),
            ("2019-10", "Latest figure reported to the board (79.3%)"),
        ),
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
        decimal_places=2,
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
        notes=(
            (
                "2019/20 Q2",
                "Primary exclusions remain well above target. Excluding a young child has lasting "
                "consequences and should be a last resort; schools and families are being "
                "supported with alternatives so that exclusion is not needed.",
            ),
        ),
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
        series=Levels(58.0, 66.0, (20, 27), (22, 28), (20, 27), noise=4.0, denominator=30),
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
