"""Spreadsheet import in the browser: upload, preview every problem, confirm all or nothing;
unsafe files refused; and the collection template."""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from councilstat.core.periods import Quarter
from councilstat.web.accounts.models import Role
from councilstat.web.collection.models import (
    CollectionSettings,
    Observation,
    PendingImport,
    Status,
)
from councilstat.web.plans.models import Measure, Plan, Target
from tests.integration import factories
from tests.unit.io.plan_files import OBSERVATIONS, write_workbook

Q2 = Quarter(2019, 2)


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def workbook_bytes(tmp_path, name="plan.xlsx", **sheets):
    return write_workbook(tmp_path / name, **sheets).read_bytes()


def upload(client, name, content, *, kind="plan", plan=None):
    data = {"kind": kind, "file": SimpleUploadedFile(name, content)}
    if plan is not None:
        data["plan"] = plan.pk
    return client.post(reverse("collection:import"), data)


def preview_of(client, response):
    assert response.status_code == 302, response.content.decode()
    return response.url


def stored():
    """A fingerprint of everything an import could change."""
    return (
        list(Plan.objects.values_list("pk", "title")),
        list(Measure.objects.values_list("pk", "code", "title", "owner_id")),
        list(Target.objects.values_list("pk", "period", "value")),
        list(Observation.objects.values_list("pk", "period", "value", "status", "version")),
    )


def test_a_good_workbook_is_previewed_then_imported(council, tmp_path):
    performance = signed_in(council.performance)
    url = preview_of(performance, upload(performance, "plan.xlsx", workbook_bytes(tmp_path)))
    before = stored()
    page = performance.get(url).content.decode()
    assert "Check the import" in page
    assert "Confirm import" in page
    assert "Measures" in page
    assert stored() == before  # the preview rehearses the import and rolls it back
    done = performance.post(url, {"action": "confirm"})
    assert done.status_code == 302
    plan = Plan.objects.get(organisation=council.plan.organisation, title="Council Plan")
    assert plan.measures.count() == 4
    assert Target.objects.filter(measure__plan=plan).count() == 3
    assert Observation.objects.filter(measure__plan=plan).count() == 6
    assert not PendingImport.objects.exists()
    assert "plan.xlsx was imported" in performance.get(done.url).content.decode()


def test_one_bad_row_is_listed_by_sheet_row_and_column_and_nothing_is_stored(council, tmp_path):
    rows = [*OBSERVATIONS[:3], "1A2,2019/20 Q1,lots,,,", *OBSERVATIONS[4:]]
    performance = signed_in(council.performance)
    content = workbook_bytes(tmp_path, observations=rows)
    url = preview_of(performance, upload(performance, "plan.xlsx", content))
    before = stored()
    page = performance.get(url).content.decode()
    assert "There is a problem" in page
    assert (
        '<a href="#problem-1">plan.xlsx:Observations:4:value: &#x27;lots&#x27; is not a number</a>'
        in page
    )
    assert '<tr class="govuk-table__row" id="problem-1">' in page
    assert "Confirm import" not in page
    refused = performance.post(url, {"action": "confirm"})
    assert refused.status_code == 200
    assert "Nothing has been imported" in refused.content.decode()
    assert stored() == before


def values_preview(client, council, content, name="values.csv"):
    """Upload values for the council's plan; the preview's URL."""
    response = upload(client, name, content, kind="observations", plan=council.plan)
    return preview_of(client, response)


def test_values_for_an_existing_plan_from_a_csv(council):
    performance = signed_in(council.performance)
    content = b"code,period,value,note\r\n1A1,2019/20 Q2,78,\r\n3b1,2019/20 Q2,82,Good quarter\r\n"
    url = values_preview(performance, council, content)
    page = performance.get(url).content.decode()
    assert "Values for Council Plan 2019-20" in page
    assert "Every value the import adds or changes" in page
    assert "78.0%" in page
    assert "82.0%" in page
    assert "a director approves each one" in page
    assert performance.post(url, {"action": "confirm"}).status_code == 302
    imported = Observation.objects.get(measure=council.other_measure, period="2019/20 Q2")
    # The importer entered it; approving it is a separate step, by someone else.
    assert (imported.value, imported.status, imported.commentary) == (
        D(82),
        Status.SUBMITTED,
        "Good quarter",
    )
    assert (imported.entered_by, imported.approved_by) == (council.performance, None)
    assert imported.history.get().history_change_reason == "Imported and submitted for approval"
    queue = signed_in(council.other_director).get(reverse("collection:approvals"))
    assert "3B1" in queue.content.decode()


