"""The performance team manages people in the browser: users (each new one invited by e-mail),
directorates, and the council's national comparator area."""

from __future__ import annotations

from django.core import mail
from django.urls import reverse

from councilstat.web.accounts.models import Directorate, Organisation, Role, User
from tests.integration import factories
from tests.integration.accounts.helpers import accept, link_in, sign_in


def new_user(**extra):
    return {
        "username": "newowner",
        "first_name": "New",
        "last_name": "Owner",
        "email": "new@council.example",
        "role": "owner",
        **extra,
    }


def person_form(person, **changes):
    return {
        "username": person.username,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "email": person.email,
        "role": person.role,
        "directorate": person.directorate_id or "",
        "is_active": "on" if person.is_active else "",
        **changes,
    }


def test_a_new_user_is_invited_and_can_sign_in(client, council):
    client.force_login(council.performance)
    response = client.post(reverse("plans:new_user"), new_user(), follow=True)
    assert b"newowner was added. An invitation to choose a password was sent to" in (
        response.content
    )
    person = User.objects.get(username="newowner")
    assert (person.role, person.organisation) == (Role.OWNER, council.plan.organisation)
    assert person.is_active
    assert not person.has_usable_password()
    assert mail.outbox[0].to == ["new@council.example"]
    assert "Your username is: newowner" in mail.outbox[0].body
    listing = client.get(reverse("plans:users")).content.decode()
    assert "Invited" in listing
    assert 'Send the invitation again<span class="govuk-visually-hidden"> to newowner' in listing
    client.logout()
    assert accept(client, link_in(mail.outbox[0])).status_code == 302
    assert sign_in(client, "newowner").status_code == 302


def test_sending_the_invitation_again_from_the_users_page(client, council):
    client.force_login(council.performance)
    client.post(reverse("plans:new_user"), new_user())
    person = User.objects.get(username="newowner")
    response = client.post(reverse("plans:resend_invitation", kwargs={"pk": person.pk}))
    assert response.url == reverse("plans:users")
    assert len(mail.outbox) == 2
    # Someone who has chosen a password is told to use "Forgotten your password?" instead.
    refused = client.post(
        reverse("plans:resend_invitation", kwargs={"pk": council.owner.pk}), follow=True
    )
    assert "has already chosen a password" in refused.content.decode()
    assert len(mail.outbox) == 2


