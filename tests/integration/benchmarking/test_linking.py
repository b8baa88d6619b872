"""Benchmarking without Python: comparator files loaded in the browser, a measure linked to a
national metric in the browser and with ``manage.py link_comparator``, and the national figure
taken from the organisation's national comparator area."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from councilstat.core.periods import Quarter
from councilstat.web.accounts.models import NationalArea, Role
from councilstat.web.benchmarking.models import (
    Area,
    ComparatorGroup,
    ComparatorValue,
    GroupKind,
    MeasureBenchmark,
)
from councilstat.web.benchmarking.presenters import comparison_for
from councilstat.web.benchmarking.selectors import comparator_data
from tests.integration import factories

Q2 = Quarter(2019, 2)
HEADER = "area_code,area_name,metric,period,value,numerator,denominator\n"
GROUP = (
    "area_code,area_name,subject\n"
    "E08000018,Rotherham,yes\n"
    "E08000016,Barnsley,no\n"
    "E08000017,Doncaster,no\n"
)
VALUES = (
    HEADER + "E08000018,Rotherham,ASC5,2018/19,93.5,,\n"
    "E08000016,Barnsley,ASC5,2018/19,80.1,,\n"
    "E08000017,Doncaster,ASC5,2018/19,77.4,,\n"
    "E92000001,England,ASC5,2018/19,86.9,,\n"
    "W92000004,Wales,ASC5,2018/19,84.2,,\n"
)


def compare(measure):
    """The measure's comparison for 2019/20 Q2, as its pages build it."""
    return comparison_for(comparator_data(measure, Q2))


