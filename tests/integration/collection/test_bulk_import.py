"""Bulk import: ``manage.py import_values`` (all or nothing, sign-off respected, audit trail
right, on SQLite and PostgreSQL), and bounded browser uploads (zip bombs and oversized requests
refused before they cost anything, the upload read once, problem lists capped on the page with
every one in a download)."""

from __future__ import annotations

import csv
import io
import zipfile
from decimal import Decimal as D
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client, RequestFactory
from django.urls import reverse

from councilstat.io.uploads import MAX_UPLOAD_UNPACKED_BYTES, UploadRefused, check_upload
from councilstat.web.accounts.models import Role
from councilstat.web.collection import imports
from councilstat.web.collection.imports import stage_upload
from councilstat.web.collection.models import CollectionSettings, Observation, Status
from councilstat.web.operations.limits import RequestSizeMiddleware
from tests.integration import factories
from tests.unit.io.plan_files import write_workbook

MEASURES = 100
MONTHS = [f"{2013 + (3 + m) // 12}-{(3 + m) % 12 + 1:02d}" for m in range(200)]


@pytest.fixture
def monthly(council):
    """A second plan of the council: 100 monthly measures, no targets yet."""
    plan = factories.plan(council.plan.organisation, title="Monthly plan")
    for i in range(MEASURES):
        factories.measure(plan, f"M{i:03d}", frequency="monthly")
    return plan


def values_file(tmp_path, rows, name="values.csv"):
    path = tmp_path / name
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["code", "period", "value", "note"])
        writer.writerows(rows)
    return path


def every_value(measures=MEASURES):
    return [
        [f"M{i:03d}", month, f"{40 + (i + n) % 50}.5", ""]
        for i in range(measures)
        for n, month in enumerate(MONTHS)
    ]


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_values", *map(str, args), "--no-progress", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_command_stores_every_value_with_its_audit_record(council, monthly, tmp_path):
    path = values_file(tmp_path, every_value())
    out, _ = run(monthly.pk, path, "--user", council.performance.username)
    assert "20,000 values added" in out
    rows = Observation.objects.filter(measure__plan=monthly)
    assert rows.count() == 20_000
    one = rows.get(measure__code="M007", period="2014-01")
    assert one.value == D("56.5")  # 40 + (7 + 9) % 50, plus .5: 2014-01 is the 10th month
    assert one.status == Status.SUBMITTED
    assert one.entered_by == council.performance
    assert one.version == 1
    assert one.submitted_at is not None
    assert one.approved_by is None
    history = list(one.history.all())
    assert len(history) == 1
    assert history[0].history_type == "+"
    assert history[0].history_user == council.performance
    assert history[0].history_change_reason == "Imported and submitted for approval"
    assert history[0].value == one.value
    assert history[0].period == "2014-01"
    assert Observation.history.filter(measure__plan=monthly).count() == 20_000
    # Ids are never reused: a value created next (by the form) gets a new one.
    later = factories.observation(council.measure, "2019/20 Q3", 81, status=Status.DRAFT)
    assert later.pk > max(rows.values_list("pk", flat=True))


def test_imported_values_count_as_approved_when_the_organisation_says_so(
    council, monthly, tmp_path
):
    CollectionSettings.objects.create(organisation=monthly.organisation, imports_approved=True)
    run(monthly.pk, values_file(tmp_path, every_value(2)), "--user", "performance")
    one = Observation.objects.get(measure__code="M001", period="2013-05")
    assert one.status == Status.APPROVED
    assert one.approved_by == council.performance
    assert one.history.get().history_change_reason.startswith("Imported and approved on import")


def test_a_bad_row_at_the_end_of_a_large_file_stores_nothing(council, monthly, tmp_path):
    rows = every_value()
    rows.append(["M001", "2030-01", "lots", ""])
    path = values_file(tmp_path, rows)
    with pytest.raises(CommandError, match="nothing was stored"):
        call_command(
            "import_values", str(monthly.pk), str(path), "--user", "performance", "--no-progress"
        )
    assert not Observation.objects.filter(measure__plan=monthly).exists()
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_values",
            str(monthly.pk),
            str(path),
            "--user=performance",
            "--no-progress",
            stderr=err,
        )
    assert "values.csv:20002:value: 'lots' is not a number" in err.getvalue()


def test_a_red_value_needs_a_note(council, tmp_path):
    path = values_file(tmp_path, [["1A1", "2019/20 Q2", "50", ""], ["3B1", "2019/20 Q2", "90", ""]])
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 problem"):
        call_command(
            "import_values", str(council.plan.pk), str(path), "--user=performance", stderr=err
        )
    assert "values.csv:2:note: 1A1 2019/20 Q2: the value 50 is off target (red)" in err.getvalue()
    assert not Observation.objects.filter(period="2019/20 Q2").exists()
    noted = values_file(tmp_path, [["1A1", "2019/20 Q2", "50", "Staff shortages"]], "noted.csv")
    run(council.plan.pk, noted, "--user", "performance")
    assert Observation.objects.get(period="2019/20 Q2").commentary == "Staff shortages"


