"""Shared fixtures for database tests: a council with one user per role and a small plan."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from councilstat.web.accounts.models import Role, User
from councilstat.web.plans.models import Measure, Plan
from tests.integration import factories


@dataclass
class Council:
    plan: Plan
    performance: User
    owner: User
    other_owner: User
    director: User
    other_director: User
    councillor: User
    measure: Measure
    other_measure: Measure


@pytest.fixture
def council(db) -> Council:
    """A council with two directorates, a user per role, and two quarterly measures with
    published history up to 2019/20 Q1 and a 2019/20 Q2 return."""
    org = factories.organisation("Demo Borough Council")
    people, places = factories.directorate(org, "People"), factories.directorate(org, "Places")
    owner = factories.user(org, Role.OWNER, username="owner", directorate=people)
    other_owner = factories.user(org, Role.OWNER, username="other-owner", directorate=places)
    plan = factories.plan(org)
    measure = factories.measure(plan, "1A1", owner=owner, directorate_=people)
    other = factories.measure(
        plan, "3B1", owner=other_owner, directorate_=places, priority_code="3", outcome_code="3.B"
    )
    for m in (measure, other):
        factories.target(m, "2019/20", 80)
        factories.observation(m, "2019/20 Q1", 70)
    factories.period_return(plan, "2019/20 Q2")
    return Council(
        plan=plan,
        performance=factories.user(org, Role.PERFORMANCE, username="performance"),
        owner=owner,
        other_owner=other_owner,
        director=factories.user(org, Role.DIRECTOR, username="director", directorate=people),
        other_director=factories.user(
            org, Role.DIRECTOR, username="other-director", directorate=places
        ),
        councillor=factories.user(org, Role.COUNCILLOR, username="councillor"),
        measure=measure,
        other_measure=other,
    )


@pytest.fixture
def demo_plan(db) -> Plan:
    """The demonstration council, loaded as ``make demo`` loads it."""
    from councilstat.web.demo.council import load_demo

    load_demo()
    return Plan.objects.get()