def csv_file(text: str, name: str = "values.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def load(client, text, filename="values.csv", **fields):
    data = {"kind": "values", "file": csv_file(text, filename), **fields}
    return client.post(reverse("benchmarking:load"), data, follow=True)


def load_group(client, text=GROUP, filename="neighbours.csv", group="Nearest neighbours"):
    return load(
        client,
        text,
        filename,
        kind="group",
        name=group,
        group_kind=GroupKind.NEAREST_NEIGHBOURS.value,
        source="CIPFA nearest neighbours",
    )


@pytest.fixture
def loaded(client, council):
    """The council's comparator group and ASC5 values, loaded through the page."""
    client.force_login(council.performance)
    assert load_group(client).status_code == 200
    assert load(client, VALUES).status_code == 200
    client.logout()
    return council


def link_form(council, **changes):
    group = ComparatorGroup.objects.get(organisation=council.plan.organisation)
    return {
        "measure": council.measure.pk,
        "metric": "ASC5",
        "title": "Proportion of people who use services who feel safe",
        "group": group.pk,
        "unit": "",
        "polarity": "",
        "source": "NHS Digital, ASCOF",
        "note": "The national survey asks a slightly different question.",
        **changes,
    }


# Loading comparator files in the browser --------------------------------------------------------


def test_a_group_and_values_load_through_the_page(client, council):
    client.force_login(council.performance)
    page = client.get(reverse("benchmarking:load"))
    assert b"Load a comparator file" in page.content
    grouped = load_group(client).content.decode()
    assert "neighbours.csv was loaded: the group Nearest neighbours has 3 areas" in grouped
    group = ComparatorGroup.objects.get()
    assert (group.kind, group.subject.name, group.source) == (
        GroupKind.NEAREST_NEIGHBOURS,
        "Rotherham",
        "CIPFA nearest neighbours",
    )
    loaded = load(client, VALUES).content.decode()
    assert "values.csv was loaded: 5 new and 0 changed values." in loaded
    assert ComparatorValue.objects.count() == 5
    again = load(client, VALUES.replace("93.5", "93.6")).content.decode()
    assert "0 new and 1 changed values" in again


def test_a_bad_file_names_every_problem_by_file_row_and_column_and_loads_nothing(client, loaded):
    client.force_login(loaded.performance)
    bad = (
        HEADER + "E08000018,Rotherham,ASC5,2018/19,90.0,,\n"  # fine, but must not be applied
        "X123,Nowhere,ASC5,2018/19,50,,\n"
        "E08000016,Barnsley,ASC5,2018/99,50,,\n"
        "E08000017,Doncaster,ASC5,2018/19,lots,,\n"
    )
    response = load(client, bad, "asc 2019.csv")
    html = response.content.decode()
    assert "<title>Error: Load a comparator file" in html
    assert "The file has 3 problems: nothing was loaded" in html
    assert "asc 2019.csv:3:area_code: &#x27;X123&#x27; is not an ONS area code" in html
    assert "asc 2019.csv:4:period: &#x27;2018/99&#x27; is not a financial year" in html
    assert "asc 2019.csv:5:value: &#x27;lots&#x27; is not a number" in html
    assert 'href="#problem-3"' in html
    assert ComparatorValue.objects.get(area__code="E08000018").value == D("93.5")


def test_a_file_of_many_bad_rows_lists_the_first_and_downloads_them_all(client, loaded):
    client.force_login(loaded.performance)
    bad = HEADER + "".join(f"E08000016,Barnsley,M{n},2018/19,bad{n},,\n" for n in range(150))
    html = load(client, bad, "many.csv").content.decode()
    assert "The file has 150 problems: nothing was loaded" in html
    assert html.count('<tr class="govuk-table__row" id="problem-') == 100
    assert html.count('href="#problem-') == 10
    assert "and 140 more problems, listed below" in html
    (address,) = re.findall(r'href="([^"]+problems\.csv)" download>Download all 150 problems', html)
    download = client.get(address)
    assert download["Content-Disposition"] == 'attachment; filename="manycsv-problems.csv"'
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert rows[0] == ["file", "sheet", "row", "column", "problem"]
    assert rows[-1] == ["many.csv", "", "151", "value", "'bad149' is not a number"]
    assert len(rows) == 151
    # The list is its loader's alone.
    other = factories.user(loaded.performance.organisation, Role.PERFORMANCE, username="p2")
    client.force_login(other)
    assert client.get(address).status_code == 404
    client.force_login(loaded.owner)
    assert client.get(address).status_code == 403
    # A file with a few problems lists them all and offers no download.
    client.force_login(loaded.performance)
    few = load(client, HEADER + "E08000016,Barnsley,ASC5,2018/19,bad,,\n").content.decode()
    assert "problems.csv" not in few


def test_a_group_needs_a_name_and_a_file_must_be_csv(client, council):
    client.force_login(council.performance)
    unnamed = load(client, GROUP, "group.csv", kind="group", name="", group_kind="region")
    assert "Enter the group&#x27;s name" in unnamed.content.decode()
    workbook = load(client, VALUES, "values.xlsx")
    assert "values.xlsx must be a .csv file" in workbook.content.decode()
    no_subject = load_group(client, GROUP.replace("yes", "no"))
    assert "neighbours.csv:subject: mark exactly one area as the subject" in (
        no_subject.content.decode()
    )
    assert not ComparatorGroup.objects.exists()
    assert not ComparatorValue.objects.exists()


def test_only_the_performance_team_loads_files(client, council):
    for person in (council.owner, council.director, council.councillor):
        client.force_login(person)
        response = client.post(
            reverse("benchmarking:load"), {"kind": "values", "file": csv_file(VALUES)}
        )
        assert response.status_code == 403
    assert not ComparatorValue.objects.exists()


# Linking a measure in the browser ---------------------------------------------------------------


def test_linking_a_measure_in_the_browser(client, loaded):
    client.force_login(loaded.performance)
    page = client.get(reverse("benchmarking:link")).content.decode()
    assert "ASC5 (5 areas, 2018/19)" in page
    assert "1A1 Measure 1A1 (Council Plan 2019-20)" in page
    response = client.post(reverse("benchmarking:link"), link_form(loaded), follow=True)
    html = response.content.decode()
    assert "1A1 is now compared with ASC5 across Nearest neighbours." in html
    assert "Rotherham is 1st of 3 nearest neighbours." in html
    mapping = MeasureBenchmark.objects.get(measure=loaded.measure)
    assert (mapping.unit, mapping.polarity) == ("percent", "higher")  # the measure's
    assert mapping.history.get().history_change_reason == (
        "Compared with ASC5 across Nearest neighbours by performance"
    )
    # The measure's benchmarking page links back to the form, filled in.
    assert f"?measure={loaded.measure.pk}" in html
    again = client.get(reverse("benchmarking:link") + f"?measure={loaded.measure.pk}")
    assert "The national survey asks a slightly different question." in again.content.decode()
    changed = link_form(loaded, polarity="lower", title="Feel safe")
    client.post(reverse("benchmarking:link"), changed)
    mapping.refresh_from_db()
    assert (mapping.polarity, mapping.title) == ("lower", "Feel safe")
    assert MeasureBenchmark.objects.count() == 1


def test_the_link_form_refuses_what_was_not_loaded_or_is_not_ours(client, loaded):
    client.force_login(loaded.performance)
    stranger = factories.organisation()
    hartlepool = Area.objects.create(organisation=stranger, code="E06000001", name="Hartlepool")
    theirs = ComparatorGroup.objects.create(
        organisation=stranger, name="Theirs", subject=hartlepool
    )
    other_measure = factories.measure(factories.plan(stranger), "9Z9")
    for bad in (
        {"metric": "ASC99"},
        {"group": theirs.pk},
        {"measure": other_measure.pk},
        {"title": ""},
    ):
        response = client.post(reverse("benchmarking:link"), link_form(loaded, **bad))
        assert response.status_code == 200
        assert "govuk-error-summary" in response.content.decode()
    assert not MeasureBenchmark.objects.exists()
    other = reverse("benchmarking:link") + f"?measure={other_measure.pk}"
    assert client.get(other).status_code == 404


def test_the_link_form_says_to_load_files_first(client, council):
    client.force_login(council.performance)
    html = client.get(reverse("benchmarking:link")).content.decode()
    assert "First load a comparator group and the metric's comparator values" in html
    assert '<form method="post"' not in html.split("Sign out")[-1]


def test_removing_a_link(client, loaded):
    client.force_login(loaded.performance)
    client.post(reverse("benchmarking:link"), link_form(loaded))
    index = client.get(reverse("benchmarking:index")).content.decode()
    unlink = reverse("benchmarking:unlink", args=[loaded.plan.pk, loaded.measure.code])
    assert f'action="{unlink}"' in index
    client.force_login(loaded.owner)
    assert client.post(unlink).status_code == 403
    client.force_login(loaded.performance)
    assert client.post(unlink).status_code == 302
    assert not MeasureBenchmark.objects.exists()
    latest = reverse("benchmarking:latest", args=[loaded.plan.pk, loaded.measure.code])
    assert client.get(latest).status_code == 404


def test_other_roles_see_no_linking_or_loading(client, loaded):
    client.force_login(loaded.director)
    html = client.get(reverse("benchmarking:index")).content.decode()
    assert reverse("benchmarking:link") not in html
    assert reverse("benchmarking:load") not in html
    assert client.get(reverse("benchmarking:link")).status_code == 403


# The command ----------------------------------------------------------------------------------


def test_link_comparator_links_and_removes(loaded, capsys):
    plan_id = str(loaded.plan.pk)
    call_command(
        "link_comparator", plan_id, "1A1", "--metric", "ASC5", "--group", "Nearest neighbours"
    )
    assert "1A1 is now compared with ASC5 across Nearest neighbours." in capsys.readouterr().out
    mapping = MeasureBenchmark.objects.get()
    assert (mapping.title, mapping.unit) == ("Measure 1A1", "percent")
    call_command(
        "link_comparator", plan_id, "1A1", "--metric", "ASC5", "--group", "Nearest neighbours",
        "--title", "Feel safe", "--polarity", "lower", "--note", "A different question",
    )  # fmt: skip
    mapping.refresh_from_db()
    assert (mapping.title, mapping.polarity, mapping.note) == (
        "Feel safe",
        "lower",
        "A different question",
    )
    assert compare(loaded.measure).metric_title == "Feel safe"
    call_command("link_comparator", plan_id, "1A1", "--remove")
    assert "1A1 is no longer compared with a national metric." in capsys.readouterr().out
    assert not MeasureBenchmark.objects.exists()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["999", "1A1", "--metric", "ASC5", "--group", "Nearest neighbours"],
            "there is no plan 999",
        ),
        (
            ["{plan}", "9X9", "--metric", "ASC5", "--group", "Nearest neighbours"],
            "has no measure 9X9",
        ),
        (["{plan}", "1A1", "--metric", "ASC5"], "give --metric and --group"),
        (
            ["{plan}", "1A1", "--metric", "ASC5", "--group", "Neighbours"],
            "no comparator group called 'Neighbours' (Nearest neighbours)",
        ),
        (
            ["{plan}", "1A1", "--metric", "ASC1", "--group", "Nearest neighbours"],
            "no comparator values of 'ASC1' (ASC5)",
        ),
    ],
)
def test_link_comparator_says_what_is_wrong(loaded, arguments, message):
    arguments = [a.replace("{plan}", str(loaded.plan.pk)) for a in arguments]
    with pytest.raises(CommandError) as error:
        call_command("link_comparator", *arguments)
    assert message in str(error.value)
    assert not MeasureBenchmark.objects.exists()