def test_an_import_never_changes_an_approved_value_unticked(council):
    approved = factories.observation(
        council.measure,
        "2019/20 Q2",
        78,
        status=Status.APPROVED,
        approved_by=council.director,
        commentary="Nearly there",
    )
    performance = signed_in(council.performance)
    content = b"code,period,value\r\n1A1,2019/20 Q2,85\r\n3B1,2019/20 Q2,82\r\n"
    url = values_preview(performance, council, content)
    page = performance.get(url).content.decode()
    # The preview lists the approved value, old -> new, with its status and a box to tick.
    assert re.search(r"1A1 .*?2019/20 Q2.*?Approved.*?78\.0%.*?85\.0%", page, re.S)
    assert 'name="replace" type="checkbox" value="1A1|2019/20 Q2"' in page
    assert "Replace the approved value" in page
    done = performance.post(url, {"action": "confirm"})
    assert done.status_code == 302
    approved.refresh_from_db()
    assert (approved.value, approved.status, approved.version, approved.approved_by) == (
        D(78),
        Status.APPROVED,
        1,
        council.director,
    )
    assert Observation.objects.get(measure=council.other_measure, period="2019/20 Q2").value == 82
    message = performance.get(done.url).content.decode()
    assert "1 approved or published value kept as they were" in message

    # Ticked, it is replaced: entered by the importer and back for approval.
    url = values_preview(performance, council, content, "again.csv")
    replaced = performance.post(url, {"action": "confirm", "replace": ["1A1|2019/20 Q2"]})
    assert replaced.status_code == 302
    approved.refresh_from_db()
    assert (approved.value, approved.status, approved.entered_by, approved.approved_by) == (
        D(85),
        Status.SUBMITTED,
        council.performance,
        None,
    )
    assert approved.commentary == "Nearly there"  # no note in the file: the commentary stays


def test_a_published_value_is_restated_only_when_ticked_with_a_reason(council):
    performance = signed_in(council.performance)
    content = b"code,period,value\r\n3B1,2019/20 Q2,82\r\n1A1,2019/20 Q1,77\r\n"
    url = values_preview(performance, council, content)
    page = performance.get(url).content.decode()
    assert "Restate the published value" in page
    assert 'name="reason"' in page
    before = stored()
    refused = performance.post(url, {"action": "confirm", "replace": ["1A1|2019/20 Q1"]})
    assert refused.status_code == 200
    assert '<a href="#id_reason">Say why the published values are being corrected' in (
        refused.content.decode()
    )
    assert stored() == before
    done = performance.post(
        url,
        {"action": "confirm", "replace": ["1A1|2019/20 Q1"], "reason": "Late survey returns"},
    )
    assert done.status_code == 302
    restated = Observation.objects.get(measure=council.measure, period="2019/20 Q1")
    assert (restated.value, restated.reported_value, restated.status) == (
        D(77),
        D(70),
        Status.PUBLISHED,
    )
    assert restated.restatement_reason == "Late survey returns"
    assert restated.history.latest().history_change_reason == (
        "Restated by import: Late survey returns"
    )


def test_an_import_never_changes_a_published_value_unticked(council):
    performance = signed_in(council.performance)
    content = b"code,period,value\r\n3B1,2019/20 Q2,82\r\n1A1,2019/20 Q1,77\r\n"
    url = values_preview(performance, council, content)
    assert performance.post(url, {"action": "confirm"}).status_code == 302
    published = Observation.objects.get(measure=council.measure, period="2019/20 Q1")
    assert (published.value, published.version, published.status) == (D(70), 1, Status.PUBLISHED)
    # The same figure again is not a change.
    before = stored()
    same = b"code,period,value\r\n1A1,2019/20 Q1,70\r\n"
    url = values_preview(performance, council, same, "same.csv")
    assert "1 value in the file is the same as stored" in performance.get(url).content.decode()
    assert performance.post(url, {"action": "confirm"}).status_code == 302
    assert stored() == before


