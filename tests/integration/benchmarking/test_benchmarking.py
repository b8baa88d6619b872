"""Benchmarking: the long-format import, the demo's comparisons from the real Oflog data, the
funnel plot's outliers, the pages and the ``load_benchmarks`` command."""

from __future__ import annotations

import csv
from decimal import Decimal as D
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from councilstat.core.funnel import FunnelPosition
from councilstat.core.periods import Quarter
from councilstat.demo.benchmarks import benchmarks_path
from councilstat.io.problems import DataFileError
from councilstat.io.tables import read_csv_table
from councilstat.web.accounts.models import Role
from councilstat.web.benchmarking.models import ComparatorGroup, ComparatorValue, GroupKind
from councilstat.web.benchmarking.presenters import comparison_for
from councilstat.web.benchmarking.selectors import comparator_data
from councilstat.web.benchmarking.services import (
    Metric,
    import_group_unchecked,
    import_values,
    import_values_unchecked,
    map_measure_unchecked,
)
from councilstat.web.demo.benchmarks import load_demo_benchmarks
from councilstat.web.plans.models import Measure
from tests.integration import factories

Q2 = Quarter(2019, 2)
HEADER = "area_code,area_name,metric,period,value,numerator,denominator\n"


def compare(measure, period):
    """The measure's comparison as the pages build it: read, then worked out."""
    return comparison_for(comparator_data(measure, period))


