"""BAK-2: every data migration (a migration with ``RunPython``) runs backwards and forwards
again over a council's data with nothing lost: every table that stays while it is undone holds
exactly the rows it held before, and the tables the data migration itself creates are filled
again. (Tables of later migrations, undone with it, are dropped and made again empty: that is
what undoing a schema change does, not a data migration's loss.) A data migration that cannot
run backwards fails here."""

from __future__ import annotations

import hashlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.operations import CreateModel, RunPython

OURS = "councilstat.web."


def data_migrations(executor: MigrationExecutor) -> list[tuple[str, str]]:
    found = []
    for key, migration in executor.loader.disk_migrations.items():
        module = type(migration).__module__
        if module.startswith(OURS) and any(
            isinstance(op, RunPython) for op in migration.operations
        ):
            found.append(key)
    return sorted(found)


def snapshot() -> dict[str, tuple[int, str]]:
    """Each table's row count and a digest of its rows (in a stable order); not Django's
    record of the migrations applied, whose times change by design."""
    tables = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            if table == "django_migrations":
                continue
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted}")  # noqa: S608  (names from the database)
            rows = sorted(repr(row) for row in cursor.fetchall())
            tables[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return tables


@pytest.mark.django_db(transaction=True)
def test_every_data_migration_runs_backwards_and_forwards_without_loss(council):
    council.owner.role = "director"  # a change, so that the history holds more than its start
    council.owner.save()
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    migrations = data_migrations(executor)
    assert ("accounts", "0002_user_history") in migrations
    for app, name in migrations:
        before = snapshot()
        parents = [p for p in executor.loader.graph.node_map[(app, name)].parents if p[0] == app]
        executor.migrate([parents[0] if parents else (app, None)])
        between = set(snapshot())
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(leaves)
        after = snapshot()
        assert set(after) == set(before), (app, name)
        migration = executor.loader.disk_migrations[(app, name)]
        created = {
            f"{app}_{op.name.lower()}" for op in migration.operations if isinstance(op, CreateModel)
        }
        checked = 0
        for table, (count, digest) in before.items():
            if table in between:
                assert after[table] == (count, digest), (app, name, table)
                checked += 1
            elif table in created and count:
                assert after[table][0] > 0, (app, name, table)  # made again, and filled
        assert checked > 10
