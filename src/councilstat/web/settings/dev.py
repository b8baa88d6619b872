"""Development: DEBUG on, a fixed local secret, localhost only."""

from councilstat.web.env import env_bool
from councilstat.web.settings.base import *  # noqa: F403

DEBUG = True
SECRET_KEY = "dev-only-not-secret-" + "x" * 40  # noqa: S105  (development only)
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Static files come straight from the app folders (runserver and the test server serve them).
MIDDLEWARE = [m for m in MIDDLEWARE if not m.startswith("whitenoise.")]  # noqa: F405

# The demonstration signs in without a second factor, and the sign-in page says so. Production
# settings always ask for one.
COUNCILSTAT_MFA_REQUIRED = env_bool("COUNCILSTAT_MFA_REQUIRED", False)
