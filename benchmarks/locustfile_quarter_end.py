"""Quarter end, as locust users (run by ``bench_load.py``; not on its own).

100 measure owners each enter values for their measures (my measures, the entry form, save),
20 councillors read the dashboards (overview, exceptions, a measure), and members of the
public read the public site. Each signs in once, as a person does, then works with pauses.
The names of the requests group them by kind in the figures.
"""

from __future__ import annotations

import itertools
import os
import random
import re

from locust import HttpUser, between, task

PASSWORD = os.environ["BENCH_PASSWORD"]
PLAN = int(os.environ["BENCH_PLAN_ID"])
ORGANISATION = int(os.environ["BENCH_ORGANISATION_ID"])
MEASURES_PER_OWNER = int(os.environ["BENCH_MEASURES_PER_OWNER"])
MEASURES = int(os.environ["BENCH_MEASURES"])
OPEN_QUARTER = os.environ["BENCH_OPEN_QUARTER"]  # as in URLs: 2019-20-q2
PUBLISHED_QUARTER = os.environ["BENCH_PUBLISHED_QUARTER"]
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d*)"')

_owners = itertools.count(1)
_councillors = itertools.count(1)


def code(index: int) -> str:
    return f"M{index:03d}"


class SignedIn(HttpUser):
    abstract = True
    username = ""

    def on_start(self) -> None:
        page = self.client.get("/accounts/sign-in/", name="sign in (form)")
        token = TOKEN.search(page.text)
        with self.client.post(
            "/accounts/sign-in/",
            data={
                "username": self.username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            headers={"Referer": f"{self.host}/accounts/sign-in/"},
            allow_redirects=False,
            name="sign in",
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"sign-in gave {response.status_code}")


class Owner(SignedIn):
    """Enters this quarter's values for their measures, one after another."""

    fixed_count = 100
    wait_time = between(2, 6)

    def on_start(self) -> None:
        self.number = next(_owners)
        self.username = f"owner-{self.number:03d}"
        first = (self.number - 1) * MEASURES_PER_OWNER
        self.codes = [code(first + i) for i in range(MEASURES_PER_OWNER)]
        super().on_start()

    @task(1)
    def my_measures(self) -> None:
        self.client.get("/collect/", name="owner: my measures")

    @task(4)
    def enter_a_value(self) -> None:
        url = f"/collect/plans/{PLAN}/measures/{random.choice(self.codes)}/{OPEN_QUARTER}/"
        form = self.client.get(url, name="owner: entry form")
        token, version = TOKEN.search(form.text), VERSION.search(form.text)
        if not token or not version:
            return
        data = {
            "csrfmiddlewaretoken": token.group(1),
            "version": version.group(1),
            # Close to the history (50 to 60), so no large-change confirmation is asked.
            "value": f"{random.uniform(52, 58):.1f}",
            "commentary": "Quarter-end figure, checked against the source system.",
            "action": "draft",
        }
        with self.client.post(
            url,
            data=data,
            headers={"Referer": self.host + url},
            allow_redirects=False,
            name="owner: save value",
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"save gave {response.status_code}")


class Councillor(SignedIn):
    """Reads the dashboards of the last published quarter."""

    fixed_count = 20
    wait_time = between(3, 8)

    def on_start(self) -> None:
        self.username = f"councillor-{next(_councillors):02d}"
        super().on_start()

    @task(3)
    def overview(self) -> None:
        self.client.get(f"/plans/{PLAN}/{PUBLISHED_QUARTER}/", name="councillor: dashboard")

    @task(1)
    def exceptions(self) -> None:
        self.client.get(
            f"/plans/{PLAN}/{PUBLISHED_QUARTER}/exceptions/", name="councillor: exceptions"
        )

    @task(2)
    def measure(self) -> None:
        chosen = code(random.randrange(MEASURES))
        self.client.get(
            f"/plans/{PLAN}/{PUBLISHED_QUARTER}/measures/{chosen}/", name="councillor: measure"
        )


class Public(HttpUser):
    """A resident or journalist on the public site."""

    fixed_count = 10
    wait_time = between(1, 4)

    @task(3)
    def glance(self) -> None:
        self.client.get(f"/public/{ORGANISATION}/", name="public: at a glance")

    @task(3)
    def measure(self) -> None:
        chosen = code(random.randrange(MEASURES))
        self.client.get(f"/public/{ORGANISATION}/measures/{chosen}/", name="public: measure")

    @task(1)
    def data(self) -> None:
        self.client.get(f"/public/{ORGANISATION}/data.csv", name="public: data.csv")
