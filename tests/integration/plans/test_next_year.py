"""Next year's plan started from this year's: priorities, outcomes, measures and tolerances
copied; a renamed measure mapped keeps its history joined across the two years (so the new
year's Q1 is compared with the old year's Q4); a retired measure is marked and not copied;
targets copied only when chosen, otherwise asked for on the targets page, all or nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone

from councilstat.core.periods import Quarter
from councilstat.core.rating import Direction
from councilstat.web.accounts.models import Role
from councilstat.web.collection.figures import published_as_at, snapshot
from councilstat.web.collection.models import Observation, Status
from councilstat.web.collection.selectors import (
    entry_history,
    measure_filters,
    visible_observations,
)
from councilstat.web.collection.services import (
    Figures,
    NeedsConfirmation,
    enter_observation,
    open_round,
)
from councilstat.web.common.errors import ValidationFailed
from councilstat.web.dashboards.selectors import quarter_figures
from councilstat.web.plans.models import Measure, Outcome, Plan, Priority, Target
from councilstat.web.plans.next_year import Carry, next_title, start_next_year
from tests.integration import factories

Q1_NEXT = Quarter(2020, 1)


@pytest.fixture
def year(council):
    """The council's 2019/20 plan with a third measure and a full year of published values for
    1A1 (Q4: 76)."""
    factories.measure(council.plan, "2A1", priority_code="2", outcome_code="2.A", tolerance="3")
    for quarter, value in (("Q2", 72), ("Q3", 74), ("Q4", 76)):
        factories.observation(council.measure, f"2019/20 {quarter}", value)
    factories.target(council.measure, "2019/20 Q4", 78)
    return council


def form_for(plan, **overrides):
    """The start page's form as posted: every measure carried over as it is, unless told."""
    data = {"title": "Council Plan 2020-21"}
    for measure in plan.measures.all():
        data[f"fate_{measure.pk}"] = "carry"
        data[f"code_{measure.pk}"] = measure.code
        data[f"title_{measure.pk}"] = measure.title
    data.update(overrides)
    return data


def start(client, council, **overrides):
    client.force_login(council.performance)
    url = reverse("plans:next_year", kwargs={"plan_id": council.plan.pk})
    return client.post(url, form_for(council.plan, **overrides))


def test_the_title_moves_on_a_year():
    assert next_title(Plan(title="Council Plan 2019-20", reporting_year=2019)) == (
        "Council Plan 2020-21"
    )
    assert next_title(Plan(title="Plan 2019/2020", reporting_year=2019)) == "Plan 2020/2021"
    assert next_title(Plan(title="Council Plan", reporting_year=2019)) == "Council Plan 2020/21"


def test_next_years_plan_copies_priorities_outcomes_measures_and_tolerances(client, year):
    page = client.get(reverse("plans:next_year", kwargs={"plan_id": year.plan.pk}))
    assert page.status_code == 302  # signed out
    response = start(client, year)
    new = Plan.objects.get(title="Council Plan 2020-21")
    assert response.status_code == 302
    assert response.url == reverse("collection:year_targets", kwargs={"plan_id": new.pk})
    assert (new.reporting_year, new.previous, new.organisation) == (
        2020,
        year.plan,
        year.plan.organisation,
    )
    assert (
        Priority.objects.filter(plan=new).count() == Priority.objects.filter(plan=year.plan).count()
    )
    assert Outcome.objects.filter(priority__plan=new).count() == 3
    copied = {m.code: m for m in new.measures.all()}
    assert set(copied) == {"1A1", "3B1", "2A1"}
    for old in year.plan.measures.all():
        new_measure = copied[old.code]
        assert new_measure.previous == old
        assert (new_measure.tolerance, new_measure.owner_id, new_measure.directorate_id) == (
            old.tolerance,
            old.owner_id,
            old.directorate_id,
        )
        assert new_measure.outcome.code == old.outcome.code
        assert new_measure.outcome.priority.plan == new
    assert copied["2A1"].tolerance_amount == D(3)
    assert not Target.objects.filter(measure__plan=new).exists()  # not unless chosen
    assert not Observation.objects.filter(measure__plan=new).exists()
    assert copied["1A1"].history.get().history_change_reason == (
        "Carried over from Council Plan 2019-20 into Council Plan 2020-21"
    )


def test_targets_are_copied_as_next_years_only_when_chosen(client, year):
    start(client, year, copy_targets="on")
    new = Plan.objects.get(title="Council Plan 2020-21")
    copied = sorted(
        Target.objects.filter(measure__plan=new).values_list("measure__code", "period", "value")
    )
    assert copied == [
        ("1A1", "2020/21", D(80)),
        ("1A1", "2020/21 Q4", D(78)),
        ("3B1", "2020/21", D(80)),
    ]


