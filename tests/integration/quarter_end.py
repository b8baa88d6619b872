"""Quarter end in miniature, for test_quarter_end: ten owners save ten different values at the
same moment while two performance officers press "publish" on the same quarter at once.

``seed`` stores the council; ``run`` starts one thread per person (each with its own browser
session and database connection), releases them together, and reports every status code
and what was stored. Run as a module, it does the same against the database that
``DATABASE_URL`` names (a SQLite file, from the test) and prints the report as JSON.
"""

from __future__ import annotations

import json
import sys
import threading
from decimal import Decimal
from typing import Any

OWNERS = 10
PUBLISHERS = 2
SAVE_PERIOD = "2019/20 Q2"
PUBLISH_PERIOD = "2019/20 Q1"


def seed() -> dict[str, Any]:
    from councilstat.web.accounts.models import Role
    from councilstat.web.collection.models import Status
    from tests.integration import factories

    organisation = factories.organisation("Quarter End Council")
    directorate = factories.directorate(organisation, "People")
    plan = factories.plan(organisation)
    owners = []
    for number in range(OWNERS):
        owner = factories.user(
            organisation, Role.OWNER, username=f"qe-owner-{number}", directorate=directorate
        )
        measure = factories.measure(plan, f"1A{number}", owner=owner, directorate_=directorate)
        factories.observation(measure, PUBLISH_PERIOD, 60 + number, status=Status.APPROVED)
        owners.append({"user": owner.pk, "code": measure.code, "value": f"{70 + number}.5"})
    factories.period_return(plan, SAVE_PERIOD)
    publish = factories.period_return(plan, PUBLISH_PERIOD)
    publishers = [
        factories.user(organisation, Role.PERFORMANCE, username=f"qe-performance-{number}").pk
        for number in range(PUBLISHERS)
    ]
    return {"plan": plan.pk, "owners": owners, "publishers": publishers, "return": publish.pk}


def run(seeded: dict[str, Any]) -> dict[str, Any]:
    from django.db import connection, connections
    from django.test import Client
    from django.urls import reverse

    from councilstat.core.periods import parse_period
    from councilstat.web.accounts.models import User
    from councilstat.web.collection.models import Observation, PeriodReturn, Status

    jobs: list[tuple[str, int, str, dict[str, str]]] = []
    for owner in seeded["owners"]:
        url = reverse(
            "collection:entry",
            kwargs={
                "plan_id": seeded["plan"],
                "code": owner["code"],
                "period": parse_period(SAVE_PERIOD),
            },
        )
        form = {"value": owner["value"], "version": "", "action": "draft", "commentary": ""}
        jobs.append(("save", owner["user"], url, form))
    publish_url = reverse("collection:publish", kwargs={"pk": seeded["return"]})
    jobs += [("publish", user, publish_url, {}) for user in seeded["publishers"]]

    results: list[tuple[str, int]] = [("", 0)] * len(jobs)
    ready = threading.Barrier(len(jobs))

    def person(index: int) -> None:
        kind, user_id, url, form = jobs[index]
        try:
            client = Client(raise_request_exception=False)
            client.force_login(User.objects.get(pk=user_id))
            ready.wait(timeout=60)
            results[index] = (kind, client.post(url, form).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=person, args=(i,)) for i in range(len(jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    stored = {
        row.measure.code: str(row.value.normalize())
        for row in Observation.objects.filter(period=SAVE_PERIOD).select_related("measure")
    }
    published = Observation.objects.filter(period=PUBLISH_PERIOD, status=Status.PUBLISHED)
    journal = None
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            journal = cursor.execute("PRAGMA journal_mode").fetchone()[0]
    return {
        "saves": [status for kind, status in results if kind == "save"],
        "publishes": [status for kind, status in results if kind == "publish"],
        "stored": stored,
        "expected": {
            owner["code"]: str(Decimal(owner["value"]).normalize()) for owner in seeded["owners"]
        },
        "published": published.count(),
        "published_at_set": PeriodReturn.objects.get(pk=seeded["return"]).published_at is not None,
        "journal_mode": journal,
    }


if __name__ == "__main__":
    import django

    django.setup()
    sys.stdout.write(json.dumps(run(json.loads(sys.argv[1]))) + "\n")
