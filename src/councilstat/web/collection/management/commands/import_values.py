"""``manage.py import_values PLAN FILE --user USERNAME``: import values for an existing plan.

``PLAN`` is the plan's id (shown in its address, ``/plans/ID/``, and by ``--list``). ``FILE`` is
a CSV file or a workbook with an ``observations`` sheet, in the format of
``docs/data-formats.md``; a large CSV file (a million rows) is read in bulk. The rules are the
browser's: every problem is printed as ``FILE:SHEET:ROW:COLUMN: message`` and any problem stores
nothing (exit status 1); a red value needs a note (or stored commentary); an approved or
published value that the file changes is kept as it is unless ``--replace-signed-off`` is given
(a published one is then restated, with ``--reason``); the user is recorded as entering each
value, which is submitted for approval unless the organisation lets imports count as approved.
``--check`` reads and compares without storing. A progress bar is shown on stderr.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from councilstat.io.bulk_observations import read_bulk_observations
from councilstat.io.problems import DataFileError
from councilstat.web.accounts.models import User
from councilstat.web.collection.bulk import (
    BulkChanges,
    apply_values,
    compare_values,
)
from councilstat.web.collection.figures import snapshot
from councilstat.web.collection.management.commands._common import (
    importer,
    progress_bar,
    refuse,
)
from councilstat.web.collection.models import Observation
from councilstat.web.plans.models import Plan

MAX_FILE_BYTES = 1024 * 1024 * 1024
"""The largest CSV file the command reads (the browser's limit is far lower)."""


class Command(BaseCommand):
    help = "Import values for an existing plan from a CSV file or a workbook, all or nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("plan", nargs="?", help="the plan's id (see --list)")
        parser.add_argument("file", nargs="?", type=Path, help="a .csv or .xlsx file of values")
        parser.add_argument("--user", help="the username recorded as importing the values")
        parser.add_argument(
            "--replace-signed-off",
            action="store_true",
            help="replace approved and published values the file changes (kept otherwise)",
        )
        parser.add_argument("--reason", default="", help="why published values are restated")
        parser.add_argument("--check", action="store_true", help="check only; store nothing")
        parser.add_argument("--list", action="store_true", help="list the plans and their ids")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            for plan in Plan.objects.select_related("organisation"):
                self.stdout.write(f"{plan.pk}\t{plan.organisation}\t{plan.title}")
            return
        if options["plan"] is None or options["file"] is None:
            raise CommandError("give the plan's id and the file: import_values PLAN FILE")
        user = importer(options["user"])
        plan = _plan(options["plan"], user)
        path: Path = options["file"]
        started = time.perf_counter()
        with progress_bar(not options["no_progress"]) as progress:
            task = progress.add_task(f"Reading {path.name}", total=None)
            rules = snapshot(plan, Observation.objects.none())
            try:
                values = read_bulk_observations(path, rules, max_bytes=MAX_FILE_BYTES)
            except DataFileError as error:
                progress.stop()
                refuse(self.stderr, error.problems, path.name)
            progress.update(task, total=len(values), completed=len(values))
            for warning in values.warnings:
                self.stderr.write(f"warning: {warning}")
            with transaction.atomic():  # compared and stored with nothing changing in between
                task = progress.add_task("Comparing with stored values", total=1)
                changes = compare_values(
                    plan,
                    values,
                    filename=path.name,
                    replace_signed_off=options["replace_signed_off"],
                    rules=rules,
                )
                progress.update(task, completed=1)
                self._check(changes, options, path.name, progress)
                if options["check"]:
                    progress.stop()
                    self.stdout.write(_summary(changes))
                    return
                store = progress.add_task(
                    "Storing values", total=changes.new.height + changes.changed.height
                )
                try:
                    done = apply_values(
                        user,
                        plan,
                        changes,
                        reason=options["reason"],
                        progress=lambda n: progress.advance(store, n),
                    )
                except ValueError as refused:
                    raise CommandError(str(refused)) from None
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"{path.name}: {done.created:,} values added, {done.updated:,} changed, "
            f"{changes.unchanged:,} unchanged, {done.kept:,} approved or published kept as "
            f"they were, {values.blank_rows:,} blank rows skipped ({seconds:.1f} s)"
        )

    def _check(self, changes: BulkChanges, options: dict[str, Any], name: str, bar: Any) -> None:
        """Refuse an import with problems, or a restatement without a reason."""
        if not changes.ok:
            bar.stop()
            refuse(self.stderr, changes.problems, name)
        if changes.restatements and not options["reason"].strip():
            bar.stop()
            raise CommandError(
                f"{changes.restatements:,} published values would be restated: give --reason; "
                "nothing was stored"
            )


def _summary(changes: BulkChanges) -> str:
    return (
        f"Checked: {changes.new.height:,} values would be added, "
        f"{changes.changed.height:,} changed, "
        f"{changes.unchanged:,} unchanged, {changes.kept:,} approved or published kept; "
        "nothing was stored"
    )


def _plan(given: str, user: User) -> Plan:
    try:
        plan = Plan.objects.select_related("organisation").get(pk=int(given))
    except (ValueError, Plan.DoesNotExist):
        raise CommandError(f"there is no plan with the id '{given}' (see --list)") from None
    if plan.organisation_id != user.organisation_id:
        raise CommandError(f"{user.username} belongs to another organisation than {plan}")
    return plan
