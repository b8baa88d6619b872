"""Quarter end, as locust users (run by ``bench_load.py``; not on its own).

100 measure owners each enter values for their measures (my measures, the entry form, save),
20 councillors read the dashboards (overview, exceptions, a measure), and members of the
public read the public site, each pausing between pages as people do. The owners and
councillors are already signed in (``bench_load`` prepares their sessions): at quarter end
people sign in once and then work, and signing in is deliberately slow (a password hash of
about a second of CPU), so it is left out of these figures. The names of the requests group
them by kind in the figures.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
from pathlib import Path
from urllib.parse import urlsplit

from locust import HttpUser, between, task

SESSIONS = json.loads(Path(os.environ["BENCH_SESSIONS"]).read_text())
SESSION_COOKIE = "sessionid"
PLAN = int(os.environ["BENCH_PLAN_ID"])
ORGANISATION = int(os.environ["BENCH_ORGANISATION_ID"])
OWNERS = int(os.environ["BENCH_OWNERS"])
MEASURES = int(os.environ["BENCH_MEASURES"])
OPEN_QUARTER = os.environ["BENCH_OPEN_QUARTER"]  # as in URLs: 2019-20-q2
PUBLISHED_QUARTER = os.environ["BENCH_PUBLISHED_QUARTER"]
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'<input[^>]*name="version"[^>]*>')
VALUE = re.compile(r'value="(\d+)"')

_owners = itertools.count(1)
_councillors = itertools.count(1)


def code(index: int) -> str:
    return f"M{index:03d}"


class SignedIn(HttpUser):
    abstract = True
    username = ""

    def on_start(self) -> None:
        host = urlsplit(self.host).hostname
        self.client.cookies.set(SESSION_COOKIE, SESSIONS[self.username], domain=host)


class Owner(SignedIn):
    """Enters this quarter's values for their measures, one after another."""

    fixed_count = 100
    wait_time = between(30, 90)  # finding the figure in the source system, typing, checking

    def on_start(self) -> None:
        number = next(_owners)
        self.username = f"owner-{number:03d}"
        # Measure i belongs to owner i % OWNERS + 1 (bench_load.seed).
        self.codes = [code(i) for i in range(number - 1, MEASURES, OWNERS)]
        super().on_start()

    @task(1)
    def my_measures(self) -> None:
        self.client.get("/collect/", name="owner: my measures")

    @task(4)
    def enter_a_value(self) -> None:
        url = f"/collect/plans/{PLAN}/measures/{random.choice(self.codes)}/{OPEN_QUARTER}/"
        form = self.client.get(url, name="owner: entry form")
        token, version = TOKEN.search(form.text), VERSION.search(form.text)
        if not token or not version:  # not open for entry: the page says why
            return
        data = {
            "csrfmiddlewaretoken": token.group(1),
            "version": (found.group(1) if (found := VALUE.search(version.group(0))) else ""),
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
    wait_time = between(20, 60)  # reading the page

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
    wait_time = between(5, 15)

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