def test_a_retired_measure_is_marked_and_not_copied(client, year):
    other = year.other_measure
    start(client, year, **{f"fate_{other.pk}": "retire"})
    new = Plan.objects.get(title="Council Plan 2020-21")
    assert set(new.measures.values_list("code", flat=True)) == {"1A1", "2A1"}
    other.refresh_from_db()
    assert other.retired_on is not None
    assert other.history.first().history_change_reason == (
        "Retired: not carried into Council Plan 2020-21"
    )
    page = client.get(reverse("plans:manage")).content.decode()
    assert "Retired" in page
    quarter = Quarter(2019, 4)
    url = reverse(
        "dashboards:measure", kwargs={"plan_id": year.plan.pk, "quarter": quarter, "code": "3B1"}
    )
    assert "not carried into next year" in client.get(url).content.decode()


def test_a_renamed_measure_keeps_its_history_joined_across_the_years(client, year):
    old = year.measure
    start(
        client,
        year,
        **{f"code_{old.pk}": "1A5", f"title_{old.pk}": "Families engaged within 3 days"},
    )
    new_plan = Plan.objects.get(title="Council Plan 2020-21")
    renamed = Measure.objects.get(plan=new_plan, code="1A5")
    assert renamed.previous == old
    assert not new_plan.measures.filter(code="1A1").exists()
    factories.target(renamed, "2020/21", 80)
    factories.observation(renamed, "2020/21 Q1", 79)

    figures = snapshot(new_plan, visible_observations(year.performance, new_plan))
    series = [(str(o.period), o.value) for o in figures.observations_of("1A5")]
    assert series == [
        ("2019/20 Q1", D(70)),
        ("2019/20 Q2", D(72)),
        ("2019/20 Q3", D(74)),
        ("2019/20 Q4", D(76)),
        ("2020/21 Q1", D(79)),
    ]
    assert figures.target("1A5", Quarter(2019, 4)) == D(78)  # last year's, through the lineage

    filters = measure_filters(new_plan, {})  # type: ignore[arg-type]
    q1 = quarter_figures(year.performance, new_plan, Q1_NEXT, filters)
    assessment = next(a for a in q1.summary.assessments if a.measure.code == "1A5")
    assert (assessment.previous_value, assessment.value) == (D(76), D(79))
    assert assessment.direction is Direction.IMPROVING
    assert q1.statistics["1A5"] is not None

    url = reverse(
        "dashboards:measure",
        kwargs={"plan_id": new_plan.pk, "quarter": Q1_NEXT, "code": "1A5"},
    )
    page = client.get(url).content.decode()
    assert "2019/20 Q4" in page
    assert "Reported as 1A1 in Council Plan 2019-20" in page
    assert "in Council Plan 2019-20 it was" in page
    old_page = client.get(
        reverse(
            "dashboards:measure",
            kwargs={"plan_id": year.plan.pk, "quarter": Quarter(2019, 4), "code": "1A1"},
        )
    ).content.decode()
    assert "Continued in Council Plan 2020-21 as" in old_page
    assert "2020/21 Q1" not in old_page  # the old plan's series stops at its own year


def test_the_series_runs_back_through_every_year_and_into_reports_as_at_a_date(year):
    carry_all = []
    second = start_next_year(year.performance, year.plan, title="Plan 2020-21", carries=carry_all)
    renamed = Measure.objects.get(plan=second, code="1A1")
    factories.observation(renamed, "2020/21 Q4", 81)
    carries = [Carry(renamed, code="1A9")]
    third = start_next_year(year.performance, second, title="Plan 2021-22", carries=carries)
    latest = Measure.objects.get(plan=third, code="1A9")
    factories.observation(latest, "2021/22 Q1", 83)
    figures = snapshot(third, visible_observations(year.performance, third))
    periods = [str(o.period) for o in figures.observations_of("1A9")]
    assert periods == [
        "2019/20 Q1",
        "2019/20 Q2",
        "2019/20 Q3",
        "2019/20 Q4",
        "2020/21 Q4",
        "2021/22 Q1",
    ]
    as_at = published_as_at(third, timezone.now())
    assert [str(o.period) for o in as_at.observations_of("1A9")] == periods
    assert as_at.target("1A9", Quarter(2019, 2)) == D(80)