def test_imported_red_values_without_commentary_are_refused(council):
    performance = signed_in(council.performance)
    content = b"code,period,value,note\r\n3B1,2019/20 Q2,82,\r\n1A1,2019/20 Q2,60,\r\n"
    url = values_preview(performance, council, content)
    before = stored()
    page = performance.get(url).content.decode()
    message = (
        "values.csv:3:note: 1A1 2019/20 Q2: the value 60 is off target (red): give a note "
        "saying why and what is being done"
    )
    assert message in page
    assert "Confirm import" not in page
    refused = performance.post(url, {"action": "confirm"})
    assert "Nothing has been imported" in refused.content.decode()
    assert stored() == before
    explained = b"code,period,value,note\r\n1A1,2019/20 Q2,60,Two teams short-staffed\r\n"
    url = values_preview(performance, council, explained, "explained.csv")
    assert performance.post(url, {"action": "confirm"}).status_code == 302
    assert Observation.objects.get(measure=council.measure, period="2019/20 Q2").value == 60


def test_a_large_change_is_flagged_in_the_preview(council):
    performance = signed_in(council.performance)
    url = values_preview(performance, council, b"code,period,value\r\n1A1,2019/20 Q2,95\r\n")
    page = performance.get(url).content.decode()
    assert "Large change</strong> 36% from the previous period" in page


def test_the_organisation_may_let_imported_values_count_as_approved(council):
    performance = signed_in(council.performance)
    settings_url = reverse("collection:settings")
    assert performance.post(settings_url, {"imports": "on_import"}).status_code == 302
    chosen = CollectionSettings.objects.get(organisation=council.plan.organisation)
    assert chosen.imports_approved
    assert chosen.history.get().history_change_reason == "Imported values count as approved"
    url = values_preview(performance, council, b"code,period,value\r\n3B1,2019/20 Q2,82\r\n")
    assert "Imported values count as approved" in performance.get(url).content.decode()
    performance.post(url, {"action": "confirm"})
    imported = Observation.objects.get(measure=council.other_measure, period="2019/20 Q2")
    assert (imported.status, imported.entered_by, imported.approved_by) == (
        Status.APPROVED,
        council.performance,
        council.performance,
    )
    assert imported.history.get().history_change_reason == (
        "Imported and approved on import (the organisation's setting)"
    )


def test_blank_rows_in_a_collection_template_are_not_warnings(council):
    performance = signed_in(council.performance)
    content = b"code,title,period,value,numerator,denominator,note\r\n" + (
        b"1A1,Measure 1A1,2019/20 Q2,,,,\r\n3B1,Measure 3B1,2019/20 Q2,82,,,\r\n"
    )
    page = performance.get(values_preview(performance, council, content)).content.decode()
    assert "warning" not in page
    assert "1 row left blank (values not filled in yet) will be skipped." in page


def test_a_whole_plan_import_never_changes_a_published_value(council, tmp_path):
    performance = signed_in(council.performance)
    url = preview_of(performance, upload(performance, "plan.xlsx", workbook_bytes(tmp_path)))
    performance.post(url, {"action": "confirm"})
    Observation.objects.filter(measure__code="1A2", period="2019/20 Q1").update(
        status=Status.PUBLISHED, reported_value=D(410)
    )
    changed = [*OBSERVATIONS[:3], "1A2,2019/20 Q1,411,,,", *OBSERVATIONS[4:]]
    content = workbook_bytes(tmp_path, "changed.xlsx", observations=changed)
    url = preview_of(performance, upload(performance, "changed.xlsx", content))
    before = stored()
    response = performance.post(url, {"action": "confirm"})
    assert "the published value 410 would change to 411" in response.content.decode()
    assert stored() == before


def test_unmatched_owners_are_warned_about(council, tmp_path):
    from tests.unit.io.plan_files import MEASURES

    owners = ["owner", "Owner", "Nobody Known", "", ""]
    measures = [f"{line},{owner}" for line, owner in zip(MEASURES, owners, strict=True)]
    performance = signed_in(council.performance)
    content = workbook_bytes(tmp_path, measures=measures)
    url = preview_of(performance, upload(performance, "plan.xlsx", content))
    page = performance.get(url).content.decode()
    assert "1A2: no user is called &#x27;Nobody Known&#x27;" in page
    assert "Confirm import" in page  # a warning does not stop the import
    performance.post(url, {"action": "confirm"})
    owners = dict(
        Measure.objects.filter(plan__title="Council Plan").values_list("code", "owner__username")
    )
    assert owners == {"1A1": "owner", "1A2": None, "2A1": None, "2A2": None}


