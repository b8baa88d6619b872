"""Reminders: who gets what, on which day; no duplicates on a second run the same day; a new
day sends again what is still overdue; the command a scheduler runs."""

from __future__ import annotations

import datetime as dt
import re
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from councilstat.web.accounts.models import Role
from councilstat.web.collection.models import PeriodReturn, Status
from councilstat.web.scrutiny.models import ReminderLog
from councilstat.web.scrutiny.reminders import select_reminders, send_reminders
from councilstat.web.scrutiny.services import (
    ActionDetails,
    create_board,
    create_meeting,
    record_action,
)
from tests.integration import factories

DEADLINE = dt.date(2019, 10, 31)  # the 2019/20 Q2 return's, from the factory


def inbox() -> dict[str, str]:
    """Each recipient's e-mail body (one e-mail per person per run)."""
    found: dict[str, str] = {}
    for message in mail.outbox:
        (address,) = message.to
        assert address not in found, f"two e-mails to {address}"
        found[address] = message.body
    return found


def run(day: dt.date) -> dict[str, str]:
    mail.outbox.clear()
    send_reminders(day)
    return inbox()


@pytest.fixture
def action(council):
    board = create_board(council.performance, "Overview and Scrutiny Management Board")
    meeting = create_meeting(
        council.performance, board, dt.date(2019, 11, 20), council.plan, "2019/20 Q2"
    )
    return record_action(
        council.performance,
        meeting,
        ActionDetails("Doublecheck the survey", council.other_owner, dt.date(2020, 1, 31)),
    )


def test_nothing_before_the_first_reminder_day(council):
    assert run(DEADLINE - dt.timedelta(days=8)) == {}


def test_values_due_go_to_their_owners_with_a_digest_to_the_performance_team(council):
    sent = run(DEADLINE - dt.timedelta(days=7))
    assert set(sent) == {council.owner.email, council.other_owner.email, council.performance.email}
    assert (
        "1A1 Measure 1A1, value for 2019/20 Q2, is due on 31 October 2019, in 7 days"
        in (sent[council.owner.email])
    )
    assert "3B1" not in sent[council.owner.email]
    assert "3B1 Measure 3B1" in sent[council.other_owner.email]
    digest = sent[council.performance.email]
    assert "0 overdue and 2 coming up" in digest
    assert "1A1" in digest
    assert "3B1" in digest
    for person in (council.councillor, council.director, council.other_director):
        assert person.email not in sent


def test_no_duplicates_the_same_day_and_each_stage_once(council):
    day = DEADLINE - dt.timedelta(days=7)
    assert run(day)
    assert run(day) == {}  # the second run the same day sends nothing
    assert ReminderLog.objects.filter(recipient=council.owner).count() == 1
    next_day = run(day + dt.timedelta(days=1))  # still the 7-day stage: only the digest
    assert set(next_day) == {council.performance.email}
    one_day = run(DEADLINE - dt.timedelta(days=1))
    assert "is due tomorrow, 31 October 2019" in one_day[council.owner.email]


def test_a_missed_run_still_sends_the_stage(council):
    sent = run(DEADLINE - dt.timedelta(days=5))  # the scheduler did not run on day 7
    assert "in 5 days" in sent[council.owner.email]


def test_overdue_values_repeat_each_day_until_submitted(council):
    day = DEADLINE + dt.timedelta(days=2)
    sent = run(day)
    assert "was due on 31 October 2019 (2 days ago)" in sent[council.owner.email]
    assert run(day) == {}
    again = run(day + dt.timedelta(days=1))  # a new day sends again what is still due
    assert "(3 days ago)" in again[council.owner.email]
    factories.observation(council.measure, "2019/20 Q2", 78, status=Status.SUBMITTED)
    later = run(day + dt.timedelta(days=2))
    assert council.owner.email not in later  # submitted: nothing owed
    assert council.other_owner.email in later


def test_drafts_and_returned_values_are_still_owed(council):
    factories.observation(council.measure, "2019/20 Q2", 78, status=Status.DRAFT)
    factories.observation(council.other_measure, "2019/20 Q2", 78, status=Status.APPROVED)
    sent = run(DEADLINE + dt.timedelta(days=1))
    assert "1A1" in sent[council.owner.email]
    assert council.other_owner.email not in sent


def test_a_published_quarter_asks_for_nothing(council):
    PeriodReturn.objects.filter(plan=council.plan).update(published_at=timezone.now())
    assert run(DEADLINE + dt.timedelta(days=1)) == {}