# The national comparator area -----------------------------------------------------------------


def test_the_national_figure_is_the_organisations_national_area(client, loaded):
    call_command(
        "link_comparator", str(loaded.plan.pk), "1A1", "--metric", "ASC5",
        "--group", "Nearest neighbours",
    )  # fmt: skip
    comparison = compare(loaded.measure)
    assert (comparison.national_name, comparison.national_value) == ("England", D("86.9"))
    organisation = loaded.plan.organisation
    organisation.national_area = NationalArea.WALES
    organisation.save()
    loaded.measure.refresh_from_db()
    comparison = compare(loaded.measure)
    assert (comparison.national_area, comparison.national_value) == ("W92000004", D("84.2"))
    # England and Wales are not in the group: neither is ranked.
    assert [a.name for a in comparison.areas] == ["Barnsley", "Doncaster", "Rotherham"]
    client.force_login(loaded.councillor)
    page = client.get(reverse("benchmarking:measure", args=[loaded.plan.pk, Q2, "1A1"]))
    html = page.content.decode()
    assert '<dt class="govuk-summary-list__key">Wales</dt>' in html
    assert "84.2%" in html
    assert '<dt class="govuk-summary-list__key">England</dt>' not in html
    # A nation with no value in the file says so.
    organisation.national_area = NationalArea.SCOTLAND
    organisation.save()
    comparison = compare(loaded.measure)
    assert (comparison.national_name, comparison.national_value) == ("Scotland", None)


