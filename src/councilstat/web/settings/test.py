"""Tests: fast hashing, in-memory email, plain static storage."""

from councilstat.web.settings.base import *  # noqa: F403

SECRET_KEY = "test-only-not-secret-" + "x" * 40  # noqa: S105  (tests only)
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AXES_ENABLED = True
# Static files come straight from the app folders (runserver and the test server serve them).
MIDDLEWARE = [m for m in MIDDLEWARE if not m.startswith("whitenoise.")]  # noqa: F405
# Tests sign in with force_login and no second factor; tests/security turns the requirement on
# (as production has it) for the tests of the second factor itself.
COUNCILSTAT_MFA_REQUIRED = False
