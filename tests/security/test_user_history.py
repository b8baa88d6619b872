"""History of users (django-simple-history): a change made on the users page is a history row
with who made it; signing in is not; no password hash is copied; users who existed before the
history began get a first row from the migration."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from councilstat.web.accounts.models import User
from tests.integration.factories import PASSWORD


def test_a_role_change_on_the_users_page_is_a_history_row_with_who(client, council):
    client.force_login(council.performance)
    person = council.owner
    response = client.post(
        reverse("plans:edit_user", kwargs={"pk": person.pk}),
        {
            "username": person.username,
            "first_name": "",
            "last_name": "",
            "email": person.email,
            "role": "director",
            "directorate": person.directorate_id,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    latest, previous = User.history.filter(id=person.pk).order_by("-history_id")[:2]
    assert (previous.role, latest.role) == ("owner", "director")
    assert latest.history_user_id == council.performance.pk
    assert latest.history_type == "~"


def test_signing_in_adds_no_history_row(client, council):
    rows = User.history.filter(id=council.owner.pk).count()
    client.post(reverse("accounts:login"), {"username": "owner", "password": PASSWORD})
    assert client.get("/").status_code == 200
    assert User.history.filter(id=council.owner.pk).count() == rows
    council.owner.refresh_from_db()
    assert council.owner.last_login is not None


def test_the_history_holds_no_password_hash(council):
    fields = {field.name for field in User.history.model._meta.get_fields()}
    assert "password" not in fields
    assert "role" in fields


@pytest.mark.django_db(transaction=True)
def test_users_from_before_the_history_get_a_first_row():
    executor = MigrationExecutor(connection)
    executor.migrate([("accounts", "0001_initial")])
    old_apps = executor.loader.project_state([("accounts", "0001_initial")]).apps
    OldUser = old_apps.get_model("accounts", "User")
    OldUser.objects.create(username="long-standing", role="councillor", password="!")  # noqa: S106  (unusable)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    person = User.objects.get(username="long-standing")
    (first,) = User.history.filter(id=person.pk)
    assert first.history_change_reason == "History started"
    assert first.role == "councillor"
