"""The demonstration plan's shape: its organisation, priorities, outcomes and directorates,
and the profiles its year-to-date measures are targeted against."""

from __future__ import annotations

__all__ = [
    "ACHPH",
    "ACX",
    "BUSINESS_RATES_PROFILE",
    "COUNCIL_TAX_PROFILE",
    "CYPS",
    "DIRECTORATES",
    "EVEN_QUARTERS",
    "FCS",
    "ORGANISATION",
    "OUTCOMES",
    "PLAN_TITLE",
    "PRIORITIES",
    "RE",
    "shares",
]

ORGANISATION = "Rotherham Metropolitan Borough Council (demonstration)"
PLAN_TITLE = "Council Plan 2019-20"

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

COUNCIL_TAX_PROFILE = (10.6, 19.8, 28.9, 38.0, 47.1, 56.2, 65.3, 74.4, 83.3, 92.1, 95.2, 97.0)
BUSINESS_RATES_PROFILE = (11.5, 20.9, 30.2, 39.4, 48.5, 57.6, 66.8, 75.9, 84.7, 93.5, 96.9, 98.0)
EVEN_QUARTERS = (0.25, 0.5, 0.75, 1.0)


def shares(profile: tuple[float, ...]) -> tuple[float, ...]:
    """Each step of a cumulative profile as a share of its last (the year's whole)."""
    return tuple(step / profile[-1] for step in profile)
