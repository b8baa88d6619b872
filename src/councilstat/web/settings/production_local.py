"""Production settings for checks on one machine over plain HTTP (``make serve-production``,
the two-server test, the load benchmark): everything as in production (PostgreSQL or SQLite
from ``DATABASE_URL``, Redis from ``REDIS_URL``, whitenoise, DEBUG off, the second factor)
except what needs HTTPS in front: no redirect to HTTPS, no HSTS, cookies without ``Secure``
and so without the ``__Host-`` prefix (browsers accept that prefix only over HTTPS).

Never serve a council from these settings: use ``councilstat.web.settings.production``
behind a reverse proxy that terminates HTTPS (docs/deployment.md).
"""

from councilstat.web.env import env_list
from councilstat.web.settings.production import *  # noqa: F403

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")

SECURE_SSL_REDIRECT = False
SECURE_PROXY_SSL_HEADER = None  # type: ignore[assignment]
SECURE_HSTS_SECONDS = 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = False
SECURE_HSTS_PRELOAD = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SESSION_COOKIE_NAME = "sessionid"
CSRF_COOKIE_NAME = "csrftoken"
