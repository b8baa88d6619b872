"""A whole plan imported in the browser from its CSV files (selected together, or in a .zip):
the same preview and all-or-nothing confirm as a workbook, each problem named FILE:ROW:COLUMN."""

from __future__ import annotations

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from councilstat.web.collection.models import Observation, PendingImport
from councilstat.web.plans.models import Measure, Plan, Target
from tests.unit.io.plan_files import MEASURES, OBSERVATIONS, TARGETS

PLAN_DETAILS = ["organisation,title", "Demo Borough Council,Council Plan 2020-21"]


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def csv_bytes(lines):
    return ("\r\n".join(lines) + "\r\n").encode()


def plan_files(**spoilt):
    files = {
        "measures.csv": MEASURES,
        "targets.csv": TARGETS,
        "observations.csv": OBSERVATIONS,
        "plan.csv": PLAN_DETAILS,
    }
    files.update({f"{name}.csv": lines for name, lines in spoilt.items()})
    return {name: csv_bytes(lines) for name, lines in files.items()}


def zipped(files, folder=""):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(f"{folder}{name}", content)
    return buffer.getvalue()


def upload(client, files):
    uploads = [SimpleUploadedFile(name, content) for name, content in files.items()]
    return client.post(reverse("collection:import"), {"kind": "plan", "file": uploads})


def stored():
    return (
        list(Plan.objects.values_list("pk", "title")),
        list(Measure.objects.values_list("pk", "code", "title")),
        list(Target.objects.values_list("pk", "period", "value")),
        list(Observation.objects.values_list("pk", "period", "value", "status")),
    )


def test_csv_files_selected_together_are_previewed_then_imported(council):
    performance = signed_in(council.performance)
    response = upload(performance, plan_files())
    assert response.status_code == 302, response.content.decode()
    pending = PendingImport.objects.get()
    assert pending.filename == "measures.csv, targets.csv, observations.csv, plan.csv"
    before = stored()
    page = performance.get(response.url).content.decode()
    assert "Check the import" in page
    assert "The whole plan “Council Plan 2020-21”" in page
    assert stored() == before
    done = performance.post(response.url, {"action": "confirm"})
    assert done.status_code == 302
    plan = Plan.objects.get(title="Council Plan 2020-21")
    assert plan.measures.count() == 4
    assert Target.objects.filter(measure__plan=plan).count() == 3
    assert Observation.objects.filter(measure__plan=plan).count() == 6
    assert not PendingImport.objects.exists()


def test_a_zip_of_the_csv_files_in_a_folder_imports_the_same(council):
    performance = signed_in(council.performance)
    content = zipped(plan_files(), folder="council-plan/")
    response = upload(performance, {"council-plan.zip": content})
    assert response.status_code == 302, response.content.decode()
    assert performance.post(response.url, {"action": "confirm"}).status_code == 302
    assert Plan.objects.get(title="Council Plan 2020-21").measures.count() == 4


def test_one_bad_file_is_named_by_file_row_and_column_and_nothing_is_stored(council):
    performance = signed_in(council.performance)
    targets = [*TARGETS, "1A2,2019/20 Q9,400"]
    observations = [*OBSERVATIONS[:3], "1A2,2019/20 Q1,lots,,,", *OBSERVATIONS[4:]]
    response = upload(performance, plan_files(targets=targets, observations=observations))
    url = response.url
    before = stored()
    page = performance.get(url).content.decode()
    assert "The file has 2 problems" in page
    assert "observations.csv:4:value: &#x27;lots&#x27; is not a number" in page
    assert "targets.csv:5:period:" in page
    assert "Confirm import" not in page
    refused = performance.post(url, {"action": "confirm"})
    assert "Nothing has been imported" in refused.content.decode()
    assert stored() == before


def test_the_files_of_a_plan_must_include_measures_and_be_named_as_a_plans(council):
    performance = signed_in(council.performance)
    response = upload(performance, {"targets.csv": csv_bytes(TARGETS)})
    page = response.content.decode()
    assert response.status_code == 200
    assert "targets.csv: a whole plan must be an .xlsx workbook" in page
    response = upload(
        performance, {"measures.csv": csv_bytes(MEASURES), "values.csv": csv_bytes(TARGETS)}
    )
    assert "values.csv is not one of a plan&#x27;s files" in response.content.decode()
    response = upload(performance, {"plan.zip": zipped({"targets.csv": csv_bytes(TARGETS)})})
    assert "plan.zip has no measures.csv" in response.content.decode()
    assert not PendingImport.objects.exists()


def test_values_for_a_plan_are_one_file(council):
    performance = signed_in(council.performance)
    uploads = [SimpleUploadedFile(n, b"code,period,value\r\n") for n in ("a.csv", "b.csv")]
    response = performance.post(
        reverse("collection:import"),
        {"kind": "observations", "plan": council.plan.pk, "file": uploads},
    )
    assert "Select one file of values" in response.content.decode()
    assert not PendingImport.objects.exists()
