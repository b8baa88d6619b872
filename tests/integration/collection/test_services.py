"""The collection workflow through its services: enter, submit, return, approve, publish,
restate; no lost updates; validation at entry."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied

from councilstat.core.periods import Quarter
from councilstat.web.collection import services
from councilstat.web.collection.models import Observation, PeriodReturn, Status
from councilstat.web.collection.services import Figures
from councilstat.web.common.errors import StaleVersion, ValidationFailed, WorkflowError

Q2 = Quarter(2019, 2)


def enter(
    council,
    value,
    *,
    commentary="",
    version=None,
    submit=False,
    confirmed=True,
    user=None,
    measure=None,
):
    return services.enter_observation(
        user or council.owner,
        measure or council.measure,
        Q2,
        Figures(value=D(value), commentary=commentary),
        expected_version=version,
        confirmed=confirmed,
        submit=submit,
    )


def test_the_whole_workflow(council):
    draft = enter(council, "78")
    assert (draft.status, draft.version) == (Status.DRAFT, 1)
    submitted = services.submit_observation(council.owner, draft, expected_version=1)
    assert submitted.status == Status.SUBMITTED
    returned = services.return_observation(
        council.director, submitted, "Check the denominator", expected_version=2
    )
    assert (returned.status, returned.return_reason) == (Status.RETURNED, "Check the denominator")
    again = enter(council, "79", version=3, submit=True)
    assert (again.status, again.value) == (Status.SUBMITTED, D(79))
    approved = services.approve_observation(council.director, again, expected_version=4)
    assert approved.status == Status.APPROVED
    assert approved.approved_by == council.director
    period_return = PeriodReturn.objects.get(plan=council.plan, period="2019/20 Q2")
    with pytest.raises(services.PublishNeedsConfirmation) as missing:  # 3B1 has no value
        services.publish_period(council.performance, period_return)
    assert missing.value.missing == 1
    assert services.publish_period(council.performance, period_return, missing_confirmed=1) == 1
    published = Observation.objects.get(pk=approved.pk)
    assert (published.status, published.reported_value) == (Status.PUBLISHED, D(79))
    restated = services.restate_observation(
        council.performance,
        published,
        Figures(value=D(81)),
        "Late returns from one team",
        expected_version=published.version,
    )
    assert (restated.value, restated.reported_value) == (D(81), D(79))
    assert restated.is_revised
    reasons = [h.history_change_reason for h in restated.history.order_by("history_date")]
    assert reasons == [
        "Saved as draft",
        "Submitted",
        "Returned: Check the denominator",
        "Submitted",
        "Approved",
        "Published with 2019/20 Q2",
        "Restated: Late returns from one team",
    ]


def test_second_editor_gets_a_conflict_not_an_overwrite(council):
    first = enter(council, "78")
    enter(council, "79", version=first.version)  # someone else saved in between
    with pytest.raises(StaleVersion) as raised:
        enter(council, "90", version=first.version)
    assert raised.value.current.value == D(79)
    assert raised.value.attempted.value == D(90)
    assert Observation.objects.get(pk=first.pk).value == D(79)


def test_approving_a_stale_version_is_a_conflict(council):
    submitted = enter(council, "78", submit=True)
    with pytest.raises(StaleVersion):
        services.approve_observation(
            council.director, submitted, expected_version=submitted.version - 1
        )
    assert Observation.objects.get(pk=submitted.pk).status == Status.SUBMITTED


def test_red_value_needs_commentary(council):
    with pytest.raises(ValidationFailed) as raised:
        enter(council, "50")  # target 80, 5% tolerance: red
    assert "commentary" in raised.value.errors
    assert not Observation.objects.filter(measure=council.measure, period="2019/20 Q2").exists()
    assert enter(council, "50", commentary="Staff shortages over the summer").value == D(50)


def test_large_change_needs_confirmation(council):
    with pytest.raises(services.NeedsConfirmation) as raised:
        enter(council, "95", confirmed=False)  # previous 70: +36%
    assert raised.value.previous == D(70)
    assert enter(council, "95", confirmed=True).value == D(95)


@pytest.mark.parametrize(
    ("value", "field"),
    [("101", "value"), ("-3", "value")],
)
def test_entry_applies_the_file_rules(council, value, field):
    with pytest.raises(ValidationFailed) as raised:
        enter(council, value)
    assert field in raised.value.errors


def test_numerator_above_denominator_is_refused(council):
    with pytest.raises(ValidationFailed) as raised:
        services.enter_observation(
            council.owner,
            council.measure,
            Q2,
            Figures(numerator=D(31), denominator=D(30)),
            expected_version=None,
        )
    assert "numerator" in raised.value.errors


def test_owner_enters_only_their_own_measures(council):
    with pytest.raises(PermissionDenied):
        enter(council, "78", measure=council.other_measure)
    for role in ("director", "councillor", "performance"):
        with pytest.raises(PermissionDenied):
            enter(council, "78", user=getattr(council, role))


def test_director_approves_only_their_directorate(council):
    submitted = enter(council, "78", submit=True)
    with pytest.raises(PermissionDenied):
        services.approve_observation(
            council.other_director, submitted, expected_version=submitted.version
        )


def test_published_value_cannot_be_edited_by_entry(council):
    with pytest.raises(WorkflowError):
        services.enter_observation(
            council.owner,
            council.measure,
            Quarter(2019, 1),
            Figures(value=D(75)),
            expected_version=Observation.objects.get(
                measure=council.measure, period="2019/20 Q1"
            ).version,
        )


def test_restatement_needs_a_reason(council):
    published = Observation.objects.get(measure=council.measure, period="2019/20 Q1")
    with pytest.raises(ValidationFailed):
        services.restate_observation(
            council.performance,
            published,
            Figures(value=D(71)),
            " ",
            expected_version=published.version,
        )
    assert Observation.objects.get(pk=published.pk).value == D(70)
