"""A whole plan imported in the browser from its CSV files (selected together, or in a .zip):
the same preview and all-or-nothing confirm as a workbook, each problem named FILE:ROW:COLUMN."""

from __future__ import annotations

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from councilstat.core.periods import Quarter
from councilstat.core.rating import Rag
from councilstat.core.summary import summarise
from councilstat.web.collection.figures import snapshot
from councilstat.web.collection.models import Observation, PendingImport
from councilstat.web.plans.models import Measure, Plan, Target
from councilstat.web.plans.next_year import Carry, start_next_year
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


def test_the_plans_outcome_term_and_a_band_targets_top_are_stored_and_used(council):
    """What the plan calls its outcomes reaches the web headline, and a band measure is rated
    against its whole band (the top stored with the target), not the band of one value."""
    performance = signed_in(council.performance)
    band = "2A3,Budget variance,2,Adults,2.A,Healthy,number,band,quarterly,1,"
    files = plan_files(
        plan=["organisation,title,outcome_term", "Demo Borough Council,Council Plan 2020-21,"
              "key delivery outcome"],
        measures=[*MEASURES, band],
        targets=[*TARGETS, "2A3,2019/20,-2 to 2"],
        observations=[*OBSERVATIONS, "2A3,2019/20 Q1,3.5,,,Overspend on placements",
                      "2A3,2019/20 Q2,1.5,,,"],
    )  # fmt: skip
    response = upload(performance, files)
    assert response.status_code == 302, response.content.decode()
    assert performance.post(response.url, {"action": "confirm"}).status_code == 302
    plan = Plan.objects.get(title="Council Plan 2020-21")
    assert (plan.outcome_term, plan.outcome_term_plural) == ("key delivery outcome", "")
    target = Target.objects.get(measure__plan=plan, measure__code="2A3")
    assert (target.value, target.upper) == (-2, 2)

    overview = performance.get(
        reverse("dashboards:overview", args=[plan.pk, Quarter(2019, 2)])
    ).content.decode()
    assert "performance against 2 key delivery outcomes and 5 measures" in overview
    q1, q2 = (
        [
            a.rag
            for a in summarise(snapshot(plan, Observation.objects.all()), quarter).assessments
            if a.measure.code == "2A3"
        ][0]
        for quarter in (Quarter(2019, 1), Quarter(2019, 2))
    )
    # 1.5 lies inside -2 to 2 (green; it would be red against a band of -2 alone); 3.5 is
    # 1.5 above the top, beyond the tolerance of 1 (red).
    assert (q1, q2) == (Rag.RED, Rag.GREEN)
    measure_page = performance.get(
        reverse("dashboards:measure", args=[plan.pk, Quarter(2019, 2), "2A3"])
    ).content.decode()
    assert "-2 to 2" in measure_page

    # Next year's plan keeps the term and the band.
    carries = [Carry(m) for m in plan.measures.all()]
    following = start_next_year(
        council.performance, plan, title="Council Plan 2021-22", carries=carries,
        copy_targets=True,
    )  # fmt: skip
    assert following.outcome_term == "key delivery outcome"
    copied = Target.objects.get(measure__plan=following, measure__code="2A3")
    assert (str(copied.period), copied.value, copied.upper) == ("2020/21", -2, 2)
