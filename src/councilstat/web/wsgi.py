"""WSGI entry point: ``gunicorn councilstat.web.wsgi:application``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "councilstat.web.settings.production")
application = get_wsgi_application()

# Start the chart renderer once per worker, so no visitor's first measure page waits for it.
from councilstat.reports.charts.svg import warm_up  # noqa: E402

warm_up()