def bomb(_tmp_path):
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/worksheets/sheet1.xml", "w") as member,
    ):
        for _ in range(201):
            member.write(b"\0" * (1024 * 1024))
    return buffer.getvalue()


def with_macros(tmp_path):
    buffer = io.BytesIO(workbook_bytes(tmp_path))
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("xl/vbaProject.bin", b"macro")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "kind", "message"),
    [
        (
            "bomb.xlsx",
            bomb,
            "plan",
            "bomb.xlsx unpacks to 201 MB, more than the 20 MB a workbook uploaded here may hold",
        ),
        (
            "fake.xlsx",
            b"not a zip",
            "plan",
            "fake.xlsx is not an .xlsx workbook (its content is not a zip file)",
        ),
        (
            "locked.xlsx",
            b"\xd0\xcf\x11\xe0" + b"\0" * 100,
            "plan",
            "locked.xlsx is password-protected or an old .xls workbook",
        ),
        ("macros.xlsx", with_macros, "plan", "macros.xlsx contains macros"),
        (
            "truncated.xlsx",
            lambda p: workbook_bytes(p)[:200],
            "plan",
            "truncated.xlsx: not an .xlsx workbook (it is not a zip file)",
        ),
        (
            "values.txt",
            b"code,period,value",
            "observations",
            "values.txt must be an .xlsx workbook or a .csv file",
        ),
        (
            "binary.csv",
            b"code,period\x00,value",
            "observations",
            "binary.csv is not a CSV text file (it contains binary data)",
        ),
        ("plan.csv", b"code,title", "plan", "plan.csv: a whole plan must be an .xlsx workbook"),
        (
            "huge.csv",
            b"a" * (5 * 1024 * 1024 + 1),
            "observations",
            "huge.csv must be smaller than 5 MB",
        ),
        ("empty.csv", b"", "observations", "The selected file is empty"),
    ],
)
def test_unsafe_or_wrong_files_are_refused_with_a_clear_message(
    council, tmp_path, name, content, kind, message
):
    data = content(tmp_path) if callable(content) else content
    response = upload(signed_in(council.performance), name, data, kind=kind, plan=council.plan)
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert message.replace("'", "&#x27;") in page
    assert 'href="#id_file"' in page
    assert not PendingImport.objects.exists()


def test_the_uploaded_name_is_never_a_path(council):
    performance = signed_in(council.performance)
    content = b"code,period,value\r\n3B1,2019/20 Q2,82\r\n"
    response = upload(
        performance, "../../etc/cron.d/values.csv", content, kind="observations", plan=council.plan
    )
    preview_of(performance, response)
    assert PendingImport.objects.get().filename == "values.csv"


def test_a_pending_import_belongs_to_its_uploader(council):
    performance = signed_in(council.performance)
    content = b"code,period,value\r\n3B1,2019/20 Q2,82\r\n"
    url = preview_of(
        performance, upload(performance, "v.csv", content, kind="observations", plan=council.plan)
    )
    colleague = factories.user(council.plan.organisation, Role.PERFORMANCE)
    assert signed_in(colleague).get(url).status_code == 404
    assert signed_in(colleague).post(url, {"action": "confirm"}).status_code == 404
    assert signed_in(council.director).get(url).status_code == 403
    assert not Observation.objects.filter(period="2019/20 Q2").exists()
    assert performance.post(url, {"action": "cancel"}).status_code == 302
    assert not PendingImport.objects.exists()


def test_only_the_performance_team_uploads(council):
    content = b"code,period,value\r\n3B1,2019/20 Q2,82\r\n"
    for role in ("owner", "director", "councillor"):
        client = signed_in(getattr(council, role))
        response = upload(client, "v.csv", content, kind="observations", plan=council.plan)
        assert response.status_code == 403
    assert not PendingImport.objects.exists()


