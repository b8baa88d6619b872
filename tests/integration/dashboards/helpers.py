"""What the dashboard tests share: the demonstration quarter, page addresses, and a page's
words."""

from __future__ import annotations

import re

from django.urls import reverse

from councilstat.core.periods import Quarter
from councilstat.web.plans.models import Plan

Q2 = Quarter(2019, 2)


def url(name: str, plan: Plan, code: str | None = None, quarter: Quarter = Q2) -> str:
    args = [plan.pk, quarter] if code is None else [plan.pk, quarter, code]
    return reverse(f"dashboards:{name}", args=args)


def get_page(client, user, address: str, **params) -> str:
    """The page's HTML, fetched as ``user``; it must be a 200."""
    client.force_login(user)
    response = client.get(address, params)
    assert response.status_code == 200, address
    return response.content.decode()


def text_of(html: str) -> str:
    """The page's words with tags removed and spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())
