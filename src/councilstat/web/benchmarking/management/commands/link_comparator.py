"""``manage.py link_comparator PLAN_ID MEASURE_CODE --metric M --group G``: compare a measure
with a national metric across a comparator group, as the benchmarking page's form does.

The metric's values and the group must have been loaded first (``load_benchmarks`` or the
"Load a comparator file" page): the metric is matched by its id among the organisation's
comparator values, the group by its name. ``--title`` is the metric's published name (default:
the measure's title); ``--unit`` and ``--polarity`` default to the measure's. ``--remove``
stops comparing the measure. Linking again replaces the earlier link.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from councilstat.core import plan as core
from councilstat.web.benchmarking.models import ComparatorGroup, ComparatorValue
from councilstat.web.benchmarking.services import (
    Metric,
    map_measure_unchecked,
    unlink_measure_unchecked,
)
from councilstat.web.plans.models import Measure, Plan


class Command(BaseCommand):
    help = "Compare a plan's measure with a national metric across a comparator group."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("plan_id", type=int, help="the plan's id (as in its pages' addresses)")
        parser.add_argument("measure_code", help="the measure's code, e.g. 2B6")
        parser.add_argument("--metric", help="the national metric's id in the loaded values")
        parser.add_argument("--group", help="the comparator group's name")
        parser.add_argument("--title", default="", help="the metric's published name")
        parser.add_argument("--unit", choices=[u.value for u in core.Unit])
        parser.add_argument("--polarity", choices=[p.value for p in core.Polarity])
        parser.add_argument("--source", default="", help="where the metric's values come from")
        parser.add_argument("--note", default="", help="how the metric differs from the measure")
        parser.add_argument(
            "--remove", action="store_true", help="stop comparing the measure with any metric"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        plan = Plan.objects.filter(pk=options["plan_id"]).select_related("organisation").first()
        if plan is None:
            raise CommandError(f"there is no plan {options['plan_id']}")
        code = options["measure_code"]
        measure = Measure.objects.filter(plan=plan, code=code).select_related("plan").first()
        if measure is None:
            raise CommandError(f"{plan.title} has no measure {code}")
        if options["remove"]:
            removed = unlink_measure_unchecked(measure, reason="Removed by link_comparator")
            verb = "is no longer" if removed else "was not"
            self.stdout.write(f"{code} {verb} compared with a national metric.")
            return
        if not options["metric"] or not options["group"]:
            raise CommandError("give --metric and --group (or --remove)")
        group = ComparatorGroup.objects.filter(
            organisation=plan.organisation, name=options["group"]
        ).first()
        if group is None:
            names = ComparatorGroup.objects.filter(organisation=plan.organisation)
            known = ", ".join(g.name for g in names) or "none is loaded yet"
            raise CommandError(f"no comparator group called {options['group']!r} ({known})")
        values = ComparatorValue.objects.filter(organisation=plan.organisation)
        if not values.filter(metric=options["metric"]).exists():
            loaded = sorted(set(values.values_list("metric", flat=True)))
            known = ", ".join(loaded) if loaded else "none is loaded yet"
            raise CommandError(f"no comparator values of {options['metric']!r} ({known})")
        metric = Metric(
            options["metric"],
            options["title"] or measure.title,
            core.Unit(options["unit"] or measure.unit),
            core.Polarity(options["polarity"] or measure.polarity),
            source=options["source"],
            note=options["note"],
        )
        map_measure_unchecked(measure, metric, group, reason="Linked by link_comparator")
        self.stdout.write(f"{code} is now compared with {metric.metric} across {group.name}.")
