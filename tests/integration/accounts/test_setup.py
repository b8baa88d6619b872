"""Setting up a council: ``manage.py create_council``, the service administrator's councils
pages, and the invitation link (single use, expiring, replaced when sent again)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse

from councilstat.web.accounts.invitations import invitation_tokens
from councilstat.web.accounts.models import NationalArea, Organisation, Role, User
from councilstat.web.accounts.services import create_council_unchecked, resend_invitation
from tests.integration import factories
from tests.integration.accounts.helpers import accept, link_in, sign_in

# manage.py create_council ---------------------------------------------------------------------


def test_create_council_makes_the_council_its_first_user_and_sends_the_invitation(db, capsys):
    call_command(
        "create_council",
        "Anytown Borough Council",
        "--admin",
        "perf.lead@anytown.gov.uk",
        "--site-url",
        "https://performance.anytown.gov.uk",
    )
    organisation = Organisation.objects.get(name="Anytown Borough Council")
    assert organisation.national_area == NationalArea.ENGLAND
    admin = User.objects.get(organisation=organisation)
    assert (admin.username, admin.email, admin.role) == (
        "perf.lead@anytown.gov.uk",
        "perf.lead@anytown.gov.uk",
        Role.PERFORMANCE,
    )
    assert not admin.has_usable_password()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["perf.lead@anytown.gov.uk"]
    assert message.subject == "You are invited to Anytown Borough Council"
    assert "Your username is: perf.lead@anytown.gov.uk" in message.body
    assert "https://performance.anytown.gov.uk/accounts/invitation/" in message.body
    assert "works once, and for 7 days" in message.body
    out = capsys.readouterr().out
    assert "Created Anytown Borough Council (national comparator area: England)" in out
    assert "invitation to choose a password was e-mailed to perf.lead@anytown.gov.uk" in out
    assert organisation.history.get().history_change_reason == "Council created"


def test_create_council_takes_a_national_area_and_a_username(db):
    call_command(
        "create_council",
        "Cyngor Sir Enghraifft",
        "--admin",
        "tim@enghraifft.gov.wales",
        "--username",
        "tim",
        "--first-name",
        "Tîm",
        "--national-area",
        "wales",
    )
    organisation = Organisation.objects.get(name="Cyngor Sir Enghraifft")
    assert organisation.national_area == "W92000004"
    assert User.objects.get(organisation=organisation).username == "tim"
    call_command(
        "create_council", "Example NI", "--admin", "a@ni.example", "--national-area", "N92000002"
    )
    assert Organisation.objects.get(name="Example NI").national_area_name == "Northern Ireland"


def test_create_council_refuses_a_second_council_of_the_same_name_and_a_bad_area(db):
    call_command("create_council", "Anytown", "--admin", "one@anytown.example")
    with pytest.raises(CommandError, match="A council called anytown already exists"):
        call_command("create_council", "anytown", "--admin", "two@anytown.example")
    with pytest.raises(CommandError, match="--national-area must be one of england"):
        call_command(
            "create_council", "Elsewhere", "--admin", "x@y.example", "--national-area", "France"
        )
    with pytest.raises(CommandError, match="already the e-mail address of another user"):
        call_command("create_council", "Elsewhere", "--admin", "ONE@anytown.example")
    with pytest.raises(CommandError, match="correct format"):
        call_command("create_council", "Elsewhere", "--admin", "not-an-address")
    assert Organisation.objects.count() == 1
    assert User.objects.count() == 1


@override_settings(EMAIL_BACKEND="tests.integration.accounts.test_setup.FailingBackend")
def test_create_council_says_when_the_invitation_could_not_be_sent(db):
    with pytest.raises(CommandError, match="could not be sent"):
        call_command("create_council", "Anytown", "--admin", "one@anytown.example")
    assert User.objects.get().role == Role.PERFORMANCE  # kept: the invitation can be sent again


class FailingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("no mail server")


# The invitation link ---------------------------------------------------------------------------


def test_the_invitation_sets_the_password_once_and_the_user_signs_in(client, db):
    create_council_unchecked("Anytown", "lead@anytown.example", site_url="http://testserver")
    path = link_in(mail.outbox[0])
    done = accept(client, path)
    assert done.status_code == 302
    assert done.url == reverse("accounts:login")
    page = client.get(done.url)
    assert b"Your password has been saved. Sign in with your username, lead@anytown.example" in (
        page.content
    )
    assert sign_in(client, "lead@anytown.example").status_code == 302
    client.post(reverse("accounts:logout"))
    # Used once: the same link no longer works, and says what to do.
    again = client.get(path, follow=True)
    assert b"This invitation link does not work" in again.content
    assert b"Choose your password" not in again.content


def test_the_invitation_link_expires_after_the_configured_days(client, db, monkeypatch):
    created = create_council_unchecked(
        "Anytown", "lead@anytown.example", site_url="http://testserver"
    )
    token = link_in(mail.outbox[0]).rstrip("/").rsplit("/", 1)[1]
    now = dt.datetime.now()
    monkeypatch.setattr(invitation_tokens, "_now", lambda: now + dt.timedelta(days=6, hours=23))
    assert invitation_tokens.check_token(created.admin, token)
    monkeypatch.setattr(invitation_tokens, "_now", lambda: now + dt.timedelta(days=7, hours=1))
    assert not invitation_tokens.check_token(created.admin, token)
    with override_settings(COUNCILSTAT_INVITATION_DAYS=14):
        assert invitation_tokens.check_token(created.admin, token)
    expired = client.get(link_in(mail.outbox[0]), follow=True)
    assert b"This invitation link does not work" in expired.content
    assert b"for 7 days" in expired.content


def test_an_invitation_is_not_a_password_reset_and_the_other_way_round(client, council):
    from django.contrib.auth.tokens import default_token_generator

    person = council.owner
    assert not invitation_tokens.check_token(person, default_token_generator.make_token(person))
    assert not default_token_generator.check_token(person, invitation_tokens.make_token(person))


def test_sending_again_replaces_the_earlier_link(client, council):
    person = User.objects.create(
        username="new", email="new@council.example", organisation=council.plan.organisation,
        role=Role.OWNER,
    )  # fmt: skip
    person.set_unusable_password()
    person.save()
    resend_invitation(council.performance, person, site_url="http://testserver")
    first = link_in(mail.outbox[0])
    resend_invitation(council.performance, person, site_url="http://testserver")
    second = link_in(mail.outbox[1])
    assert b"This invitation link does not work" in client.get(first, follow=True).content
    assert accept(client, second).status_code == 302
    assert sign_in(client, "new").status_code == 302


def test_a_deactivated_users_link_stops_working(client, council):
    create_council_unchecked("Anytown", "lead@anytown.example", site_url="http://testserver")
    User.objects.filter(username="lead@anytown.example").update(is_active=False)
    assert b"This invitation link does not work" in (
        client.get(link_in(mail.outbox[0]), follow=True).content
    )


def test_forgotten_password_also_reaches_someone_whose_invitation_expired(client, db):
    create_council_unchecked("Anytown", "lead@anytown.example", site_url="http://testserver")
    mail.outbox.clear()
    client.post(reverse("accounts:password_reset"), {"email": "lead@anytown.example"})
    assert len(mail.outbox) == 1
    assert "/accounts/password-reset/" in mail.outbox[0].body


# The service administrator's councils pages -----------------------------------------------------


@pytest.fixture
def service_admin(db) -> User:
    return User.objects.create_superuser("service", "service@councilstat.example", "x" * 16)


def test_a_service_administrator_creates_a_council_in_the_browser(client, service_admin):
    client.force_login(service_admin)
    assert client.get(reverse("plans:councils")).status_code == 200
    page = client.get(reverse("plans:new_council"))
    assert b"Create a council" in page.content
    response = client.post(
        reverse("plans:new_council"),
        {
            "name": "Glenview Council",
            "national_area": "S92000003",
            "email": "performance@glenview.example",
            "first_name": "Morag",
            "last_name": "Reid",
            "username": "",
        },
        follow=True,
    )
    assert b"Glenview Council was created, with performance@glenview.example" in response.content
    organisation = Organisation.objects.get(name="Glenview Council")
    assert organisation.national_area_name == "Scotland"
    admin = User.objects.get(organisation=organisation)
    assert (admin.role, admin.first_name) == (Role.PERFORMANCE, "Morag")
    assert mail.outbox[0].to == ["performance@glenview.example"]
    assert "service has given you an account on Glenview Council" in mail.outbox[0].body
    # The list shows the council with its invited performance team, and sends again.
    listing = client.get(reverse("plans:councils")).content.decode()
    assert "Glenview Council" in listing
    assert "Scotland" in listing
    assert "invited" in listing
    client.post(reverse("plans:resend_invitation", kwargs={"pk": admin.pk}))
    assert len(mail.outbox) == 2
    assert b"This invitation link does not work" in (
        client.get(link_in(mail.outbox[0]), follow=True).content
    )


def test_the_councils_form_shows_every_problem(client, service_admin):
    factories.organisation("Glenview Council")
    client.force_login(service_admin)
    response = client.post(
        reverse("plans:new_council"),
        {"name": "glenview council", "national_area": "E92000001", "email": "p@g.example"},
    )
    assert response.status_code == 200
    assert b"govuk-error-summary" in response.content
    assert b"A council called glenview council already exists" in response.content
    assert not mail.outbox


def test_a_service_administrator_lands_on_the_councils_page(client, service_admin):
    response = client.post(reverse("accounts:login"), {"username": "service", "password": "x" * 16})
    assert response.url == reverse("plans:councils")
    navigation = client.get(reverse("plans:councils")).content.decode()
    assert 'href="/manage/councils/"' in navigation


def test_a_service_administrator_sees_no_council_of_their_own(client, service_admin, council):
    client.force_login(service_admin)
    assert client.get(reverse("plans:manage")).status_code == 403
    assert client.get(reverse("plans:users")).status_code == 403


def test_nobody_else_creates_councils(client, council):
    client.force_login(council.performance)
    assert client.get(reverse("plans:councils")).status_code == 403
    response = client.post(
        reverse("plans:new_council"),
        {"name": "Sneaky", "national_area": "E92000001", "email": "s@sneaky.example"},
    )
    assert response.status_code == 403
    assert not Organisation.objects.filter(name="Sneaky").exists()