def test_the_user_form_names_every_problem(client, council):
    client.force_login(council.performance)
    response = client.post(
        reverse("plans:new_user"),
        new_user(username="owner", email=council.director.email.upper(), role="director"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert "A user with that username already exists" in html
    # The e-mail address and the director's missing directorate are the service's rules.
    response = client.post(
        reverse("plans:new_user"),
        new_user(email=council.director.email.upper(), role="director"),
    )
    assert "is already the e-mail address of another user" in response.content.decode()
    response = client.post(reverse("plans:new_user"), new_user(role="director"))
    assert "Select the directorate whose values this director approves" in (
        response.content.decode()
    )
    assert not User.objects.filter(username="newowner").exists()
    assert not mail.outbox


def test_changing_a_users_role_and_directorate_and_deactivating_them(client, council):
    client.force_login(council.performance)
    places = Directorate.objects.get(name="Places")
    url = reverse("plans:edit_user", kwargs={"pk": council.owner.pk})
    changed = person_form(council.owner, role="director", directorate=places.pk)
    assert client.post(url, changed).status_code == 302
    council.owner.refresh_from_db()
    assert (council.owner.role, council.owner.directorate) == (Role.DIRECTOR, places)
    assert client.post(url, {**changed, "is_active": ""}).status_code == 302
    council.owner.refresh_from_db()
    assert not council.owner.is_active
    assert "Deactivated" in client.get(reverse("plans:users")).content.decode()
    client.logout()
    assert sign_in(client, "owner", factories.PASSWORD).status_code == 200  # cannot sign in


def test_nobody_deactivates_themselves_or_drops_their_own_role(client, council):
    client.force_login(council.performance)
    url = reverse("plans:edit_user", kwargs={"pk": council.performance.pk})
    me = person_form(council.performance)
    deactivated = client.post(url, {**me, "is_active": ""})
    assert "You cannot deactivate your own account" in deactivated.content.decode()
    demoted = client.post(url, {**me, "role": "councillor"})
    assert "You cannot take away your own performance-team role" in demoted.content.decode()
    council.performance.refresh_from_db()
    assert council.performance.is_active
    assert council.performance.role == Role.PERFORMANCE


def test_another_councils_users_and_directorates_are_not_found(client, council):
    other = factories.organisation()
    stranger = factories.user(other, Role.OWNER)
    elsewhere = factories.directorate(other, "Elsewhere")
    client.force_login(council.performance)
    assert client.get(reverse("plans:edit_user", kwargs={"pk": stranger.pk})).status_code == 404
    resend = reverse("plans:resend_invitation", kwargs={"pk": stranger.pk})
    assert client.post(resend).status_code == 404
    edit = reverse("plans:edit_directorate", kwargs={"pk": elsewhere.pk})
    assert client.post(edit, {"name": "Mine now"}).status_code == 404
    form = person_form(council.owner, directorate=elsewhere.pk)
    response = client.post(reverse("plans:edit_user", kwargs={"pk": council.owner.pk}), form)
    assert "Select a valid choice" in response.content.decode()
    assert Directorate.objects.get(pk=elsewhere.pk).name == "Elsewhere"


def test_directorates_are_added_renamed_and_removed_when_empty(client, council):
    client.force_login(council.performance)
    listing = client.get(reverse("plans:directorates")).content.decode()
    assert "People" in listing
    assert "Places" in listing
    assert client.post(reverse("plans:new_directorate"), {"name": "Resources"}).status_code == 302
    resources = Directorate.objects.get(name="Resources")
    duplicate = client.post(reverse("plans:new_directorate"), {"name": "people"})
    assert "There is already a directorate called people" in duplicate.content.decode()
    edit = reverse("plans:edit_directorate", kwargs={"pk": resources.pk})
    assert client.post(edit, {"name": "Finance and Resources"}).status_code == 302
    resources.refresh_from_db()
    assert resources.name == "Finance and Resources"
    assert resources.history.first().history_change_reason == "Renamed from Resources"
    # A directorate with users or measures stays.
    people = Directorate.objects.get(name="People")
    page = client.get(reverse("plans:edit_directorate", kwargs={"pk": people.pk}))
    assert "can be removed once no user and no measure belongs to it" in page.content.decode()
    kept = client.post(reverse("plans:remove_directorate", kwargs={"pk": people.pk}), follow=True)
    assert "still has 2 user(s) and 1 measure(s)" in kept.content.decode()
    assert Directorate.objects.filter(pk=people.pk).exists()
    removed = client.post(reverse("plans:remove_directorate", kwargs={"pk": resources.pk}))
    assert removed.status_code == 302
    assert not Directorate.objects.filter(pk=resources.pk).exists()


def test_the_national_comparator_area_is_set_on_the_council_settings_page(client, council):
    client.force_login(council.performance)
    page = client.get(reverse("plans:organisation")).content.decode()
    assert 'value="E92000001" checked' in page
    for label in ("England", "Wales", "Scotland", "Northern Ireland"):
        assert label in page
    response = client.post(reverse("plans:organisation"), {"national_area": "W92000004"})
    assert response.status_code == 302
    organisation = Organisation.objects.get(pk=council.plan.organisation_id)
    assert organisation.national_area == "W92000004"
    assert organisation.history.first().history_change_reason == (
        "National comparator area set to Wales"
    )
    bad = client.post(reverse("plans:organisation"), {"national_area": "F00000001"})
    assert "govuk-error-summary" in bad.content.decode()


def test_the_manage_page_links_to_people_and_settings(client, council):
    client.force_login(council.performance)
    html = client.get(reverse("plans:manage")).content.decode()
    for name in ("plans:users", "plans:directorates", "plans:organisation", "benchmarking:index"):
        assert f'href="{reverse(name)}"' in html
