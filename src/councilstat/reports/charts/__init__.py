"""Charts as accessible SVG, drawn server-side, each with a text summary and a data table.

- :mod:`~councilstat.reports.charts.svg`: the one call to vl-convert, and
  :func:`~councilstat.reports.charts.svg.accessible_svg`, which makes every chart one image
  named by its title and summary;
- :mod:`~councilstat.reports.charts.trend`, :mod:`~councilstat.reports.charts.spc`,
  :mod:`~councilstat.reports.charts.funnel` and :mod:`~councilstat.reports.charts.rating`:
  the charts, declared with altair;
- :mod:`~councilstat.reports.charts.spc_text` and :mod:`~councilstat.reports.charts.data`:
  what the charts say in words (summaries, tables, legends) and what a report draws, as plain
  data with no drawing library, so the report model can use them;
- :mod:`~councilstat.reports.charts.images`: a report's charts as SVG and PNG;
- :mod:`~councilstat.reports.charts.icons`: the SPC variation and assurance icons.

This package imports nothing itself, so importing the plain-data modules does not load the
drawing libraries.
"""