def test_actions_due_and_overdue_go_to_their_owner(council, action):
    PeriodReturn.objects.filter(plan=council.plan).update(published_at=timezone.now())
    sent = run(dt.date(2020, 1, 24))
    assert set(sent) == {council.other_owner.email, council.performance.email}
    body = sent[council.other_owner.email]
    assert "Action agreed at Overview and Scrutiny Management Board, 20 November 2019" in body
    assert "Doublecheck the survey is due on 31 January 2020, in 7 days" in body
    assert run(dt.date(2020, 1, 25)).keys() == {council.performance.email}
    assert "is due tomorrow" in run(dt.date(2020, 1, 30))[council.other_owner.email]
    assert "is due today" not in run(dt.date(2020, 1, 31)).get(council.other_owner.email, "")
    late = run(dt.date(2020, 2, 1))
    assert "was due on 31 January 2020 (1 day ago)" in late[council.other_owner.email]
    assert "(2 days ago)" in run(dt.date(2020, 2, 2))[council.other_owner.email]
    action.status = "complete"
    action.save()
    assert run(dt.date(2020, 2, 3)) == {}


def test_people_without_an_address_are_reported_not_logged(council):
    council.owner.email = ""
    council.owner.save()
    result = send_reminders(DEADLINE - dt.timedelta(days=7))
    assert result.no_address == ["owner"]
    assert not ReminderLog.objects.filter(recipient=council.owner).exists()


def test_another_council_gets_only_its_own(council):
    elsewhere = factories.organisation()
    factories.user(elsewhere, Role.PERFORMANCE, username="their-performance")
    selected = select_reminders(DEADLINE - dt.timedelta(days=7))
    assert {r.recipient.organisation_id for r in selected} == {council.plan.organisation_id}


def test_a_failed_send_is_retried_on_the_next_run(council, monkeypatch):
    from councilstat.web.scrutiny import reminders

    def refuse(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(reminders, "send_mail", refuse)
    result = send_reminders(DEADLINE - dt.timedelta(days=7))
    assert result.sent == 0
    assert sorted(result.failed) == ["other-owner", "owner", "performance"]
    assert not ReminderLog.objects.exists()
    monkeypatch.undo()
    assert run(DEADLINE - dt.timedelta(days=7))


def test_the_command(council, action):
    out = StringIO()
    call_command("send_reminders", "--date", "2020-02-01", "--dry-run", stdout=out)
    assert "2020-02-01: Would send" in out.getvalue()
    assert not mail.outbox
    out = StringIO()
    call_command(
        "send_reminders", "--date", "2020-02-01", "--site-url", "https://perf.example/", stdout=out
    )
    assert "2020-02-01: Sent 3 e-mail(s)" in out.getvalue()
    assert "1 action(s) newly marked overdue" in out.getvalue()
    action.refresh_from_db()
    assert action.status == "overdue"
    assert "https://perf.example/scrutiny/actions/" in inbox()[council.other_owner.email]
    out = StringIO()
    call_command("send_reminders", "--date", "2020-02-01", stdout=out)
    assert "Sent 0 e-mail(s)" in out.getvalue()


LINK = re.compile(r"(?:Enter values|Update actions): (\S+)")


def test_the_command_takes_the_site_url_from_the_setting_and_every_link_is_absolute(
    council, action, settings
):
    settings.COUNCILSTAT_SITE_URL = "https://performance.anytown.gov.uk/"
    call_command("send_reminders", "--date", "2020-02-01", stdout=StringIO())
    sent = inbox()
    links = {address: LINK.findall(body) for address, body in sent.items()}
    # The owner of a value due and of an overdue action gets both links; the other owner's
    # value is owed too.
    assert links[council.other_owner.email] == [
        "https://performance.anytown.gov.uk/collect/",
        "https://performance.anytown.gov.uk/scrutiny/actions/",
    ]
    assert links[council.owner.email] == ["https://performance.anytown.gov.uk/collect/"]
    for address_links in links.values():
        for link in address_links:
            parts = urlsplit(link)
            assert (parts.scheme, parts.netloc) == ("https", "performance.anytown.gov.uk")
    # --site-url still wins; an address that is not absolute is refused before anything is sent.
    mail.outbox.clear()
    ReminderLog.objects.all().delete()
    call_command(
        "send_reminders", "--date", "2020-02-01", "--site-url", "http://perf.test:8080",
        stdout=StringIO(),
    )  # fmt: skip
    assert "Enter values: http://perf.test:8080/collect/" in inbox()[council.owner.email]
    mail.outbox.clear()
    ReminderLog.objects.all().delete()
    with pytest.raises(CommandError, match="--site-url: the service's address must be absolute"):
        call_command("send_reminders", "--date", "2020-02-01", "--site-url", "perf.example")
    settings.COUNCILSTAT_SITE_URL = "/relative"
    with pytest.raises(CommandError, match="not '/relative'"):
        call_command("send_reminders", "--date", "2020-02-01")
    assert not mail.outbox
    assert not ReminderLog.objects.exists()
