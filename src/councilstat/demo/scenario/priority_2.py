"""The measures of priority 2, "Every adult secure, responsible and empowered"."""

from __future__ import annotations

from councilstat.demo.scenario.kinds import Annual, Levels, MeasureSpec

__all__ = ["MEASURES"]

MEASURES: tuple[MeasureSpec, ...] = (
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
        notes=(
            (
                "2019/20 Q2",
                "Fewer opiate users completed treatment successfully than planned. People who come "
                "back to treatment are counted again, but returns in Rotherham are below the "
                "national average, a sign that treatment is becoming more effective.",
            ),
        ),
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
        series=Levels(24.0, 31.5, 40.6, 39.6, 38.4, noise=1.2, latest=38.9),
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
        notes=(
            (
                "2019-09",
                "Admissions rose over the summer when several short-term placements, mostly made "
                "through the hospital discharge pathway, became permanent. Some short-term "
                "admissions are planned respite or follow changes to that pathway.",
            ),
        ),
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
        notes=(
            (
                "2019-09",
                "As for 2B7: a recent run of short-term placements from the hospital discharge "
                "pathway becoming permanent has pushed the rate up. Part of the short-term use is "
                "planned respite or follows changes to the pathway.",
            ),
        ),
    ),
)
