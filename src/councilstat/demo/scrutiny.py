"""The demonstration council's scrutiny: the OSMB meeting on the Quarter 2 2019/20 report.

Recorded from the published minutes of the board's November 2019 meeting: the points raised on
each measure and the officers' responses, in the order discussed; the actions officers agreed,
with owners (the demonstration's measure owners, by user name) and plausible due dates; and the
resolution to discuss the report further on 12 February 2020. This is data only;
``councilstat.web.demo`` records it in the database.

The minutes do not print the meeting's date. We use Wednesday 20 November 2019: after the
report's figures were published (14 November 2019 in the demonstration), on the board's
usual weekday (the later meeting, 12 February 2020, is a Wednesday too), and while
October's figures were "the most recent data" (1A8's 79.3%) and the next quarter's were not
yet due ("as it was nearly Quarter 3").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "AGENDA_ITEM",
    "AGREED",
    "DEMO_BOARD",
    "DEMO_LATER_MEETING_DATE",
    "DEMO_MEETING_DATE",
    "POINTS",
    "RESOLUTION",
    "Agreed",
    "Point",
    "ProgressStatus",
]

DEMO_BOARD = "Overview and Scrutiny Management Board"
DEMO_MEETING_DATE = dt.date(2019, 11, 20)
DEMO_LATER_MEETING_DATE = dt.date(2020, 2, 12)
AGENDA_ITEM = "Council Plan Performance - Quarter 2 (July to September 2019)"
RESOLUTION = (
    "That the Overview and Scrutiny Management Board hold further discussion on the report at "
    "the meeting to be held on 12 February 2020 prior to making any specific recommendations "
    "for future items in the work programme."
)


@dataclass(frozen=True)
class Point:
    """A point raised: the measures (codes), or the priority of a general point."""

    codes: tuple[str, ...]
    text: str
    response: str = ""
    priority: str = ""


POINTS: tuple[Point, ...] = (
    Point(
        ("1A3",),
        "Members considered the number of Looked After Children against the target.",
        "There had been a big improvement since the last quarter to just below the target "
        "figure, with numbers reducing as predicted due to the actions put in place such as "
        "right child, right plan.",
    ),
    Point(
        ("1A4",),
        "Members observed that performance on this measure had dipped and queried whether exit "
        "surveys were carried out with all families, including those who had not had a "
        "positive experience.",
        "Some would choose not to respond and as the numbers involved were small this made the "
        "measure liable to large percentage changes. Attempts were being made to encourage "
        "more responses and to make the survey more service user friendly.",
    ),
    Point(
        ("1A5",),
        "This was still below target although with an improved direction of travel. Members "
        "asked about work to identify who may go back on a plan and were concerned in "
        "particular about high numbers returning after 12 months.",
        "Specific work by the safeguarding lead looked at cases of returners, which could be "
        "due to unforeseen changes in family circumstances within a short period such as a new "
        "partner or other children joining the family. Sometimes people had been over "
        "optimistic in removing a child from a CPP and they would be put back on one. Children "
        "stayed on plans as long as was needed. Compared with neighbours on measures regarding "
        "repeats, Rotherham was slightly lower than middle, performing well on no repeat plans "
        "ever, but was still addressing some legacy issues which could mean possibly going "
        "back on a plan in their teens.",
    ),
    Point(
        ("1B4b",),
        "Members put the view that exclusion for a child was problematic, especially in primary "
        "school, with serious long term consequences.",
        "Officers agreed with the view that exclusion should be avoided at all costs. "
        "Exclusion rates were quite high but with a lot of actions taking place to support "
        "schools and families to avoid it being necessary.",
    ),
    Point(
        ("1A7",),
        "A concern was raised that the Intensive Intervention Programme could lose its funding.",
        "A joint review with the NHS would take place on all therapeutic interventions, so "
        "would be part of that work and evidence was needed to show it was making a "
        "difference, including feedback from participants.",
    ),
    Point(
        ("1A8",),
        "Members challenged the progress with this measure and asked if newer data was more "
        "positive.",
        "Officers confirmed that too many children and young people were in the care system, "
        "with a high percentage in residential rather than family-based settings but the ratio "
        "changed daily. There had been some success in reducing total numbers but it depended "
        "on where the children had come from when they stepped down e.g. from residential to "
        "family or family to own home. The most recent data did show an improvement to 79.3%.",
    ),
    Point(
        (),
        "A general point was raised regarding the potential for making more up to date "
        "information available.",
        "Officers agreed to revisit the cycle and timelines as it was nearly Quarter 3.",
        priority="1",
    ),
    Point(
        ("2A1",),
        "Clarification was sought on this measure and whether successful completion meant that "
        "the individual was no longer dependent and if they did go back into services if that "
        "would skew the figures.",
        "If people re-presented to services they would count again in the figures but "
        "treatment was becoming more successful as the number of re-presentations was lower "
        "than the national average.",
    ),
    Point(
        ("2B7", "2B8"),
        "A question was asked about short term admissions and the reasons for these.",
        "Historically there had been short term admissions through the hospital pathway and a "
        "recent flurry of short term admissions becoming permanent had impacted on the measure. "
        "Positive respite and pathway changes led to some short term admissions.",
    ),
    Point(
        ("2B2",),
        "Members observed that this measure had declined during the summer and queried whether "
        "with a target of 40% if 60% of people have to come back? This was an important "
        "measure in light of the Council's statutory duty.",
        "An access workshop had been held with staff regarding recording and about the changes "
        "to the conversation at the front door. It was a question of understanding thresholds "
        "and training staff. Reassurance was given that people were getting the right advice "
        "but the aim was to deal with 20% at the front door in Adult Care with the remainder "
        "signposted elsewhere.",
    ),
    Point(
        (),
        "No red measures were reported for Culture, Sport and Tourism which was performing well "
        "across all areas with high satisfaction levels in excess of targets.",
        "The intention was to devise more qualitative/descriptive performance indicators, "
        "including Members and the community in their development.",
        priority="3",
    ),
    Point(
        ("3A2",),
        "OSMB had held a performance sub-group on hate crime but assurance was sought on the "
        "direction of travel for the measure and what it actually measured.",
        "A positive outcome was where a report had been made and action followed, so there "
        "could be various outcomes and conclusions. This was data from the police but not "
        "necessarily a measure that the police would usually use. As more incidents were "
        "reported, with more third party reporting centres and more anonymous reports it became "
        "harder to deal with and the length of time could be problematic. The police favoured "
        "the shift to community solutions which could actually be tougher for the "
        "perpetrators. Improvement was anticipated from the new actions.",
    ),
    Point(
        ("3A4b",),
        "Members verified if this was something that would continue to be closely watched.",
        "The new policy had gone out for consultation and would be very stringent. Spot "
        "inspections were finding fairly minor compliance issues not major health and safety "
        "or safeguarding issues.",
    ),
    Point(
        ("3B3",),
        "Members had received feedback regarding brown bins that it was hard to get through on "
        "the 'phone to pay. Fly tipping seemed to have increased but it was positive to see "
        "prosecutions and would be good to see more punitive measures.",
    ),
    Point(
        (),
        "A concern was raised about the need for cleaning or refurbishment and renewal of road "
        "signs as dirty signage gave a bad impression of the borough to visitors.",
        "It was confirmed that bollard/sign cleaning had been discussed by the working group. "
        "The borough had been divided into two halves, east and west, for tasks such as "
        "tackling weed growth and a Member Seminar on zonal working would outline the more "
        "holistic approach.",
        priority="3",
    ),
    Point(
        ("4A5",),
        "Officers stated that the data related to a small sample and the challenge for the "
        "Council was via its influencing role rather than directly, through partnerships with "
        "Jobcentre Plus and the Employment and Skills Plan.",
        "It was confirmed that with a long lead time in promoting economic development there "
        "would be a lag in the data.",
    ),
    Point(
        ("5A1", "5A2"),
        "Members asked whether the collection targets would be met by the year end.",
        "The service was confident it would achieve 98% for business rates by the year end, but "
        "less confident on 97% for Council tax.",
    ),
    Point(
        ("5D7",),
        "Members asked about progress on mandatory equality training.",
        "Quarter 2 data was 68% but the latest figure showed an increase to 82% and was "
        "expected to reach 95% by year end.",
    ),
    Point(
        ("5D2",),
        "Sickness rates were off target and workshops were underway with managers to address this.",
        "The Chair reminded the Board that a performance workshop would be looking at this issue.",
    ),
)


ProgressStatus = Literal["on_track", "complete"]
"""An action's reported status, as the value of the scrutiny app's ``ActionStatus``."""


@dataclass(frozen=True)
class Agreed:
    """An action: the point it arose from (by index), the measure it concerns (code), its
    owner (a user name), its due date and its progress reports (day, status, note).

    An action on a point about several measures is recorded once for each measure it concerns;
    an action from a general point is on the measure whose discussion raised it (the call for
    more up-to-date information arose from 1A8's newer figure)."""

    point: int
    code: str
    description: str
    owner: str
    due: dt.date
    progress: tuple[tuple[dt.date, ProgressStatus, str], ...] = ()


AGREED: tuple[Agreed, ...] = (
    Agreed(
        1,
        "1A4",
        "Doublecheck that everyone was offered the opportunity to feed back on Early Help, "
        "including families who had not had a positive experience",
        "owner-head-of-early-help",
        dt.date(2020, 1, 31),
        (
            (
                dt.date(2020, 1, 22),
                "complete",
                "Checked: every family leaving Early Help since April was offered the exit "
                "survey; a shorter, easier form went live in January.",
            ),
        ),
    ),
    Agreed(
        6,
        "1A8",
        "Revisit the cycle and timelines of performance reporting so that members see more up "
        "to date information",
        "performance",
        dt.date(2020, 1, 31),
        (
            (
                dt.date(2020, 1, 15),
                "on_track",
                "Monthly measures now appear on the dashboard once approved; the quarterly "
                "timetable is being discussed with the Chair.",
            ),
        ),
    ),
    Agreed(
        16,
        "5A1",
        "Report the year-end forecast for council tax collection (target 97%) to the board",
        "owner-head-of-revenues-and-benefits",
        dt.date(2020, 2, 12),
    ),
    Agreed(
        16,
        "5A2",
        "Report the year-end forecast for business rates collection (target 98%) to the board",
        "owner-head-of-revenues-and-benefits",
        dt.date(2020, 2, 12),
    ),
    Agreed(
        17,
        "5D7",
        "Reach 95% completion of mandatory equality training by the year end, with reminders "
        "to managers of staff yet to complete it",
        "owner",
        dt.date(2020, 3, 31),
        ((dt.date(2020, 1, 10), "on_track", "89% complete at the end of December."),),
    ),
    Agreed(
        18,
        "5D2",
        "Hold the workshops with managers on sickness absence and bring their findings to the "
        "board's performance workshop",
        "owner",
        dt.date(2020, 2, 12),
    ),
)
