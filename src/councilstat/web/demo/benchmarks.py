"""Load the demonstration council's comparators from the real files in ``demo/benchmarks``.

Needs the demonstration council (``council.load_demo``) first. Loads the nearest-neighbour group,
the adult social care outcome values, and links three of the plan's measures to their national
metrics, so their pages show a comparison (and, for the two percentages, a funnel plot).
"""

from __future__ import annotations

from django.db import transaction

from councilstat.demo import demo_data_path
from councilstat.demo.benchmarks import (
    DEMO_METRICS,
    GROUP_NAME,
    GROUP_SOURCE,
    neighbours_table,
    values_table,
)
from councilstat.io.cells import text
from councilstat.io.tables import read_csv_table
from councilstat.web.accounts.models import Organisation
from councilstat.web.benchmarking.models import GroupKind, MeasureBenchmark
from councilstat.web.benchmarking.services import (
    Metric,
    ValuesImported,
    import_group_unchecked,
    import_values_unchecked,
    map_measure_unchecked,
)
from councilstat.web.plans.models import Measure

__all__ = ["DemoNotLoaded", "load_demo_benchmarks"]


class DemoNotLoaded(Exception):
    """The demonstration council is not in the database yet."""


def _demo_organisation() -> Organisation:
    table = read_csv_table(demo_data_path() / "plan.csv")
    column = [h.strip().lower() for h in table.header].index("organisation")
    name = text(table.rows[0][1][column])
    organisation = Organisation.objects.filter(name=name).first()
    if organisation is None:
        raise DemoNotLoaded(f"load the demonstration council first: no organisation '{name}'")
    return organisation


@transaction.atomic
def load_demo_benchmarks() -> tuple[ValuesImported, list[MeasureBenchmark]]:
    """Load (or refresh) the demonstration comparators; returns the import and the links."""
    organisation = _demo_organisation()
    group = import_group_unchecked(
        organisation,
        neighbours_table(),
        name=GROUP_NAME,
        kind=GroupKind.NEAREST_NEIGHBOURS,
        source=GROUP_SOURCE,
    )
    imported = import_values_unchecked(organisation, values_table())
    links = []
    for demo in DEMO_METRICS:
        measure = (
            Measure.objects.filter(plan__organisation=organisation, code=demo.measure_code)
            .select_related("plan")
            .order_by("-plan__reporting_year")
            .first()
        )
        if measure is None:
            raise DemoNotLoaded(f"the demonstration plan has no measure {demo.measure_code}")
        metric = Metric(
            demo.metric, demo.title, demo.unit, demo.polarity, source=demo.source, note=demo.note
        )
        links.append(map_measure_unchecked(measure, metric, group))
    return imported, links