def test_approved_and_published_values_are_kept_unless_the_flag_says_so(council, tmp_path):
    approved = factories.observation(
        council.measure, "2019/20 Q2", 85, status=Status.APPROVED, approved_by=council.director
    )
    rows = [["1A1", "2019/20 Q2", "90", ""], ["1A1", "2019/20 Q1", "78", ""]]
    path = values_file(tmp_path, rows)
    out, _ = run(council.plan.pk, path, "--user", "performance")
    assert "2 approved or published kept" in out
    approved.refresh_from_db()
    assert approved.value == 85
    assert approved.status == Status.APPROVED
    published = Observation.objects.get(measure=council.measure, period="2019/20 Q1")
    assert published.value == 70
    with pytest.raises(CommandError, match="give --reason"):
        run(council.plan.pk, path, "--user", "performance", "--replace-signed-off")
    approved.refresh_from_db()
    assert approved.value == 85
    run(
        council.plan.pk,
        path,
        "--user",
        "performance",
        "--replace-signed-off",
        "--reason",
        "Corrected count",
    )
    approved.refresh_from_db()
    published.refresh_from_db()
    assert approved.value == 90
    assert approved.status == Status.SUBMITTED
    assert approved.history.first().history_change_reason == "Imported and submitted for approval"
    assert published.value == 78
    assert published.reported_value == 70
    assert published.status == Status.PUBLISHED
    assert published.restatement_reason == "Corrected count"
    latest = published.history.first()
    assert latest.history_change_reason == "Restated by import: Corrected count"
    assert latest.history_user == council.performance
    assert latest.history_type == "~"


def test_only_the_performance_team_imports(council, monthly, tmp_path):
    with pytest.raises(CommandError, match="may not import"):
        run(monthly.pk, values_file(tmp_path, every_value(1)), "--user", "owner")
    with pytest.raises(CommandError, match="--user"):
        run(monthly.pk, values_file(tmp_path, every_value(1)))


# Bounded uploads -----------------------------------------------------------------------------


def bomb(tmp_path) -> bytes:
    """A real workbook, padded with a member of zeros: small packed, huge unpacked."""
    buffer = io.BytesIO(write_workbook(tmp_path / "plan.xlsx").read_bytes())
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", bytes(190 * 1024 * 1024))
    return buffer.getvalue()


def test_a_small_workbook_that_unpacks_to_too_much_is_refused(council, tmp_path):
    content = bomb(tmp_path)
    assert len(content) < 200 * 1024
    with pytest.raises(UploadRefused, match=r"plan.xlsx unpacks to 190 MB, more than the 20 MB"):
        check_upload("plan.xlsx", content, whole_plan=True)
    assert MAX_UPLOAD_UNPACKED_BYTES == 20 * 1024 * 1024
    client = Client()
    client.force_login(council.performance)
    with mock.patch.object(imports, "read_plan_upload") as reader:
        page = client.post(
            reverse("collection:import"),
            {"kind": "plan", "file": SimpleUploadedFile("plan.xlsx", content)},
        )
    assert page.status_code == 200  # the form again, with the error
    assert "unpacks to 190 MB" in page.content.decode()
    reader.assert_not_called()


def bad_rows(count: int) -> bytes:
    lines = ["code,period,value"] + [f"X{n},2019/20 Q2,1" for n in range(count)]
    return ("\n".join(lines) + "\n").encode()


def test_a_hundred_thousand_bad_rows_give_a_short_page_and_a_full_download(council):
    pending = stage_upload(council.performance, council.plan, "values.csv", bad_rows(100_000))
    client = Client()
    client.force_login(council.performance)
    page = client.get(reverse("collection:import_preview", args=[pending.token]))
    html = page.content.decode()
    assert "The file has 100000 problems" in html
    assert html.count('id="problem-') == 100
    assert "and 99,990 more problems" in html
    assert "Download all 100000 problems (CSV)" in html
    assert len(page.content) < 150_000
    report = client.get(reverse("collection:import_report", args=[pending.token]))
    assert report["Content-Type"] == "text/csv"
    lines = report.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 100_001
    assert lines[1] == "values.csv,,2,code,unknown measure code 'X0': it is not in measures"
    assert lines[-1].startswith("values.csv,,100001,code,unknown measure code 'X99999'")


