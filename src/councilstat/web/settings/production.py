"""Production: secrets and hosts from the environment, HTTPS everywhere."""

from councilstat.web.env import env_str
from councilstat.web.settings.base import *  # noqa: F403

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    raise RuntimeError("DJANGO_SECRET_KEY must be set in production")

SECURE_SSL_REDIRECT = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# __Host- cookies: the browser accepts them only over HTTPS, for the whole site (Path=/) and
# with no Domain, so no other host under the council's domain can set or overwrite them.
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"

# The second factor cannot be turned off here, whatever the environment says; more roles can
# be added with COUNCILSTAT_MFA_ROLES, never the performance team taken away.
COUNCILSTAT_MFA_REQUIRED = True
COUNCILSTAT_MFA_ROLES = sorted({"performance", *COUNCILSTAT_MFA_ROLES})  # noqa: F405

# Background jobs go through Redis to the worker (``manage.py run_huey``), never inline in a web
# process. REDIS_URL must be set explicitly: a default pointing at a Redis that is not there
# would queue nothing and fail every download.
if not env_str("REDIS_URL"):
    raise RuntimeError("REDIS_URL must be set in production (the job queue needs Redis)")
HUEY = {**HUEY, "immediate": False, "url": env_str("REDIS_URL")}  # noqa: F405
