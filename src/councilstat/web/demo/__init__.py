"""Loading the demonstration council into the web application: its plan and users, its
comparators and its scrutiny meeting. An entry point above the other web apps; no models.

``manage.py load_demo`` runs all three; the data itself is in ``councilstat.demo``.
"""