def test_an_owner_entering_the_new_years_first_value_sees_and_is_checked_against_last_years(
    client, year
):
    old = year.measure
    start(client, year, **{f"code_{old.pk}": "1A5"})
    renamed = Measure.objects.get(plan__title="Council Plan 2020-21", code="1A5")
    open_round(year.performance, renamed.plan, Q1_NEXT, dt.date(2020, 7, 31))
    history = entry_history(renamed, Q1_NEXT)
    assert [(str(v.period), v.observation.value, v.target) for v in history.previous[:2]] == [
        ("2019/20 Q4", D(76), D(78)),
        ("2019/20 Q3", D(74), D(80)),
    ]
    figures = Figures(value=D(40), commentary="Fewer families engaged")
    with pytest.raises(NeedsConfirmation) as asked:  # 76 -> 40 is a large change
        enter_observation(year.owner, renamed, Q1_NEXT, figures, expected_version=None)
    assert asked.value.previous == D(76)
    url = reverse(
        "collection:entry", kwargs={"plan_id": renamed.plan_id, "code": "1A5", "period": Q1_NEXT}
    )
    client.force_login(year.owner)
    assert "2019/20 Q4" in client.get(url).content.decode()


def test_a_councillor_sees_only_published_history(client, year):
    Observation.objects.filter(measure=year.measure, period="2019/20 Q4").update(
        status=Status.APPROVED
    )
    start(client, year)
    new_plan = Plan.objects.get(title="Council Plan 2020-21")
    figures = snapshot(new_plan, visible_observations(year.councillor, new_plan))
    periods = [str(o.period) for o in figures.observations_of("1A1")]
    assert periods == ["2019/20 Q1", "2019/20 Q2", "2019/20 Q3"]


