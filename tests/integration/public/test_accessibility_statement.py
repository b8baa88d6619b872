"""The accessibility statement: its dates, what is known not to meet WCAG 2.2 AA, a contact
with a response time from the site's settings, and the enforcement procedure."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from councilstat.web.public.presenters import STATEMENT_PREPARED, STATEMENT_REVIEWED


@pytest.fixture(autouse=True)
def empty_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def statement(client) -> str:
    response = client.get(reverse("public:accessibility"))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_the_statement_has_its_dates_non_accessible_content_and_enforcement(client, db):
    text = statement(client)
    assert (
        f"This statement was prepared on {STATEMENT_PREPARED:%-d %B %Y}. "
        f"It was last reviewed on {STATEMENT_REVIEWED:%-d %B %Y}."
    ) in text
    assert STATEMENT_PREPARED <= STATEMENT_REVIEWED
    section = text[text.index('id="non-accessible-content"') :]
    assert "Non-compliance with the accessibility regulations" in section
    assert "relies on that table" in section  # charts' complex SVG rely on their data tables
    assert "/api/v1/explorer" in section  # the third-party API explorer fails axe
    assert "/api/v1/docs" in section  # its accessible alternative
    assert "1.4.10" not in section  # every page reflows at 320 px (tests/e2e/test_reflow.py)
    assert "Disproportionate burden" in section
    assert "Equality and Human Rights Commission (EHRC)" in text
    assert "Equality Advisory and Support Service (EASS)" in text
    assert "Equality Commission for Northern Ireland" in text
    # No contact set: people are sent to the council that published the figures.
    assert "through its website's contact page" in text
    assert 'id="response-time"' not in text


def test_the_contact_and_response_time_come_from_the_sites_settings(client, db, settings):
    settings.COUNCILSTAT_ACCESSIBILITY_EMAIL = "access@council.example"
    settings.COUNCILSTAT_ACCESSIBILITY_PHONE = "01709 000000"
    settings.COUNCILSTAT_ACCESSIBILITY_RESPONSE_DAYS = 5
    text = statement(client)
    assert 'href="mailto:access@council.example"' in text
    assert "call 01709 000000" in text
    assert "get back to you in 5 working days" in text
    assert "through its website's contact page" not in text
