"""The web application (Django), in layers that ``pyproject.toml``'s import contract keeps:

- ``api``, ``dashboards``, ``public``, ``audit`` and ``demo``: the REST API, the dashboards
  and committee report, the public pages, the audit trail, the demonstration loader;
- ``scrutiny`` and ``benchmarking``: boards, meetings and actions; comparators;
- ``collection``: values entered, signed off and published, and spreadsheet imports;
- ``plans``: priorities, outcomes, measures and targets;
- ``accounts``: organisations, users and the permission policy;
- ``common``: what every app shares (service errors, URL converters, the audit reason).

An app imports only from the layers below it. Inside each app, services write, selectors
query, and presenters put what was read into words and charts without querying.
"""
