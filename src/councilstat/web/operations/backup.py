"""Backing up the database to one file, and restoring it from one.

- SQLite: SQLite's online backup API copies a consistent snapshot while the service runs
  (writers carry on; https://www.sqlite.org/backup.html). Restoring copies the file back the
  same way, page by page, into the live database.
- PostgreSQL: ``pg_dump --format=custom`` and ``pg_restore --clean --single-transaction``
  (https://www.postgresql.org/docs/current/backup-dump.html), with the connection settings
  passed in the environment, never on the command line (where ``ps`` shows them).

A backup holds personal data: the file is made readable by its owner only.

After a restore, nothing from the database as it was may outlive it:

- every session ends (everyone signs in again), so a session that was signed out, ended by
  "Sign out of every device" or belonged to a user deactivated since the backup cannot come
  back with the backup's copy of the sessions table;
- every entry the service keeps in its caches is removed (the public pages and their figures
  versions among them), so no page shows the figures of the database before the restore. In a
  shared Redis only this service's keys go (those under its ``KEY_PREFIX``); the job queue and
  other services' keys stay;
- the ``restored`` signal is sent, for the apps above this one to set right what the database
  holds about the world outside it (``jobs`` fails the jobs the backup holds as waiting or
  running, which are in no queue now).
"""

from __future__ import annotations

import glob
import os
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import connections
from django.dispatch import Signal

__all__ = ["BackupError", "Outcome", "Restored", "backup", "forget_cached", "restore", "restored"]

_SQLITE_MAGIC = b"SQLite format 3\x00"
_PG_MAGIC = b"PGDMP"


restored = Signal()
"""Sent (with ``using``, the database alias) once a restore is done, sessions ended and caches
cleared."""


class BackupError(Exception):
    """The backup or restore could not be made; the message says why."""


@dataclass(frozen=True)
class Outcome:
    vendor: str
    path: Path
    size: int


@dataclass(frozen=True)
class Restored(Outcome):
    """A restore's outcome, with what it cleared of the database as it was."""

    sessions_ended: int
    cache_keys_removed: int | None
    """Keys deleted from Redis; ``None`` when no cache is in Redis (the others are cleared
    whole, uncounted)."""


def _pg_environment(settings: dict[str, Any]) -> dict[str, str]:
    environment = dict(os.environ)
    pairs = {
        "PGHOST": settings.get("HOST"),
        "PGPORT": settings.get("PORT"),
        "PGUSER": settings.get("USER"),
        "PGPASSWORD": settings.get("PASSWORD"),
        "PGDATABASE": settings.get("NAME"),
        "PGSSLMODE": (settings.get("OPTIONS") or {}).get("sslmode"),
    }
    environment.update({key: str(value) for key, value in pairs.items() if value})
    return environment


def _run(command: list[str], settings: dict[str, Any]) -> None:
    try:
        result = subprocess.run(
            command,
            env=_pg_environment(settings),
            capture_output=True,
            text=True,
            check=False,
        )
    except FileNotFoundError as error:
        raise BackupError(
            f"{command[0]} was not found: install the PostgreSQL client programs"
        ) from error
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def _temporary_beside(path: Path) -> Path:
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(handle)
    return Path(name)


def backup(path: Path, *, using: str = "default", overwrite: bool = False) -> Outcome:
    """Write a backup of the database to ``path`` (made whole, then moved into place)."""
    path = Path(path)
    if path.exists() and not overwrite:
        raise BackupError(f"{path} already exists; choose a new name, or overwrite it")
    if not path.parent.is_dir():
        raise BackupError(f"{path.parent} is not a folder")
    connection = connections[using]
    partial = _temporary_beside(path)
    try:
        os.chmod(partial, 0o600)
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            target = sqlite3.connect(partial)
            try:
                connection.connection.backup(target)
                # One self-contained file (no -wal or -shm beside it), whatever the live mode.
                target.execute("PRAGMA journal_mode=DELETE")
            finally:
                target.close()
        elif connection.vendor == "postgresql":
            command = ["pg_dump", "--format=custom", "--no-owner", "--no-privileges"]
            _run([*command, f"--file={partial}"], connection.settings_dict)
        else:
            raise BackupError(f"cannot back up a {connection.vendor} database")
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return Outcome(connection.vendor, path, path.stat().st_size)


def _check_sqlite_backup(path: Path) -> None:
    with path.open("rb") as file:
        if file.read(len(_SQLITE_MAGIC)) != _SQLITE_MAGIC:
            raise BackupError(f"{path} is not a SQLite backup")
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        (verdict,) = source.execute("PRAGMA integrity_check").fetchone()
        tables = {row[0] for row in source.execute("SELECT name FROM sqlite_master")}
    finally:
        source.close()
    if verdict != "ok":
        raise BackupError(f"{path} is damaged: {verdict}")
    if "django_migrations" not in tables:
        raise BackupError(f"{path} is a SQLite file, but not a backup of this service")


def forget_cached() -> int | None:
    """Remove every entry this service keeps in its caches (each alias in ``CACHES``); returns
    how many keys were deleted from Redis, or ``None`` if no cache is in Redis (the other
    backends are cleared whole, uncounted).

    In Redis only the keys under the cache's own prefix are deleted (Django names them
    ``PREFIX:VERSION:KEY``): ``clear()`` would empty the whole Redis database, with the job
    queue and any other service's keys in it.
    """
    removed: int | None = None
    for alias in settings.CACHES:
        cache = caches[alias]
        if isinstance(cache, RedisCache):
            # Django's own client (no public accessor): the cache's servers and options.
            client = cache._cache.get_client(None, write=True)  # type: ignore[attr-defined]
            pattern = f"{glob.escape(cache.key_prefix)}:*"
            deleted, batch = 0, []
            for key in client.scan_iter(match=pattern, count=1000):
                batch.append(key)
                if len(batch) == 1000:
                    deleted += client.delete(*batch)
                    batch = []
            if batch:
                deleted += client.delete(*batch)
            removed = (removed or 0) + deleted
        else:
            cache.clear()
    return removed


def _end_sessions(using: str) -> int:
    """Delete every session stored in the database (none are, with a cache session engine,
    whose sessions ``forget_cached`` removes)."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    if not hasattr(store, "get_model_class"):
        return 0
    ended, _ = store.get_model_class().objects.using(using).all().delete()
    return int(ended)


def restore(path: Path, *, using: str = "default") -> Restored:
    """Replace everything in the database with the backup at ``path``, then end every
    session and forget everything cached from the database as it was."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path} is not a file")
    connection = connections[using]
    if connection.vendor == "sqlite":
        _check_sqlite_backup(path)
        connection.ensure_connection()
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    elif connection.vendor == "postgresql":
        with path.open("rb") as file:
            if file.read(len(_PG_MAGIC)) != _PG_MAGIC:
                raise BackupError(f"{path} is not a pg_dump custom-format backup")
        connection.close()
        name = str(connection.settings_dict["NAME"])
        command = [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={name}",
            str(path),
        ]
        _run(command, connection.settings_dict)
    else:
        raise BackupError(f"cannot restore a {connection.vendor} database")
    ended = _end_sessions(using)
    removed = forget_cached()
    restored.send(sender=Restored, using=using)
    return Restored(connection.vendor, path, path.stat().st_size, ended, removed)