def test_the_api_comparison_gives_the_organisations_national_area_and_value(client, loaded):
    call_command(
        "link_comparator", str(loaded.plan.pk), "1A1", "--metric", "ASC5",
        "--group", "Nearest neighbours",
    )  # fmt: skip
    client.force_login(loaded.councillor)
    address = f"/api/v1/plans/{loaded.plan.pk}/measures/1A1/comparison"
    england = client.get(address, {"period": "2019/20 Q2"}).json()
    assert england["national_area"] == {"code": "E92000001", "name": "England"}
    assert england["national_value"] == 86.9
    assert "england_value" not in england  # the national figure is the organisation's
    organisation = loaded.plan.organisation
    organisation.national_area = NationalArea.NORTHERN_IRELAND
    organisation.save()
    ireland = client.get(address, {"period": "2019/20 Q2"}).json()
    assert ireland["national_area"] == {"code": "N92000002", "name": "Northern Ireland"}
    assert ireland["national_value"] is None  # the file has no value for it
    organisation.national_area = NationalArea.WALES
    organisation.save()
    wales = client.get(address, {"period": "2019/20 Q2"}).json()
    assert (wales["national_area"]["name"], wales["national_value"]) == ("Wales", 84.2)


def test_another_councils_performance_team_cannot_link_our_measure(client, loaded):
    outsider = factories.user(factories.organisation(), Role.PERFORMANCE)
    client.force_login(outsider)
    response = client.post(reverse("benchmarking:link"), link_form(loaded))
    assert response.status_code == 200  # the measure and group are not among their choices
    assert not MeasureBenchmark.objects.exists()
