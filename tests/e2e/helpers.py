"""What the browser journeys share: signing in and out, and the accessibility check."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe

from councilstat.web.demo.council import DEMO_PASSWORD


def sign_in(page, base_url, username):
    """Sign in as a demonstration user."""
    page.goto(f"{base_url}/accounts/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
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
