"""``manage.py restore PATH``: replace the whole database with a backup made by
``manage.py backup``. Stop the web and worker processes first; afterwards run
``manage.py migrate`` in case the backup is from an older release. Every session ends and the
service's cached pages are removed (``operations.backup.restore``)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from councilstat.web.operations.backup import BackupError, restore


class Command(BaseCommand):
    help = "Replace everything in the database with a backup made by `manage.py backup`."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="the backup file to restore")
        parser.add_argument("--database", default="default", help="the database alias")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="do not ask for confirmation",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        alias = options["database"]
        name = connections[alias].settings_dict["NAME"]
        if options["interactive"]:
            answer = input(
                f"This replaces everything in the database {name} with {options['path']}.\n"
                "Type 'yes' to carry on: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled; nothing was changed.")
        started = time.monotonic()
        try:
            outcome = restore(options["path"], using=alias)
        except BackupError as error:
            raise CommandError(str(error)) from error
        seconds = time.monotonic() - started
        ended, keys = outcome.sessions_ended, outcome.cache_keys_removed
        in_redis = f" ({keys} keys in Redis)" if keys is not None else ""
        self.stdout.write(
            f"Restored the {outcome.vendor} database {name} from {outcome.path} "
            f"in {seconds:.1f} s. Ended {ended} session{'' if ended == 1 else 's'} (everyone "
            f"signs in again) and cleared the service's cache{in_redis}. "
            "Run `manage.py migrate` if the backup is from an older release."
        )