def test_an_upload_is_read_once(council):
    content = b"code,period,value,note\n1A1,2019/20 Q2,90,\n3B1,2019/20 Q2,50,Late returns\n"
    pending = stage_upload(council.performance, council.plan, "values.csv", content)
    client = Client()
    client.force_login(council.performance)
    url = reverse("collection:import_preview", args=[pending.token])
    with mock.patch.object(
        imports, "read_bulk_observations", wraps=imports.read_bulk_observations
    ) as reader:
        assert "Confirm import" in client.get(url).content.decode()
        assert "Confirm import" in client.get(url).content.decode()
        client.get(reverse("collection:import_report", args=[pending.token]))
        done = client.post(url, {"action": "confirm"})
    assert done.status_code == 302
    assert reader.call_count == 1
    stored = Observation.objects.get(measure=council.other_measure, period="2019/20 Q2")
    assert stored.value == 50
    assert stored.commentary == "Late returns"
    assert stored.history.get().history_user == council.performance


def too_large_request(path: str, length: int):
    body = mock.Mock(spec=io.BytesIO)
    request = RequestFactory().generic(
        "POST",
        path,
        b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(length),
        **{"wsgi.input": body},
    )
    return request, body


def test_an_anonymous_upload_is_refused_before_its_body_is_read(db):
    from django.contrib.auth.models import AnonymousUser

    request, body = too_large_request("/collect/import/", 200 * 1024 * 1024)
    request.user = AnonymousUser()
    view = mock.Mock()
    response = RequestSizeMiddleware(view)(request)
    assert response.status_code == 413
    assert "Sign in first" in response.content.decode()
    view.assert_not_called()
    body.read.assert_not_called()
    body.readline.assert_not_called()
    # A small anonymous post (signing in) goes through.
    small, _ = too_large_request("/accounts/login/", 300)
    small.user = AnonymousUser()
    RequestSizeMiddleware(view)(small)
    view.assert_called_once()


def test_the_whole_stack_refuses_an_oversized_post_unread(council):
    client = Client()
    body = mock.Mock(spec=io.BytesIO)
    response = client.generic(
        "POST",
        reverse("accounts:login"),
        b"",
        CONTENT_LENGTH=str(200 * 1024 * 1024),
        **{"wsgi.input": body},
    )
    assert response.status_code == 413
    body.read.assert_not_called()
    signed_in = Client()
    signed_in.force_login(council.performance)
    response = signed_in.generic(
        "POST",
        reverse("collection:import"),
        b"",
        CONTENT_LENGTH=str(200 * 1024 * 1024),
        **{"wsgi.input": body},
    )
    assert response.status_code == 413
    assert "smaller than 25 MB" in response.content.decode()
    body.read.assert_not_called()


def test_roles_other_than_the_performance_team_get_no_problem_download(council):
    pending = stage_upload(council.performance, council.plan, "values.csv", bad_rows(3))
    client = Client()
    client.force_login(council.owner)
    assert client.get(reverse("collection:import_report", args=[pending.token])).status_code in (
        403,
        404,
    )
    assert council.owner.role == Role.OWNER


# manage.py import_plan ------------------------------------------------------------------------


def test_the_plan_command_imports_a_folder_all_or_nothing(council, tmp_path):
    from tests.unit.io.plan_files import OBSERVATIONS, write_plan

    bad = write_plan(tmp_path / "bad", observations=[*OBSERVATIONS, "1A2,2019/20 Q3,many,,,"])
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was stored"):
        call_command("import_plan", str(bad), "--user=performance", "--no-progress", stderr=err)
    assert "observations.csv:8:value: 'many' is not a number" in err.getvalue()
    assert not council.plan.organisation.plans.filter(title="Council Plan").exists()
    good = write_plan(tmp_path / "good")
    out = io.StringIO()
    call_command("import_plan", str(good), "--user=performance", "--no-progress", stdout=out)
    assert "observations: 6 added, 0 updated" in out.getvalue()
    plan = council.plan.organisation.plans.get(title="Council Plan")
    value = Observation.objects.get(measure__plan=plan, period="2019/20 Q2", measure__code="1A2")
    assert value.status == Status.SUBMITTED
    assert value.entered_by == council.performance


def test_the_plan_command_never_changes_an_approved_value(council, tmp_path):
    from tests.unit.io.plan_files import OBSERVATIONS, write_plan

    call_command(
        "import_plan", str(write_plan(tmp_path / "a")), "--user=performance", "--no-progress"
    )
    plan = council.plan.organisation.plans.get(title="Council Plan")
    Observation.objects.filter(measure__plan=plan).update(status=Status.APPROVED)
    changed = [line.replace("1A2,2019/20 Q2,395", "1A2,2019/20 Q2,399") for line in OBSERVATIONS]
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was stored"):
        call_command(
            "import_plan",
            str(write_plan(tmp_path / "b", observations=changed)),
            "--user=performance",
            "--no-progress",
            stderr=err,
        )
    assert "the approved value 395 would change to 399" in err.getvalue()
    assert (
        Observation.objects.get(measure__plan=plan, measure__code="1A2", period="2019/20 Q2").value
        == 395
    )
