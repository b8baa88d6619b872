"""What the backup drill compares before and after a restore: the committee report of a
published quarter as a councillor downloads it (its SHA-256) and the row count of every
table. Run as a module, it prints them as JSON for the database ``DATABASE_URL`` names."""

from __future__ import annotations

import hashlib
import json
import sys
from typing import Any


def digest(plan_id: int, quarter: str, username: str) -> dict[str, Any]:
    from django.db import connection

    from councilstat.core.periods import Quarter, parse_period
    from councilstat.reports.render import ReportFormat
    from councilstat.web.accounts.models import User
    from councilstat.web.dashboards.presenters import ReportRequest
    from councilstat.web.dashboards.tasks import report_content

    period = parse_period(quarter)
    assert isinstance(period, Quarter)
    wanted = ReportRequest(plan_id, period, ReportFormat.HTML, exceptions_only=False, as_at=None)
    user = User.objects.get(username=username)
    report = report_content(user, wanted)
    with connection.cursor() as cursor:
        rows = {}
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            rows[table] = cursor.fetchone()[0]
    return {
        "report_sha256": hashlib.sha256(report).hexdigest(),
        "report_has_figures": b"<table" in report,
        "rows": rows,
    }


if __name__ == "__main__":
    import django

    django.setup()
    sys.stdout.write(json.dumps(digest(int(sys.argv[1]), sys.argv[2], sys.argv[3])) + "\n")