def table(tmp_path: Path, text: str, name: str = "values.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_csv_table(path)


def problems_of(error: pytest.ExceptionInfo[DataFileError]) -> list[str]:
    return [str(p) for p in error.value.problems]


# The long-format import ----------------------------------------------------------------------


def test_a_good_file_loads_and_a_second_load_updates(db, tmp_path):
    org = factories.organisation()
    good = (
        HEADER + "E08000018,Rotherham,ASC5,2018-19,93.5,,\nE08000016,Barnsley,ASC5,2018/19,92.1,,\n"
    )
    imported = import_values_unchecked(org, table(tmp_path, good))
    assert (imported.created, imported.updated) == (2, 0)
    again = good.replace("93.5", "93.6")
    imported = import_values_unchecked(org, table(tmp_path, again))
    assert (imported.created, imported.updated) == (0, 1)
    stored = ComparatorValue.objects.get(area__code="E08000018")
    assert (stored.period, stored.value) == ("2018/19", D("93.6"))


def test_every_bad_row_is_reported_by_file_row_and_column_and_nothing_is_loaded(db, tmp_path):
    org = factories.organisation()
    import_values_unchecked(
        org, table(tmp_path, HEADER + "E08000018,Rotherham,ASC5,2018/19,93.5,,\n")
    )
    bad = (
        HEADER
        + "E08000018,Rotherham,ASC5,2018/19,90.0,,\n"  # row 2: fine, but must not be applied
        + "X123,Nowhere,ASC5,2018/19,50,,\n"  # row 3: bad area code
        + "E08000016,Barnsley,ASC5,2018/99,50,,\n"  # row 4: bad period
        + "E08000001,Bolton,ASC5,2018/19,lots,,\n"  # row 5: bad value
        + "E08000018,Rotherham,ASC5,2018-19,91,,\n"  # row 6: duplicate of row 2
        + "E08000002,Bury,ASC5,2018/19,61.6,600,1000\n"  # row 7: value and fraction disagree
        + "E08000005,Rochdale,ASC5,2018/19,84.9,849,\n"  # row 8: numerator without denominator
        + "E08000008,Tameside,,2018/19,64.5,,\n"  # row 9: no metric
    )
    with pytest.raises(DataFileError) as error:
        import_values_unchecked(org, table(tmp_path, bad))
    assert problems_of(error) == [
        "values.csv:3:area_code: 'X123' is not an ONS area code like E08000018",
        "values.csv:4:period: '2018/99' is not a financial year: 2018 should be followed by 19 (as in 2018/19)",
        "values.csv:5:value: 'lots' is not a number",
        "values.csv:6:period: E08000018 already has a value of ASC5 for 2018/19 (row 2)",
        "values.csv:7:value: the value 61.6 does not match numerator / denominator (0.6) as a proportion, a percentage or a rate per 1,000, 10,000 or 100,000",
        "values.csv:8:denominator: give both numerator and denominator, or neither",
        "values.csv:9:metric: the metric id is blank",
    ]
    assert list(ComparatorValue.objects.values_list("value", flat=True)) == [D("93.5")]


def test_missing_columns_and_inconsistent_names_are_reported(db, tmp_path):
    org = factories.organisation()
    with pytest.raises(DataFileError) as error:
        import_values_unchecked(
            org, table(tmp_path, "area_code,area_name,period\nE08000018,Rotherham,2018/19\n")
        )
    assert problems_of(error) == [
        "values.csv:1:metric: required column is missing",
        "values.csv:1:value: required column is missing",
    ]
    renamed = (
        HEADER + "E08000018,Rotherham,ASC5,2018/19,1,,\nE08000018,Rotherham MBC,ASC1,2018/19,2,,\n"
    )
    with pytest.raises(DataFileError) as error:
        import_values_unchecked(org, table(tmp_path, renamed))
    assert problems_of(error) == [
        "values.csv:3:area_name: E08000018 is named 'Rotherham' on an earlier row"
    ]


def test_the_metric_column_may_be_called_measure_and_blank_rows_are_skipped(db, tmp_path):
    org = factories.organisation()
    text = "Area code,Area name,Measure,Period,Value\nE08000018,Rotherham,2B6,2019/20 Q1,80\nE08000016,Barnsley,2B6,2019/20 Q1,\n"
    imported = import_values_unchecked(org, table(tmp_path, text))
    assert imported.created == 1
    assert [str(w) for w in imported.warnings] == ["values.csv:3: no value given; row skipped"]


def test_only_the_performance_team_imports(council, tmp_path):
    from django.core.exceptions import PermissionDenied

    good = table(tmp_path, HEADER + "E08000018,Rotherham,ASC5,2018/19,93.5,,\n")
    with pytest.raises(PermissionDenied):
        import_values(council.owner, good)
    assert import_values(council.performance, good).created == 1


def test_a_group_needs_exactly_one_subject(db, tmp_path):
    org = factories.organisation()
    text = "area_code,area_name,subject\nE08000018,Rotherham,no\nE08000016,Barnsley,no\n"
    with pytest.raises(DataFileError) as error:
        import_group_unchecked(org, table(tmp_path, text, "group.csv"), name="Neighbours")
    assert problems_of(error) == [
        "group.csv:subject: mark exactly one area as the subject (yes); found none"
    ]
    assert not ComparatorGroup.objects.exists()


# The demonstration council: real Oflog data ----------------------------------------------------


def _real_values(metric: str, year: str) -> dict[str, D]:
    """The demo's copy of the real file, read here independently of the loader."""
    with (benchmarks_path() / "oflog_asc_outcomes_rotherham_neighbours.csv").open() as f:
        return {
            row["la_name"]: D(row["value"])
            for row in csv.DictReader(f)
            if row["measure_code"] == metric and row["financial_year"] == year
        }


@pytest.fixture
def demo_benchmarks(demo_plan):
    load_demo_benchmarks()
    return demo_plan


def test_the_demo_ranks_rotherham_among_its_real_nearest_neighbours(demo_benchmarks):
    values = _real_values("ASC5", "2018-19")
    assert len(values) == 16
    assert values["Rotherham"] == D("93.5")  # checked by hand against the shared CSV
    assert max(values.values()) == values["Rotherham"]
    comparison = compare(Measure.objects.get(code="2B6"), Q2)
    assert comparison is not None
    assert str(comparison.period) == "2018/19"  # the latest year ended by 2019/20 Q2
    assert (
        comparison.sentence == "Rotherham is 1st of 16 nearest neighbours, in the first quartile."
    )
    assert comparison.position.median == D("77.8")  # (St. Helens 78.2 + Doncaster 77.4) / 2
    assert comparison.position.subject_value == D("93.5")
    assert [a.name for a in comparison.areas] == sorted(values, key=str.lower)


@pytest.mark.parametrize(
    ("code", "period", "sentence"),
    [
        # ASC3 2018-19: Darlington 78.2, Dudley 75.4, Wakefield 74.9, then Rotherham 73.3.
        ("2B2", Q2, "Rotherham is 4th of 16 nearest neighbours, in the first quartile."),
        # ASC1 2018-19: Kirklees 8.1; Calderdale, Dudley, Gateshead 7.9; Rotherham 7.7.
        ("2B4", Q2, "Rotherham is 5th of 16 nearest neighbours, in the second quartile."),
        # ASC3 2022-23 (the latest): six councils above Rotherham's 71.1.
        ("2B2", None, "Rotherham is 7th of 16 nearest neighbours, in the second quartile."),
    ],
)
def test_the_demo_sentences_hold_for_the_real_data(demo_benchmarks, code, period, sentence):
    comparison = compare(Measure.objects.get(code=code), period)
    assert comparison is not None
    assert comparison.sentence == sentence


def test_the_demo_draws_funnel_plots_for_two_percentages(demo_benchmarks):
    for code in ("2B6", "2B2"):
        comparison = compare(Measure.objects.get(code=code), Q2)
        assert comparison is not None
        assert comparison.funnel is not None
        assert comparison.funnel.councils == 16
        assert 'role="img"' in comparison.funnel.svg
        assert "illustrative" not in comparison.funnel.summary  # the caveat is in the note
        assert "invented for this demonstration" in comparison.note
    assert compare(Measure.objects.get(code="2B4"), Q2).funnel is None  # a score


def test_a_comparison_takes_a_fixed_number_of_queries(demo_benchmarks, django_assert_num_queries):
    measure = Measure.objects.get(code="2B6")
    compare(measure, Q2)  # warm the chart renderer
    with django_assert_num_queries(4):
        data = comparator_data(measure, Q2)
    with django_assert_num_queries(0):
        comparison_for(data)


# The funnel plot names the councils outside its limits -----------------------------------------


@pytest.fixture
def funnel_group(council, tmp_path):
    org = council.plan.organisation
    areas = [(f"E0800{i:04d}", f"Council {chr(65 + i)}") for i in range(10)]
    group_text = "area_code,area_name,subject\n" + "".join(
        f"{code},{name},{'yes' if i == 0 else 'no'}\n" for i, (code, name) in enumerate(areas)
    )
    group = import_group_unchecked(
        org, table(tmp_path, group_text, "group.csv"), name="Ten", kind=GroupKind.NAMED
    )
    numerators = [500, 510, 490, 505, 495, 500, 502, 498, 600, 400]
    values_text = HEADER + "".join(
        f"{code},{name},M1,2018/19,{x / 10},{x},1000\n"
        for (code, name), x in zip(areas, numerators, strict=True)
    )
    import_values_unchecked(org, table(tmp_path, values_text))
    metric = Metric("M1", "A proportion", council.measure.unit, council.measure.polarity)
    map_measure_unchecked(council.measure, metric, group)
    return council


def test_the_funnel_names_councils_outside_the_limits_and_does_not_rank_the_rest(funnel_group):
    comparison = compare(funnel_group.measure, Q2)
    funnel = comparison.funnel
    assert [(o.name, o.position) for o in funnel.outliers] == [
        ("Council I", FunnelPosition.ABOVE_99_8),
        ("Council J", FunnelPosition.BELOW_99_8),
    ]
    assert funnel.summary == (
        "Council I is above the upper 99.8% limit. Council J is below the lower 99.8% limit. "
        "The other 8 councils are within the 95% limits: the funnel plot cannot tell them "
        "apart."
    )
    assert "Council I" in funnel.svg
    assert [a.name for a in comparison.areas] == [f"Council {chr(65 + i)}" for i in range(10)]


def test_the_comparison_page_shows_the_sentence_funnel_and_table(client, funnel_group):
    client.force_login(funnel_group.performance)
    address = reverse(
        "benchmarking:measure", args=[funnel_group.plan.pk, Q2, funnel_group.measure.code]
    )
    html = client.get(address).content.decode()
    assert "Council A is joint 5th of 10 councils in Ten, in the second quartile." in html
    assert "Funnel plot" in html
    assert "above the upper 99.8% limit" in html
    assert "in alphabetical order</caption>" in html
    latest = reverse("benchmarking:latest", args=[funnel_group.plan.pk, funnel_group.measure.code])
    assert client.get(latest).status_code == 200
    assert client.get(reverse("benchmarking:index")).status_code == 200


def test_the_comparison_page_is_scoped_to_the_organisation(client, funnel_group):
    other_org = factories.organisation()
    outsider = factories.user(other_org, Role.PERFORMANCE)
    client.force_login(outsider)
    address = reverse("benchmarking:latest", args=[funnel_group.plan.pk, "1A1"])
    assert client.get(address).status_code == 404
    client.force_login(funnel_group.performance)
    unmapped = reverse("benchmarking:latest", args=[funnel_group.plan.pk, "3B1"])
    assert client.get(unmapped).status_code == 404


def test_the_partial_renders_for_the_measure_page(funnel_group):
    from django.template.loader import render_to_string

    comparison = compare(funnel_group.measure, Q2)
    html = render_to_string("benchmarking/_measure_comparison.html", {"comparison": comparison})
    assert "Compared with councils in Ten" in html
    assert (
        '<th scope="row" class="govuk-table__header"><strong>Council A</strong> (this council)'
        in html
    )


# The command ----------------------------------------------------------------------------------


def test_load_demo_loads_the_demo_comparators(demo_plan, capsys):
    call_command("load_demo")
    assert "Loaded 288 new and 0 changed comparator values" in capsys.readouterr().out
    assert ComparatorGroup.objects.get().areas.count() == 16


def test_load_benchmarks_needs_a_file(council):
    with pytest.raises(CommandError, match="load_demo"):
        call_command("load_benchmarks")


def test_load_benchmarks_reports_problems_and_loads_nothing(council, tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + "E08000018,Rotherham,ASC5,2018/19,abc,,\n", encoding="utf-8")
    org = council.plan.organisation.name
    with pytest.raises(CommandError):
        call_command("load_benchmarks", "--values", str(path), "--organisation", org)
    assert "bad.csv:2:value: 'abc' is not a number" in capsys.readouterr().err
    assert not ComparatorValue.objects.exists()
