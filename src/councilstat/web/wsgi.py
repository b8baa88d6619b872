"""WSGI entry point: ``gunicorn councilstat.web.wsgi:application``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "councilstat.web.settings.production")
application = get_wsgi_application()
