"""The access matrix: every view, every role. Forbidden functions give 403; objects outside the
user's organisation give 404; the signed-out are sent to sign in."""

from __future__ import annotations

import pytest
from django.urls import reverse

from councilstat.core.periods import Quarter
from councilstat.web.accounts.models import Role
from councilstat.web.collection.models import PeriodReturn
from tests.integration import factories

Q2 = Quarter(2019, 2)
ROLES = ("performance", "owner", "director", "councillor")
ALL = {role: 200 for role in ROLES}
NONE = {role: 403 for role in ROLES}


def only(*allowed: str, ok: int = 200) -> dict[str, int]:
    return {role: ok if role in allowed else 403 for role in ROLES}


def plan_kwargs(council):
    return {"plan_id": council.plan.pk}


def quarter_kwargs(council):
    return {"plan_id": council.plan.pk, "quarter": Q2}


def measure_kwargs(council):
    return {"plan_id": council.plan.pk, "code": council.measure.code}


def observation_kwargs(council):
    submitted = factories.observation(council.measure, "2019/20 Q2", 78, status="submitted")
    return {"pk": submitted.pk}


def published_kwargs(council):
    return {"pk": council.measure.observations.get(period="2019/20 Q1").pk}


def return_kwargs(council):
    return {"pk": PeriodReturn.objects.get(plan=council.plan, period="2019/20 Q2").pk}


def directorate_kwargs(council):
    return {"pk": council.measure.directorate_id}


def empty_directorate_kwargs(council):
    return {"pk": factories.directorate(council.plan.organisation, "Empty").pk}


def offered_kwargs(council):
    """An offer of another council's comparator values to this one."""
    from councilstat.web.benchmarking.models import ComparatorSharing

    provider = factories.organisation()
    sharing = ComparatorSharing.objects.create(
        provider=provider, recipient=council.plan.organisation
    )
    return {"pk": sharing.pk}


def invited_kwargs(council):
    invited = factories.user(council.plan.organisation, Role.OWNER)
    invited.set_unusable_password()
    invited.save()
    return {"pk": invited.pk}


def meeting_kwargs(council):
    import datetime as dt

    from councilstat.web.scrutiny.services import create_board, create_meeting

    board = create_board(council.performance, "Overview and Scrutiny Management Board")
    meeting = create_meeting(
        council.performance,
        board,
        dt.date(2019, 11, 20),
        council.plan,
        "2019/20 Q2",
        ["Performance"],
    )
    return {"pk": meeting.pk}


def action_kwargs(council):
    import datetime as dt

    from councilstat.web.scrutiny.models import Meeting
    from councilstat.web.scrutiny.services import ActionDetails, record_action

    meeting = Meeting.objects.get(pk=meeting_kwargs(council)["pk"])
    details = ActionDetails(
        "Check the survey", council.owner, dt.date(2019, 12, 20), council.measure
    )
    return {"pk": record_action(council.performance, meeting, details).pk}


def job_kwargs(council):
    """A finished report job of the councillor's, with its file."""
    from councilstat.web.jobs.models import Job, Kind, State

    job = Job.objects.create(
        organisation=council.plan.organisation,
        owner=council.councillor,
        kind=Kind.REPORT,
        title="Performance report",
        state=State.DONE,
        result=b"<html></html>",
        result_name="report-2019-20-q2.html",
        result_type="text/html; charset=utf-8",
    )
    return {"pk": job.pk}


# A job is its owner's (the councillor's here) and the performance team's.
JOB_VIEWERS = only("performance", "councillor")

