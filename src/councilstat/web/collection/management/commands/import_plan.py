"""``manage.py import_plan FILE_OR_FOLDER --user USERNAME``: import a whole plan.

``FILE_OR_FOLDER`` is a plan's folder of CSV files (``measures.csv``, ``targets.csv``,
``observations.csv``, ``plan.csv``) or its ``.xlsx`` workbook, in the format of
``docs/data-formats.md``. The rules are the browser's "A whole plan": every problem is printed
as ``FILE:SHEET:ROW:COLUMN: message`` and any problem stores nothing (exit status 1); the plan
is matched by its title (importing it again updates it); a file naming another organisation is
refused; an approved or published value the file would change refuses the whole import (values
are then replaced with ``import_values``, a published one by a restatement); values are
submitted for approval unless the organisation lets imports count as approved. ``--check``
reads and validates without storing.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from councilstat.io.plan_reader import read_plan
from councilstat.io.problems import DataFileError, Problem
from councilstat.web.collection.imports import ImportRefused, import_plan_as, plan_owners
from councilstat.web.collection.management.commands._common import (
    importer,
    progress_bar,
    refuse,
)


class Command(BaseCommand):
    help = "Import a whole plan from its folder of CSV files or its workbook, all or nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="the plan's folder of CSV files, or .xlsx")
        parser.add_argument("--user", help="the username recorded as importing the plan")
        parser.add_argument("--check", action="store_true", help="check only; store nothing")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        user = importer(options["user"])
        path: Path = options["path"]
        started = time.perf_counter()
        with progress_bar(not options["no_progress"]) as progress:
            task = progress.add_task(f"Reading {path.name}", total=1)
            try:
                loaded = read_plan(path)
            except DataFileError as error:
                progress.stop()
                refuse(self.stderr, error.problems, path.name)
            progress.update(task, completed=1)
            named = loaded.organisation.strip()
            own = user.organisation.name if user.organisation else ""
            if named and named.casefold() != own.casefold():
                progress.stop()
                message = f"this plan is for {named}, but {user.username} is of {own}"
                refuse(
                    self.stderr,
                    [Problem(path.name, None, None, "organisation", message)],
                    path.name,
                )
            owners, unmatched = plan_owners(user, loaded.plan)
            for warning in (*loaded.warnings, *unmatched):
                self.stderr.write(f"warning: {warning}")
            if options["check"]:
                progress.stop()
                self.stdout.write(f"Checked {loaded.plan.title}: no problems; nothing was stored")
                return
            task = progress.add_task("Storing the plan", total=1)
            try:
                result = import_plan_as(user, loaded.plan, owners)
            except ImportRefused as refused:
                progress.stop()
                refuse(self.stderr, refused.problems, path.name)
            progress.update(task, completed=1)
        counts = "; ".join(
            f"{what}: {new:,} added, {result.updated.get(what, 0):,} updated"
            for what, new in result.created.items()
        )
        seconds = time.perf_counter() - started
        title = f"{result.plan.title} (id {result.plan.pk})"
        self.stdout.write(f"Imported {title}: {counts} ({seconds:.1f} s)")
