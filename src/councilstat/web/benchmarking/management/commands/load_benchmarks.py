"""``manage.py load_benchmarks``: load comparator data from files.

``--values FILE`` or ``--group FILE --name NAME`` imports a file for ``--organisation`` (the
demonstration council's comparators are loaded by ``manage.py load_demo``). Each problem is
printed as ``FILE:ROW:COLUMN: message``; any problem means nothing is loaded.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from councilstat.io.problems import DataFileError
from councilstat.io.tables import read_csv_table
from councilstat.web.accounts.models import Organisation
from councilstat.web.benchmarking.models import GroupKind
from councilstat.web.benchmarking.services import import_group_unchecked, import_values_unchecked


class Command(BaseCommand):
    help = "Load comparator groups and values from CSV files."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--values", type=Path, help="a CSV of values in the long format")
        parser.add_argument("--group", type=Path, help="a CSV of a comparator group's areas")
        parser.add_argument("--name", help="the comparator group's name (with --group)")
        parser.add_argument(
            "--kind", choices=[k.value for k in GroupKind], default=GroupKind.NAMED.value
        )
        parser.add_argument("--organisation", help="the organisation's name (with a file)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            self._import_files(options)
        except DataFileError as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            raise CommandError(str(error)) from None

    def _import_files(self, options: dict[str, Any]) -> None:
        if options["values"] is None and options["group"] is None:
            raise CommandError(
                "give --values FILE or --group FILE (manage.py load_demo loads the "
                "demonstration's comparators)"
            )
        name = options["organisation"]
        organisation = Organisation.objects.filter(name=name).first() if name else None
        if organisation is None:
            raise CommandError("give --organisation with the name of an existing organisation")
        if options["group"] is not None:
            if not options["name"]:
                raise CommandError("give the group a --name")
            group = import_group_unchecked(
                organisation,
                read_csv_table(options["group"]),
                name=options["name"],
                kind=GroupKind(options["kind"]),
            )
            self.stdout.write(f"Loaded the group {group.name} ({group.areas.count()} areas).")
        if options["values"] is not None:
            imported = import_values_unchecked(organisation, read_csv_table(options["values"]))
            for warning in imported.warnings:
                self.stderr.write(f"warning: {warning}")
            self.stdout.write(
                f"Loaded {imported.created} new and {imported.updated} changed values."
            )
