"""Every page at 320 CSS pixels (WCAG 1.4.10 reflow) and through axe-core, as each role that can
see it, on the demonstration council.

Each page must not scroll sideways (``scrollWidth`` at most 320, allowing a pixel for rounding:
wide tables scroll inside their own region instead), must have no axe-core violation, and must
mark at most one navigation item current. Django's ``template_rendered`` signal records every
template drawn while the pages are visited; the test then requires that every template which
renders a whole page (it extends a layout, or is a document of its own) was among them, so a
page added later without a visit here fails this test.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.tokens import default_token_generator
from django.core.cache import cache
from django.core.management import call_command
from django.test.client import RequestFactory
from django.test.signals import template_rendered
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

import councilstat.web
from councilstat.core.periods import Quarter
from councilstat.web.accounts.invitations import invitation_path
from councilstat.web.accounts.models import Organisation, Role, User
from councilstat.web.benchmarking.models import ComparatorSharing
from councilstat.web.collection.models import Observation, PeriodReturn, Status
from councilstat.web.collection.selectors import period_labels_in_return
from councilstat.web.collection.services import Figures, enter_observation, return_observation
from councilstat.web.demo.council import DEMO_PASSWORD
from councilstat.web.operations.errors import server_error, unavailable
from councilstat.web.operations.limits import _too_large
from councilstat.web.plans.models import Measure, Plan
from councilstat.web.scrutiny.models import Action, Meeting
from tests.e2e.helpers import sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 320
# Pages drawn by another project, checked for reflow but not by axe: django-ninja's Swagger UI
# (the API's interactive explorer, for developers, beside the accessible reference) has no page language, no landmarks, low-contrast
# text and buttons inside buttons. Its own bundle cannot be changed here.
NOT_OURS = ("/api/v1/explorer",)
LAYOUTS = ('{% extends "base.html" %}', '{% extends "public/base_public.html" %}')
WEB = Path(councilstat.web.__file__).parent


def page_templates() -> set[str]:
    """Every template that draws a whole page: those extending one of the two layouts, and
    documents of their own (the layouts themselves, the draft minutes' HTML file)."""
    found = set()
    for path in WEB.rglob("templates/**/*.html"):
        text = path.read_text(encoding="utf-8")
        if any(layout in text for layout in LAYOUTS) or "<!DOCTYPE html>" in text:
            # The template's name: its path after the last "templates" folder.
            last = max(i for i, part in enumerate(path.parts) if part == "templates")
            found.add("/".join(path.parts[last + 1 :]))
    return found


class Templates:
    """The templates drawn: all of them, and those since the last page was checked."""

    def __init__(self) -> None:
        self.names: set[str] = set()
        self.latest: set[str] = set()

    def record(self, sender, template, context, **kwargs) -> None:
        if template.name:
            self.names.add(template.name)
            self.latest.add(template.name)


class Visits:
    """The pages one role sees, and every problem found on them.

    Every page is measured at 320 px and its navigation checked. axe-core runs on each page
    whose set of templates it has not yet seen (the first role to open a page; another
    role's copy differs only in its navigation, which axe checks on that role's own pages, and
    a second measure page only in its figures). This keeps the test near three minutes.
    """

    def __init__(self, page, base: str, templates: Templates, axed: set[object]) -> None:
        self.page, self.base, self.templates, self.axed = page, base, templates, axed
        self.problems: list[str] = []
        self.count = 0

    def open(self, url: str, label: str | None = None) -> None:
        self.page.goto(url if url.startswith("http") else self.base + url)
        self.check(label or url)

    def check(self, label: str) -> None:
        self.count += 1
        page = self.page
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > WIDTH + 1:
            self.problems.append(f"{label}: the page is {width}px wide at {WIDTH}px")
        current = page.locator('.govuk-service-navigation [aria-current="page"]').count()
        if current > 1:
            self.problems.append(f"{label}: {current} navigation items are current")
        # A page served from the cache draws no template: then its address stands for it.
        drawn = frozenset(self.templates.latest) or label
        self.templates.latest.clear()
        if drawn in self.axed or label in NOT_OURS:
            return
        self.axed.add(drawn)
        results = Axe().run(page)
        for violation in results.response["violations"]:
            where = ", ".join(str(node["target"]) for node in violation["nodes"][:3])
            count = len(violation["nodes"])
            self.problems.append(f"{label}: axe {violation['id']} on {count} ({where})")

    def document(self, url: str, label: str) -> None:
        """A download shown as a page: fetched with the browser's cookies, then displayed."""
        body = self.page.request.get(self.base + url).body()
        self.served(body, label)

    def served(self, body: bytes | str, label: str, status: int = 200) -> None:
        """``body`` shown as the page at an address of the site (so its stylesheet loads)."""
        address = f"{self.base}/__shown__/{self.count}/"
        self.page.route(
            address,
            lambda route: route.fulfill(status=status, body=body, content_type="text/html"),
        )
        self.open(address, label)


@pytest.fixture
def rendered() -> Iterator[Templates]:
    templates = Templates()
    template_rendered.connect(templates.record)
    yield templates
    template_rendered.disconnect(templates.record)


def phone(browser):
    return browser.new_context(viewport={"width": WIDTH, "height": 800}).new_page()


def code_of(device: TOTPDevice, step: int) -> str:
    device.refresh_from_db()
    value = totp(device.bin_key, device.step, device.t0, device.digits, drift=step)
    return f"{value:0{device.digits}d}"


def prepare(plan: Plan) -> None:
    """Values waiting for approval and one returned, as a quarter in collection has them."""
    owner, director = User.objects.get(username="owner"), User.objects.get(username="director")
    q3 = Quarter(2019, 3)
    measures = {m.code: m for m in Measure.objects.filter(plan=plan, code__startswith="5D")}
    enter_observation(
        owner,
        measures["5D1"],
        q3,
        Figures(Decimal("92.4"), commentary="Reminders went to every manager."),
        expected_version=None,
        submit=True,
    )
    enter_observation(
        owner,
        measures["5D3"],
        q3,
        Figures(Decimal("19341000"), commentary="Two quarters' payments fell in one."),
        expected_version=None,
        confirmed=True,
        submit=True,
    )
    returned = enter_observation(
        owner,
        measures["5D5"],
        q3,
        Figures(Decimal("120"), commentary="Fewer cases this quarter."),
        expected_version=None,
        submit=True,
    )
    reason = "Give the figure for the whole quarter"
    return_observation(director, returned, reason, expected_version=returned.version)


def test_every_page_reflows_at_320_px_and_passes_axe_for_every_role(
    live_server, browser, rendered, settings
):
    call_command("load_demo", stdout=io.StringIO())  # the council, comparators and meeting
    cache.clear()  # public pages are cached: draw them afresh, so their templates are seen
    plan = Plan.objects.get()
    organisation = plan.organisation
    base = live_server.url
    prepare(plan)
    q2, q3 = "2019-20-q2", "2019-20-q3"
    quarter = f"/plans/{plan.pk}/{q2}"
    meeting = Meeting.objects.order_by("pk").first()
    owners_action = Action.objects.filter(owner__username="owner").first()
    q3_round = PeriodReturn.objects.get(plan=plan, period="2019/20 Q3")
    published = Observation.objects.filter(
        measure__plan=plan, measure__code="1A8", status=Status.PUBLISHED
    ).latest("period_end")
    waiting = Observation.objects.filter(status=Status.SUBMITTED).order_by("pk").first()
    # A Q2 value approved after Q2 was published (to be published late), and another council
    # offering its comparator values: the pages' tables for both.
    q2_round = PeriodReturn.objects.get(plan=plan, period="2019/20 Q2")
    in_q2 = Observation.objects.filter(
        measure__plan=plan, period__in=period_labels_in_return(q2_round), status=Status.PUBLISHED
    )
    in_q2.filter(pk=in_q2.order_by("pk").values("pk")[:1]).update(status=Status.APPROVED)
    neighbour = Organisation.objects.create(name="Neighbouring Borough Council")
    ComparatorSharing.objects.create(provider=neighbour, recipient=organisation)
    problems: list[str] = []
    axed: set[object] = set()
    total = 0

    # The public, signed out ---------------------------------------------------------------
    tab = phone(browser)
    visits = Visits(tab, base, rendered, axed)
    public = f"/public/{organisation.pk}"
    for url in (
        "/public/",
        f"{public}/",
        f"{public}/priorities/1/",
        f"{public}/measures/1A8/",
        f"{public}/quarters/",
        f"{public}/quarters/{q2}/",
        "/public/accessibility/",
        "/accessibility/",
        "/privacy/",
        "/help/",
        "/accounts/sign-in/",
        "/no-such-page/",
        "/accounts/password-reset/",
    ):
        visits.open(url)
    tab.fill("#id_email", "nobody@council.example")
    tab.get_by_role("button", name="Send the link").click()
    visits.check("password reset sent")
    someone = User.objects.get(username="owner-head-of-licensing")
    uid = urlsafe_base64_encode(force_bytes(someone.pk))
    visits.open(f"/accounts/password-reset/{uid}/{default_token_generator.make_token(someone)}/")
    tab.fill("#id_new_password1", "Correct-Horse-Battery-42")
    tab.fill("#id_new_password2", "Correct-Horse-Battery-42")
    tab.get_by_role("button", name="Save the password").click()
    visits.check("password reset complete")
    invited = User.objects.create(
        username="invited", organisation=organisation, role=Role.OWNER, email="new@council.example"
    )
    invited.set_unusable_password()
    invited.save()
    visits.open(invitation_path(invited), "accept an invitation")
    # A sign-in form posted without its CSRF token (a stale page): the CSRF failure page.
    tab.goto(base + "/accounts/sign-in/")
    tab.evaluate("document.querySelector('input[name=csrfmiddlewaretoken]').remove()")
    tab.get_by_label("Username").fill("performance")
    tab.get_by_label("Password").fill(DEMO_PASSWORD)
    tab.get_by_role("button", name="Sign in").click()
    visits.check("CSRF failure")
    # The 500 and 503 pages, drawn as the handlers draw them.
    request = RequestFactory().get("/")
    visits.served(server_error(request).content, "500 page", status=500)
    visits.served(unavailable(request).content, "503 page", status=503)
    request.user = AnonymousUser()
    too_large = _too_large(request, 64 * 1024, signed_in=False)
    visits.served(too_large.content, "413 page", status=413)
    for _ in range(5):  # five wrong passwords lock a username out at this address
        tab.goto(base + "/accounts/sign-in/")
        tab.get_by_label("Username").fill("nobody")
        tab.get_by_label("Password").fill("wrong password")
        tab.get_by_role("button", name="Sign in").click()
        tab.wait_for_load_state()
    tab.get_by_role("heading", level=1).wait_for()
    visits.check("locked out")
    problems += visits.problems
    total += visits.count
    tab.context.close()

    # The performance team, with the second factor on as in production ------------------------
    settings.COUNCILSTAT_MFA_REQUIRED = True
    tab = phone(browser)
    visits = Visits(tab, base, rendered, axed)
    sign_in(tab, base, "performance")
    visits.check("second factor set-up")
    performance = User.objects.get(username="performance")
    device = TOTPDevice.objects.get(user=performance)
    tab.get_by_label("Code from your authenticator app").fill(code_of(device, 0))
    tab.get_by_role("button", name="Continue").click()
    sign_out(tab)
    sign_in(tab, base, "performance")
    visits.check("second factor")
    tab.get_by_label("Code from your authenticator app").fill(code_of(device, 1))
    tab.get_by_role("button", name="Continue").click()
    settings.COUNCILSTAT_MFA_REQUIRED = False
    for url in (
        "/",
        f"{quarter}/",
        f"/plans/{plan.pk}/{q3}/",
        f"{quarter}/exceptions/",
        f"/plans/{plan.pk}/years/2019-20/",
        f"{quarter}/priorities/1/",
        f"{quarter}/outcomes/1.A/",
        f"{quarter}/measures/1A8/",
        f"{quarter}/measures/4B1/",
        "/guide/statistics/",
        "/collect/periods/",
        f"/collect/periods/{q3_round.pk}/",
        f"/collect/periods/{q3_round.pk}/publish/",
        f"/collect/periods/{q2_round.pk}/publish/",
        f"/collect/plans/{plan.pk}/{q3}/progress/",
        f"/collect/plans/{plan.pk}/rounds/new/",
        f"/collect/plans/{plan.pk}/targets/",
        f"/collect/observations/{published.pk}/restate/",
        "/collect/approvals/",
        "/collect/settings/",
        "/manage/",
        f"/manage/plans/{plan.pk}/measures/1A8/",
        f"/manage/plans/{plan.pk}/measures/1A8/targets/",
        f"/manage/plans/{plan.pk}/next-year/",
        f"/manage/plans/{plan.pk}/continues/",
        "/manage/users/",
        "/manage/users/new/",
        f"/manage/users/{User.objects.get(username='owner').pk}/",
        "/manage/directorates/",
        "/manage/directorates/new/",
        f"/manage/directorates/{performance.organisation.directorates.first().pk}/",
        "/manage/council/",
        f"/audit/plans/{plan.pk}/measures/1A8/",
        f"/audit/plans/{plan.pk}/{q2}/",
        "/benchmarking/",
        "/benchmarking/link/",
        "/benchmarking/load/",
        f"/benchmarking/plans/{plan.pk}/{q2}/measures/2B2/",
        "/scrutiny/",
        "/scrutiny/boards/new/",
        "/scrutiny/meetings/new/",
        f"/scrutiny/meetings/{meeting.pk}/",
        f"/scrutiny/meetings/{meeting.pk}/questions/new/",
        f"/scrutiny/meetings/{meeting.pk}/actions/new/",
        f"/scrutiny/meetings/{meeting.pk}/resolutions/new/",
        f"/scrutiny/meetings/{meeting.pk}/minutes/",
        "/scrutiny/actions/",
        f"/scrutiny/actions/{owners_action.pk}/",
        f"/scrutiny/actions/{owners_action.pk}/edit/",
        "/api/v1/docs",
        "/api/v1/explorer",
        "/api/v1/tokens/",
        "/help/",
    ):
        visits.open(url)
    visits.document(f"/scrutiny/meetings/{meeting.pk}/minutes.html", "draft minutes (HTML file)")
    visits.open("/api/v1/tokens/")
    tab.get_by_label("What is the token for?").fill("Power BI")
    tab.get_by_role("button", name="Create token").click()
    tab.get_by_role("heading", name="Your new API token").wait_for()
    visits.check("token created")
    template = tab.request.get(f"{base}/collect/plans/{plan.pk}/{q3}/template.xlsx").body()
    visits.open("/collect/import/")
    tab.get_by_label("Upload a file").set_input_files(
        {"name": "values.xlsx", "mimeType": "application/octet-stream", "buffer": template}
    )
    tab.get_by_role("button", name="Upload and check").click()
    visits.check("import preview")
    # A report is made in the background: its job page, the list of jobs, and the refusal
    # when a person already has as many reports being prepared as allowed.
    visits.open(f"{quarter}/report.html", "report job")
    visits.open("/jobs/")
    settings.COUNCILSTAT_JOBS_PER_USER = 0
    visits.open(f"{quarter}/report.docx", "too many report jobs")
    settings.COUNCILSTAT_JOBS_PER_USER = 3
    problems += visits.problems
    total += visits.count
    tab.context.close()

    # A measure owner ----------------------------------------------------------------------------
    tab = phone(browser)
    visits = Visits(tab, base, rendered, axed)
    sign_in(tab, base, "owner")
    returned = Measure.objects.get(plan=plan, code="5D5")
    for url in (
        "/collect/",
        f"/collect/plans/{plan.pk}/{q3}/",
        f"/collect/plans/{plan.pk}/measures/{returned.code}/{q3}/",
        f"{quarter}/",
        f"{quarter}/measures/5D1/",
        "/scrutiny/actions/",
        f"/scrutiny/actions/{owners_action.pk}/",
        "/collect/periods/",  # not theirs: the 403 page
    ):
        visits.open(url)
    # A large change: the question at the top of the form.
    visits.open(f"/collect/plans/{plan.pk}/measures/5D7/{q3}/")
    tab.get_by_label("Value").first.fill("20")
    tab.get_by_label("Commentary").fill("A new way of counting completions.")
    tab.get_by_role("button", name="Save and submit").click()
    visits.check("entry asking to confirm a large change")
    summary = tab.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert summary.bounding_box()["y"] < 800  # on the first screen, not 1,400 px down
    problems += visits.problems
    total += visits.count
    tab.context.close()

    # A director ----------------------------------------------------------------------------
    tab = phone(browser)
    visits = Visits(tab, base, rendered, axed)
    sign_in(tab, base, "director")
    for url in (
        "/",
        f"{quarter}/",
        "/collect/approvals/",
        f"/collect/observations/{waiting.pk}/return/",
        "/scrutiny/",
    ):
        visits.open(url)
    # Approving a value someone changed since the page was drawn: the conflict page.
    tab.goto(base + "/collect/approvals/")
    tab.evaluate("document.querySelector('input[name=version]').value = '99'")
    tab.locator("button", has_text="Approve").first.click()
    visits.check("approval of a value changed meanwhile")
    problems += visits.problems
    total += visits.count
    tab.context.close()

    # A councillor ----------------------------------------------------------------------------
    tab = phone(browser)
    visits = Visits(tab, base, rendered, axed)
    sign_in(tab, base, "councillor")
    for url in (
        "/",
        f"{quarter}/",
        f"{quarter}/exceptions/",
        f"{quarter}/measures/1A8/",
        "/scrutiny/",
        f"/scrutiny/meetings/{meeting.pk}/",
        "/scrutiny/actions/",
        "/benchmarking/",
    ):
        visits.open(url)
    problems += visits.problems
    total += visits.count
    tab.context.close()

    # A service administrator ------------------------------------------------------------------
    User.objects.create_superuser("service", "service@councilstat.example", "x" * 16)
    tab = phone(browser)
    visits = Visits(tab, base, rendered, axed)
    tab.goto(base + "/accounts/sign-in/")
    tab.get_by_label("Username").fill("service")
    tab.get_by_label("Password").fill("x" * 16)
    tab.get_by_role("button", name="Sign in").click()
    for url in ("/manage/councils/", "/manage/councils/new/"):
        visits.open(url)
    problems += visits.problems
    total += visits.count
    tab.context.close()

    assert not problems, "\n\n".join(problems)
    missing = page_templates() - rendered.names
    assert not missing, f"page templates no page visited here drew: {sorted(missing)}"
    assert total >= 100