# (url name, kwargs builder, expected status by role, scoped to the plan's organisation)
PAGES = [
    ("dashboards:home", lambda c: {}, ALL, False),
    ("dashboards:start", lambda c: {}, {role: 302 for role in ROLES}, False),
    ("dashboards:overview", quarter_kwargs, ALL, True),
    ("dashboards:exceptions", quarter_kwargs, ALL, True),
    ("dashboards:year", lambda c: {"plan_id": c.plan.pk, "year": Q2.financial_year}, ALL, True),
    ("dashboards:priority", lambda c: {**quarter_kwargs(c), "code": "1"}, ALL, True),
    ("dashboards:outcome", lambda c: {**quarter_kwargs(c), "code": "1.A"}, ALL, True),
    ("dashboards:measure", lambda c: {**quarter_kwargs(c), "code": "1A1"}, ALL, True),
    (
        "collection:my_measures",
        lambda c: {},
        only("owner", "performance", "director", ok=302),
        False,
    ),
    ("collection:my_measures_for", quarter_kwargs, only("owner"), True),
    ("collection:entry", lambda c: {**measure_kwargs(c), "period": Q2}, only("owner"), True),
    ("collection:approvals", lambda c: {}, only("director", "performance"), False),
    ("collection:periods", lambda c: {}, only("performance"), False),
    ("collection:progress", quarter_kwargs, only("performance"), True),
    ("collection:open_round", plan_kwargs, only("performance"), True),
    ("collection:round", return_kwargs, only("performance"), True),
    ("collection:publish", return_kwargs, only("performance"), True),
    ("collection:settings", lambda c: {}, only("performance"), False),
    ("collection:import", lambda c: {}, only("performance"), False),
    ("collection:template", quarter_kwargs, only("performance", "owner"), True),
    ("plans:manage", lambda c: {}, only("performance"), False),
    ("plans:edit_measure", measure_kwargs, only("performance"), True),
    ("plans:edit_target", measure_kwargs, only("performance"), True),
    ("plans:next_year", plan_kwargs, only("performance"), True),
    ("plans:continues", plan_kwargs, only("performance"), True),
    ("collection:year_targets", plan_kwargs, only("performance"), True),
    ("plans:users", lambda c: {}, only("performance"), False),
    ("plans:new_user", lambda c: {}, only("performance"), False),
    ("plans:edit_user", lambda c: {"pk": c.owner.pk}, only("performance"), True),
    ("plans:directorates", lambda c: {}, only("performance"), False),
    ("plans:new_directorate", lambda c: {}, only("performance"), False),
    ("plans:edit_directorate", directorate_kwargs, only("performance"), True),
    ("plans:organisation", lambda c: {}, only("performance"), False),
    # A service administrator's pages: no role in a council has them (see test_setup).
    ("plans:councils", lambda c: {}, NONE, False),
    ("plans:new_council", lambda c: {}, NONE, False),
    ("audit:measure", measure_kwargs, only("performance"), True),
    ("audit:measure_csv", measure_kwargs, only("performance"), True),
    ("audit:quarter", quarter_kwargs, only("performance"), True),
    ("audit:quarter_csv", quarter_kwargs, only("performance"), True),
    ("dashboards:guide", lambda c: {}, ALL, False),
    (
        "dashboards:report",
        lambda c: {**quarter_kwargs(c), "fmt": "html"},
        only("performance", "director", "councillor", ok=302),
        True,
    ),
    ("jobs:list", lambda c: {}, ALL, False),
    ("jobs:job", job_kwargs, JOB_VIEWERS, True),
    ("jobs:download", job_kwargs, JOB_VIEWERS, True),
    ("scrutiny:meetings", lambda c: {}, ALL, False),
    ("scrutiny:board_new", lambda c: {}, only("performance"), False),
    ("scrutiny:meeting_new", lambda c: {}, only("performance"), False),
    ("scrutiny:meeting", meeting_kwargs, ALL, True),
    ("scrutiny:question_new", meeting_kwargs, only("performance"), True),
    ("scrutiny:action_new", meeting_kwargs, only("performance"), True),
    ("scrutiny:resolution_new", meeting_kwargs, only("performance"), True),
    (
        "scrutiny:pack",
        lambda c: {**meeting_kwargs(c), "fmt": "html"},
        {role: 302 for role in ROLES},  # to the job that makes it
        True,
    ),
    ("scrutiny:minutes", meeting_kwargs, only("performance"), True),
    (
        "scrutiny:minutes_download",
        lambda c: {**meeting_kwargs(c), "fmt": "html"},
        only("performance"),
        True,
    ),
    ("scrutiny:tracker", lambda c: {}, ALL, False),
    ("scrutiny:action", action_kwargs, ALL, True),
    ("scrutiny:action_edit", action_kwargs, only("performance"), True),
    ("benchmarking:index", lambda c: {}, ALL, False),
    ("benchmarking:link", lambda c: {}, only("performance"), False),
    ("benchmarking:load", lambda c: {}, only("performance"), False),
    ("api-tokens", lambda c: {}, only("performance", "owner", "director"), False),
]
# (url name, kwargs builder, the roles allowed): anyone else gets 403 and nothing changes.
ACTIONS = [
    ("collection:approve", observation_kwargs, {"director"}),
    ("collection:return", observation_kwargs, {"director"}),
    ("collection:restate", published_kwargs, {"performance"}),
    ("collection:publish", return_kwargs, {"performance"}),
    ("collection:members", return_kwargs, {"performance"}),
    ("collection:close", return_kwargs, {"performance"}),
    ("collection:round", return_kwargs, {"performance"}),
    ("collection:open_round", plan_kwargs, {"performance"}),
    ("collection:settings", lambda c: {}, {"performance"}),
    ("scrutiny:action_update", action_kwargs, {"performance", "owner"}),
    ("plans:resend_invitation", invited_kwargs, {"performance"}),
    ("plans:sign_out_everywhere", lambda c: {"pk": c.owner.pk}, {"performance"}),
    ("plans:remove_directorate", empty_directorate_kwargs, {"performance"}),
    ("benchmarking:unlink", measure_kwargs, {"performance"}),
    ("benchmarking:link", lambda c: {}, {"performance"}),
    ("benchmarking:load", lambda c: {}, {"performance"}),
    ("benchmarking:offer", lambda c: {}, {"performance"}),
    ("benchmarking:accept", offered_kwargs, {"performance"}),
    ("benchmarking:end", offered_kwargs, {"performance"}),
    ("plans:new_user", lambda c: {}, {"performance"}),
    ("plans:new_directorate", lambda c: {}, {"performance"}),
    ("plans:organisation", lambda c: {}, {"performance"}),
    ("plans:new_council", lambda c: {}, set()),
    ("plans:next_year", plan_kwargs, {"performance"}),
    ("plans:continues", plan_kwargs, {"performance"}),
    ("collection:year_targets", plan_kwargs, {"performance"}),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "kwargs", "expected", "scoped"), PAGES, ids=[p[0] for p in PAGES])
