"""What the browser journeys share: signing in and out, invitations, uploads, dates, and the
accessibility check."""

from __future__ import annotations

import datetime as dt
import re

from axe_playwright_python.sync_playwright import Axe

from councilstat.web.demo.council import DEMO_PASSWORD

INVITATION_LINK = re.compile(r"https?://\S+/accounts/invitation/\S+/")


def sign_in(page, base_url, username, password=DEMO_PASSWORD):
    """Sign in (by default as a demonstration user)."""
    page.goto(f"{base_url}/accounts/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def sign_out(page):
    """Sign out with the header's button."""
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()


def check_accessible(page, name, screenshots):
    """Keep a screenshot of the page and require no axe-core violations."""
    results = Axe().run(page)
    page.screenshot(path=str(screenshots / f"{name}.png"), full_page=True)
    assert results.violations_count == 0, results.generate_report()


def invitation_link(message, base_url):
    """The link in an invitation e-mail, pointed at the live server."""
    found = INVITATION_LINK.search(message.body)
    assert found is not None, message.body
    return base_url + "/" + found.group(0).split("/", 3)[3]


def choose_password(page, link, password):
    """Follow an invitation link and choose a password (the page that confirms it is left
    open for the caller to check)."""
    page.goto(link)
    page.wait_for_load_state()
    page.get_by_label("New password", exact=True).fill(password)
    page.get_by_label("New password confirmation").fill(password)
    page.get_by_role("button", name="Save your password").click()
    page.wait_for_load_state()
    assert "Your password has been saved" in page.content()


def csv_file(name, lines):
    """An upload for ``set_input_files``: a CSV file of ``lines``."""
    content = ("\r\n".join(lines) + "\r\n").encode()
    return {"name": name, "mimeType": "text/csv", "buffer": content}


def fill_date(page, day: dt.date) -> None:
    """Fill a GOV.UK date input (day, month, year)."""
    page.get_by_label("Day").fill(str(day.day))
    page.get_by_label("Month").fill(str(day.month))
    page.get_by_label("Year").fill(str(day.year))
