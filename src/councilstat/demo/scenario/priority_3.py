"""The measures of priority 3, "A strong community in a clean, safe environment"."""

from __future__ import annotations

from councilstat.demo.scenario.kinds import Annual, Levels, MeasureSpec
from councilstat.demo.scenario.structure import ACX, CYPS

__all__ = ["MEASURES"]

MEASURES: tuple[MeasureSpec, ...] = (
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
        notes=(
            (
                "2019/20 Q2",
                "A positive outcome is a report followed by action, which can take several forms. "
                "More reports now come through third-party reporting centres or anonymously, and "
                "these take longer to resolve. The police increasingly use community resolutions, "
                "which can be tougher on offenders. We expect the new actions agreed with the "
                "police to raise the figure.",
            ),
        ),
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
        notes=(
            (
                "2019/20 Q2",
                "Better than Q1 but still below 85%. Spot inspections are finding mostly minor "
                "faults rather than serious safety or safeguarding concerns. A stricter licensing "
                "policy has been out to consultation, and compliance will stay under close watch.",
            ),
        ),
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
        notes=(
            ("2019/20 Q1", "Wave 9 resident survey, June 2019 (58%)"),
            (
                "2019/20 Q2",
                "Satisfaction fell again in the latest wave of the resident survey. The results by "
                "area are being used to plan neighbourhood working; the next wave reports in the "
                "spring.",
            ),
        ),
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
        notes=(
            (
                "2019/20 Q2",
                "Contacts rose over the summer, led by calls to pay for garden waste (brown bin) "
                "collections, where some callers found it hard to get through, and by reports of "
                "fly-tipping.",
            ),
        ),
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
