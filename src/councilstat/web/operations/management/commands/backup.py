"""``manage.py backup PATH``: a backup of the whole database to one file (see
``operations.backup``). Safe while the service runs."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from councilstat.web.operations.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database to one file (SQLite online backup, or pg_dump -Fc)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="the backup file to write")
        parser.add_argument("--overwrite", action="store_true", help="replace an existing file")
        parser.add_argument("--database", default="default", help="the database alias")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        try:
            outcome = backup(
                options["path"], using=options["database"], overwrite=options["overwrite"]
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        seconds = time.monotonic() - started
        self.stdout.write(
            f"Backed up the {outcome.vendor} database to {outcome.path} "
            f"({outcome.size:,} bytes) in {seconds:.1f} s."
        )
