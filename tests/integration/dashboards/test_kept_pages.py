"""A quarter page's rows are drawn once and kept with the quarter's figures: every change to
what they show (a value, a target, a publication, what the user may see, the board's actions,
the template) shows on the next request, and one user's rows are never another's. The
measures and targets those figures are stamped with, read as plain rows, are the core's."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal as D

import pytest
from django.template import engines

from councilstat.core.periods import Quarter
from councilstat.web.collection.figures import read_plan
from councilstat.web.collection.models import Observation, Status
from councilstat.web.collection.selectors import MeasureFilters, visible_observations
from councilstat.web.dashboards import presenters
from councilstat.web.dashboards.selectors import forget_figures, quarter_figures
from councilstat.web.plans.adapters import core_measure, core_targets
from councilstat.web.plans.models import Measure, Target
from councilstat.web.scrutiny.services import (
    ActionDetails,
    create_board,
    create_meeting,
    record_action,
    record_question,
)
from tests.integration import factories
from tests.integration.dashboards.helpers import get_page, text_of, url

Q2 = Quarter(2019, 2)


@pytest.fixture(autouse=True)
def nothing_kept():
    forget_figures()
    yield
    forget_figures()


def row_of(html: str, code: str) -> str:
    """The words of ``code``'s row of a measure table."""
    found = re.search(
        rf'<tr class="govuk-table__row">\s*<th scope="row"[^>]*><a [^>]*>{code}</a>.*?</tr>',
        html,
        re.S,
    )
    assert found is not None, code
    return text_of(found.group(0))


def card_of(html: str, code: str) -> str:
    """The words of ``code``'s card on the exceptions page (empty when it has none)."""
    cards = html.split('<div class="govuk-summary-card">')[1:]
    return next((text_of(card) for card in cards if f">{code} " in card), "")


def test_a_kept_row_follows_every_change_of_what_it_shows(client, council):
    overview, exceptions = url("overview", council.plan), url("exceptions", council.plan)
    value = factories.observation(council.other_measure, "2019/20 Q2", 60)
    assert "60.0%" in row_of(get_page(client, council.performance, overview), "3B1")
    assert "60.0%" in card_of(get_page(client, council.performance, exceptions), "3B1")

    value.value += 5
    value.save()
    row = row_of(get_page(client, council.performance, overview), "3B1")
    assert "65.0%" in row
    assert "60.0%" not in row
    assert "65.0%" in card_of(get_page(client, council.performance, exceptions), "3B1")

    Target.objects.filter(measure=council.other_measure).update(value=50)
    row = row_of(get_page(client, council.performance, overview), "3B1")
    assert row.startswith("3B1")
    assert "50.0%" in row
    assert "On target" in row
    assert card_of(get_page(client, council.performance, exceptions), "3B1") == ""


def test_rows_kept_for_one_user_are_never_anothers(client, council):
    """An officer sees an approved value before it is published; a councillor does not, even
    just after the officer's rows were kept; then the publication shows to both."""
    overview = url("overview", council.plan)
    approved = factories.observation(council.measure, "2019/20 Q2", 85, status=Status.APPROVED)
    assert "85.0%" in row_of(get_page(client, council.performance, overview), "1A1")
    assert "85.0%" not in row_of(get_page(client, council.councillor, overview), "1A1")
    assert "85.0%" in row_of(get_page(client, council.performance, overview), "1A1")

    Observation.objects.filter(pk=approved.pk).update(status=Status.PUBLISHED)
    approved.refresh_from_db()
    approved.save()  # a publication saves the value: its version and time move
    assert "85.0%" in row_of(get_page(client, council.councillor, overview), "1A1")


def test_a_filter_shows_only_its_rows_and_no_filter_all_of_them(client, council):
    overview = url("overview", council.plan)
    people = council.measure.directorate
    filtered = get_page(client, council.performance, overview, directorate=people.pk)
    assert ">1A1</a>" in filtered
    assert ">3B1</a>" not in filtered
    everything = get_page(client, council.performance, overview)
    assert ">1A1</a>" in everything
    assert ">3B1</a>" in everything


def test_a_new_action_or_question_shows_on_the_next_request(client, council):
    exceptions = url("exceptions", council.plan)
    factories.observation(council.other_measure, "2019/20 Q2", 60)
    before = card_of(get_page(client, council.performance, exceptions), "3B1")
    assert "No board has raised questions or agreed actions on this measure." in before

    board = create_board(council.performance, "Overview and Scrutiny Management Board")
    meeting = create_meeting(
        council.performance, board, dt.date(2019, 11, 21), council.plan, "2019/20 Q2", []
    )
    details = ActionDetails(
        "Report on the backlog", council.other_owner, dt.date(2099, 1, 31), council.other_measure
    )
    record_action(council.performance, meeting, details)
    after = card_of(get_page(client, council.performance, exceptions), "3B1")
    assert "Report on the backlog" in after
    assert "1 action is open on this measure" in after

    record_question(
        council.performance, meeting, text="Why has the backlog grown?", measure_codes=["3B1"]
    )
    asked = card_of(get_page(client, council.performance, exceptions), "3B1")
    assert "Why has the backlog grown?" in asked


def test_rows_are_drawn_again_when_their_template_changes(council):
    """Under ``runserver`` a changed template file resets the template loaders; the rows kept
    from the old template are not used again."""
    factories.observation(council.measure, "2019/20 Q2", 85)
    figures = quarter_figures(council.performance, council.plan, Q2, MeasureFilters((), ()))
    first = presenters.measure_rows(figures, council.plan.pk, Q2)
    assert presenters.measure_rows(figures, council.plan.pk, Q2) is first
    for loader in engines["django"].engine.template_loaders:
        loader.reset()
    again = presenters.measure_rows(figures, council.plan.pk, Q2)
    assert again is not first
    assert again == first


def test_measures_and_targets_read_as_rows_are_those_read_through_the_models(council):
    """The stamp reads measures and targets as plain rows and makes them the core's only when
    the figures are computed: the same core measures and targets as the models give."""
    Measure.objects.filter(pk=council.measure.pk).update(
        series_breaks=["2018/19 Q3"],
        decimal_places=2,
        tolerance_kind="absolute",
        tolerance_amount=D("2.5"),
        definition="Share of the cases closed",
        source="Case system",
    )
    Target.objects.filter(measure=council.other_measure).update(value=D("75.25"), upper=D("90"))
    council.owner.first_name, council.owner.last_name = "Olu", "Owen"
    council.owner.save()
    Measure.objects.filter(pk=council.other_measure.pk).update(owner=None, directorate=None)

    read = read_plan(council.plan, visible_observations(council.performance, council.plan))
    stored = council.plan.measures.select_related("outcome__priority", "directorate", "owner")
    by_models = {m.code: core_measure(m) for m in stored}
    assert {m.code: m for m in read.measures} == by_models
    assert by_models["1A1"].owner == "Olu Owen"
    assert by_models["3B1"].owner == ""
    assert sorted(read.targets, key=str) == sorted(core_targets(council.plan), key=str)
