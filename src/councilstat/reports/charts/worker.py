"""A worker process that draws charts: reads a pickled list of
:class:`~councilstat.reports.charts.data.ChartData` on standard input and writes the pickled
list of their SVGs on standard output. Started by :mod:`councilstat.reports.charts.images`
when a report has many charts to draw; not a command for people."""

from __future__ import annotations

import pickle
import sys

from councilstat.reports.charts.images import chart_svg
from councilstat.reports.charts.svg import warm_up


def main() -> None:
    charts = pickle.loads(sys.stdin.buffer.read())  # noqa: S301  (from the parent process)
    warm_up()
    sys.stdout.buffer.write(pickle.dumps([chart_svg(chart) for chart in charts]))
    sys.stdout.buffer.flush()


if __name__ == "__main__":
    main()