def test_values_need_a_plan_of_ones_own_organisation(council):
    other = factories.plan(factories.organisation())
    content = b"code,period,value\r\n3B1,2019/20 Q2,82\r\n"
    response = upload(
        signed_in(council.performance), "v.csv", content, kind="observations", plan=other
    )
    assert 'href="#id_plan"' in response.content.decode()
    assert not PendingImport.objects.exists()


def template_rows(response):
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)], sheet


def template_url(council):
    return reverse("collection:template", kwargs={"plan_id": council.plan.pk, "quarter": Q2})


def test_the_template_lists_the_measures_due_and_escapes_formulas(council):
    Measure.objects.filter(pk=council.other_measure.pk).update(title="=cmd|' /C calc'!A0")
    rows, sheet = template_rows(signed_in(council.owner).get(template_url(council)))
    header = ["code", "title", "period", "unit", "target", "previous", "value"]
    assert rows == [
        [*header, "numerator", "denominator", "note"],
        ["1A1", "Measure 1A1", "2019/20 Q2", "Per cent", 80, 70, None, None, None, None],
    ]
    assert sheet.freeze_panes == "A2"
    rows, _ = template_rows(signed_in(council.performance).get(template_url(council)))
    assert [r[:3] for r in rows[1:]] == [
        ["1A1", "Measure 1A1", "2019/20 Q2"],
        ["3B1", "'=cmd|' /C calc'!A0", "2019/20 Q2"],
    ]


def test_the_template_has_a_safe_download_name(council):
    Plan.objects.filter(pk=council.plan.pk).update(title='Plan "../;\r\nSet-Cookie: x=1 – 2019')
    response = signed_in(council.performance).get(template_url(council))
    disposition = response["Content-Disposition"]
    assert disposition == 'attachment; filename="plan-set-cookie-x1-2019-2019-20-q2-template.xlsx"'
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_a_filled_in_template_imports(council, tmp_path):
    performance = signed_in(council.performance)
    _, sheet = template_rows(performance.get(template_url(council)))
    sheet["G2"], sheet["G3"], sheet["J3"] = 81, 79, "Two teams late"
    path = tmp_path / "filled.xlsx"
    sheet.parent.save(path)
    response = upload(
        performance, "filled.xlsx", path.read_bytes(), kind="observations", plan=council.plan
    )
    url = preview_of(performance, response)
    assert performance.post(url, {"action": "confirm"}).status_code == 302
    values = dict(
        Observation.objects.filter(period="2019/20 Q2").values_list("measure__code", "value")
    )
    assert values == {"1A1": D(81), "3B1": D(79)}
    assert Observation.objects.get(measure__code="3B1", period="2019/20 Q2").commentary == (
        "Two teams late"
    )


def test_the_template_fills_in_what_is_stored_and_sent_back_unchanged_changes_nothing(
    council, tmp_path
):
    factories.observation(
        council.measure, "2019/20 Q2", 76.5, status=Status.DRAFT, commentary="Two late returns"
    )
    performance = signed_in(council.performance)
    rows, sheet = template_rows(performance.get(template_url(council)))
    assert rows[1][6:] == [76.5, None, None, "Two late returns"]
    path = tmp_path / "back.xlsx"
    sheet.parent.save(path)
    before = stored()
    response = upload(
        performance, "back.xlsx", path.read_bytes(), kind="observations", plan=council.plan
    )
    page = performance.get(preview_of(performance, response)).content.decode()
    assert "Check the import" in page
    assert stored() == before


def test_a_whole_plan_import_never_changes_an_approved_value(council, tmp_path):
    performance = signed_in(council.performance)
    url = preview_of(performance, upload(performance, "plan.xlsx", workbook_bytes(tmp_path)))
    performance.post(url, {"action": "confirm"})
    imported = Observation.objects.get(measure__code="1A2", period="2019/20 Q1")
    assert (imported.status, imported.entered_by) == (Status.SUBMITTED, council.performance)
    Observation.objects.filter(pk=imported.pk).update(status=Status.APPROVED)
    changed = [*OBSERVATIONS[:3], "1A2,2019/20 Q1,411,,,", *OBSERVATIONS[4:]]
    content = workbook_bytes(tmp_path, "changed.xlsx", observations=changed)
    url = preview_of(performance, upload(performance, "changed.xlsx", content))
    before = stored()
    response = performance.post(url, {"action": "confirm"})
    assert "the approved value 410 would change to 411" in response.content.decode()
    assert stored() == before