def test_every_page_for_every_role(client, council, role, name, kwargs, expected, scoped):
    client.force_login(getattr(council, role))
    response = client.get(reverse(name, kwargs=kwargs(council)))
    assert response.status_code == expected[role]


@pytest.mark.parametrize(("name", "kwargs", "expected", "scoped"), PAGES, ids=[p[0] for p in PAGES])
def test_signed_out_users_are_sent_to_sign_in(client, council, name, kwargs, expected, scoped):
    response = client.get(reverse(name, kwargs=kwargs(council)))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


SCOPED = [page for page in PAGES if page[3]]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "kwargs", "expected", "scoped"), SCOPED, ids=[p[0] for p in SCOPED]
)
def test_another_councils_objects_are_not_found(
    client, council, role, name, kwargs, expected, scoped
):
    stranger = factories.user(factories.organisation(), Role(role))
    client.force_login(stranger)
    response = client.get(reverse(name, kwargs=kwargs(council)))
    assert response.status_code == 404


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "kwargs", "allowed"), ACTIONS, ids=[a[0] for a in ACTIONS])
def test_every_action_for_every_role(client, council, role, name, kwargs, allowed):
    client.force_login(getattr(council, role))
    url = reverse(name, kwargs=kwargs(council))
    response = client.post(url, {"version": 1, "reason": "Because", "value": "71"})
    if role in allowed:
        assert response.status_code not in (403, 404)
    else:
        assert response.status_code == 403


def test_an_invitation_link_needs_no_sign_in_and_a_bad_one_is_refused(client, council):
    url = reverse("accounts:accept_invitation", kwargs={"uidb64": "MQ", "token": "abc-def"})
    response = client.get(url)
    assert response.status_code == 200
    assert b"This invitation link does not work" in response.content


@pytest.mark.parametrize(
    ("name", "kwargs", "expected"),
    [
        ("plans:councils", {}, 200),
        ("plans:new_council", {}, 200),
        ("plans:manage", {}, 403),
        ("plans:users", {}, 403),
        ("benchmarking:link", {}, 403),
        ("collection:import", {}, 403),
    ],
)
def test_a_service_administrator_manages_councils_and_nothing_inside_them(
    client, council, name, kwargs, expected
):
    from councilstat.web.accounts.models import User

    admin = User.objects.create_superuser("service", "service@councilstat.example", "x" * 16)
    client.force_login(admin)
    assert client.get(reverse(name, kwargs=kwargs)).status_code == expected


def test_the_wrong_director_and_the_wrong_owner_are_refused(client, council):
    client.force_login(council.other_director)
    url = reverse("collection:approve", kwargs=observation_kwargs(council))
    assert client.post(url, {"version": 1}).status_code == 403
    client.force_login(council.other_owner)
    url = reverse("collection:entry", kwargs={**measure_kwargs(council), "period": Q2})
    assert client.get(url).status_code == 403