def test_bad_codes_and_a_taken_title_are_refused_and_nothing_is_created(client, year):
    measure, other = year.measure, year.other_measure
    response = start(
        client,
        year,
        title="council plan 2019-20",
        **{f"code_{measure.pk}": "3B1", f"code_{other.pk}": "3B1"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "The code 3B1 is given to more than one measure next year" in page
    assert Plan.objects.count() == 1
    response = start(client, year, title="council plan 2019-20")
    assert "There is already a plan called" in response.content.decode()
    response = start(client, year, **{f"code_{measure.pk}": "1/A"})
    assert 'href="#id_code_' in response.content.decode()
    assert Plan.objects.count() == 1
    assert not Measure.objects.filter(retired_on__isnull=False).exists()


def test_every_measure_retired_is_refused(year):
    carries = [Carry(m, retired=True) for m in year.plan.measures.all()]
    with pytest.raises(ValidationFailed, match="Carry at least one measure"):
        start_next_year(year.performance, year.plan, title="Next", carries=carries)


def test_next_year_is_started_once(client, year):
    start(client, year)
    again = start(client, year, title="Another plan")
    assert again.status_code == 302
    assert Plan.objects.count() == 2
    with pytest.raises(ValidationFailed, match="already been started"):
        start_next_year(year.performance, year.plan, title="Another plan", carries=[])


def test_only_the_performance_team_starts_next_year(client, year):
    for role in ("owner", "director", "councillor"):
        client.force_login(getattr(year, role))
        url = reverse("plans:next_year", kwargs={"plan_id": year.plan.pk})
        assert client.post(url, form_for(year.plan)).status_code == 403
    assert Plan.objects.count() == 1


# The targets page ----------------------------------------------------------------------------


def targets_url(plan):
    return reverse("collection:year_targets", kwargs={"plan_id": plan.pk})


def test_the_targets_page_lists_every_measure_with_last_years_target_and_value(client, year):
    old = year.measure
    start(client, year, **{f"code_{old.pk}": "1A5", f"title_{old.pk}": "Families engaged"})
    new_plan = Plan.objects.get(title="Council Plan 2020-21")
    page = client.get(targets_url(new_plan)).content.decode()
    assert "Targets for 2020/21" in page
    for code in ("1A5", "3B1", "2A1"):
        assert f">{code} <span" in page
    assert "Last year 1A1 Measure 1A1" in page
    assert "80.0%" in page  # last year's target
    assert '76.0% <span class="govuk-body-s">(2019/20 Q4)</span>' in page  # latest value
    assert page.count('name="target_') == 3


def test_new_targets_are_validated_and_saved_all_or_nothing(client, year):
    start(client, year, copy_targets="on")
    new_plan = Plan.objects.get(title="Council Plan 2020-21")
    measures = {m.code: m for m in new_plan.measures.all()}
    before = sorted(Target.objects.values_list("measure_id", "period", "value"))
    bad = {
        f"target_{measures['1A1'].pk}": "85",
        f"target_{measures['3B1'].pk}": "150",
        f"target_{measures['2A1'].pk}": "lots",
    }
    response = client.post(targets_url(new_plan), bad)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter the target for 2020/21 for 2a1 as a number, like 78.5" in page
    assert sorted(Target.objects.values_list("measure_id", "period", "value")) == before
    bad[f"target_{measures['2A1'].pk}"] = "60"
    response = client.post(targets_url(new_plan), bad)
    assert "a percentage must be 0 to 100" in response.content.decode()
    assert sorted(Target.objects.values_list("measure_id", "period", "value")) == before

    good = {
        f"target_{measures['1A1'].pk}": "85%",
        f"target_{measures['3B1'].pk}": "",
        f"target_{measures['2A1'].pk}": "60",
    }
    done = client.post(targets_url(new_plan), good)
    assert done.status_code == 302
    saved = dict(
        Target.objects.filter(measure__plan=new_plan, period="2020/21").values_list(
            "measure__code", "value"
        )
    )
    assert saved == {"1A1": D(85), "2A1": D(60)}  # 3B1's copied target was cleared
    target = Target.objects.get(measure=measures["1A1"], period="2020/21")
    assert target.history.first().history_change_reason == "Targets for 2020/21 set"


def test_a_measure_with_no_polarity_is_not_asked_for_a_target(client, year):
    Measure.objects.filter(pk=year.other_measure.pk).update(polarity="none")
    Target.objects.filter(measure=year.other_measure).delete()
    start(client, year)
    new_plan = Plan.objects.get(title="Council Plan 2020-21")
    page = client.get(targets_url(new_plan)).content.decode()
    assert "Not rated: no target" in page
    assert page.count('name="target_') == 2


# The mapping page for a plan that already exists ---------------------------------------------------


def test_an_imported_plan_is_linked_to_last_years_measure_by_measure(client, year):
    next_plan = factories.plan(year.plan.organisation, "Council Plan 2020-21", 2020)
    renumbered = factories.measure(next_plan, "1B9")
    same = factories.measure(next_plan, "3B1", priority_code="3", outcome_code="3.B")
    new = factories.measure(next_plan, "4A1", priority_code="4", outcome_code="4.A")
    client.force_login(year.performance)
    url = reverse("plans:continues", kwargs={"plan_id": next_plan.pk})
    page = client.get(url).content.decode()
    assert f'<option value="{year.other_measure.pk}" selected>' in page  # same code suggested
    response = client.post(
        url,
        {
            "previous": year.plan.pk,
            f"previous_{renumbered.pk}": year.measure.pk,
            f"previous_{same.pk}": year.other_measure.pk,
            f"previous_{new.pk}": "",
        },
    )
    assert response.status_code == 302
    next_plan.refresh_from_db()
    assert next_plan.previous == year.plan
    lineage = dict(next_plan.measures.values_list("code", "previous__code"))
    assert lineage == {"1B9": "1A1", "3B1": "3B1", "4A1": None}
    retired = Measure.objects.get(plan=year.plan, code="2A1")
    assert retired.retired_on is not None
    factories.observation(renumbered, "2020/21 Q1", 80)
    figures = snapshot(next_plan, visible_observations(year.performance, next_plan))
    assert [str(o.period) for o in figures.observations_of("1B9")][-2:] == [
        "2019/20 Q4",
        "2020/21 Q1",
    ]


def test_one_of_last_years_measures_is_continued_once(client, year):
    next_plan = factories.plan(year.plan.organisation, "Council Plan 2020-21", 2020)
    first = factories.measure(next_plan, "1A1")
    second = factories.measure(next_plan, "1A2")
    client.force_login(year.performance)
    url = reverse("plans:continues", kwargs={"plan_id": next_plan.pk})
    response = client.post(
        url,
        {
            "previous": year.plan.pk,
            f"previous_{first.pk}": year.measure.pk,
            f"previous_{second.pk}": year.measure.pk,
        },
    )
    assert "1A1 is continued by more than one measure" in response.content.decode()
    assert not Measure.objects.filter(previous__isnull=False).exists()
    assert Plan.objects.get(pk=next_plan.pk).previous is None


def test_a_plan_of_another_council_cannot_be_continued(client, year):
    stranger = factories.user(factories.organisation(), Role.PERFORMANCE)
    their_plan = factories.plan(stranger.organisation, "Their Plan 2020-21", 2020)
    client.force_login(stranger)
    url = reverse("plans:continues", kwargs={"plan_id": their_plan.pk})
    page = client.get(url, {"previous": year.plan.pk}).content.decode()
    assert "There is no plan for the year before" in page
