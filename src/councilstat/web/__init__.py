"""The web application (Django): plans, data collection, sign-off, audit and dashboards."""
