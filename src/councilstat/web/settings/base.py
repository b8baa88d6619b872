"""Settings shared by every environment. Production-safe: no development relaxations here."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE

from councilstat.web.env import REPOSITORY, database_url, env_bool, env_list, env_str

WEB = Path(__file__).resolve().parents[1]

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
DEBUG = False
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "simple_history",
    "axes",
    "ninja",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "huey.contrib.djhuey",
    "councilstat.web.accounts",
    "councilstat.web.jobs",
    "councilstat.web.plans",
    "councilstat.web.collection",
    "councilstat.web.dashboards",
    "councilstat.web.audit",
    "councilstat.web.benchmarking",
    "councilstat.web.api",
    "councilstat.web.public",
    "councilstat.web.scrutiny",
    "councilstat.web.demo",
    "councilstat.web.operations",
]

MIDDLEWARE = [
    # First, so that every log line of the request, and its error page, carry its ID.
    "councilstat.web.operations.requests.RequestIdMiddleware",
    # Then every POST, PUT, PATCH and DELETE is logged with its user, action and answer,
    # whichever middleware or view gave the answer.
    "councilstat.web.operations.actions.ActionLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before anything reads a body (the CSRF check does): refuses it by its declared size.
    "councilstat.web.operations.limits.RequestSizeMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "councilstat.web.accounts.expiry.SessionExpiryMiddleware",
    "councilstat.web.accounts.mfa.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "councilstat.web.accounts.middleware.NoStoreForSignedInMiddleware",
    "councilstat.web.operations.errors.DatabaseFaultMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "councilstat.web.urls"
WSGI_APPLICATION = "councilstat.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [WEB / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "councilstat.web.accounts.context.service",
            ],
        },
    },
]

DATABASES = {"default": dj_database_url.parse(database_url(), conn_max_age=60)}
# Many writers at quarter end on SQLite: write-ahead logging lets readers carry on while one
# writer writes; IMMEDIATE transactions take the write lock when they begin, so two writers
# queue (for up to ``timeout`` seconds) instead of one failing with "database is locked" when
# it upgrades a read lock. synchronous=NORMAL is safe with WAL (a power cut may lose the last
# commits, never corrupt the file). A lock held past the timeout gives the "try again" page.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = dict(SQLITE_OPTIONS)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboards:start"  # owners land on "My measures"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lockout after 5 failures for one username from one address, for an hour.
# And, beside it, a limit per address: 30 failures from one address within the hour, whatever
# the usernames, pauses sign-in from there (password spraying). The address is REMOTE_ADDR, or
# the one the trusted proxies in front of the service saw (COUNCILSTAT_TRUSTED_PROXIES).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_HANDLER = "councilstat.web.accounts.lockout.UserAndAddressHandler"
AXES_CLIENT_IP_CALLABLE = "councilstat.web.accounts.lockout.client_ip"
COUNCILSTAT_ADDRESS_FAILURE_LIMIT = int(env_str("COUNCILSTAT_ADDRESS_FAILURE_LIMIT", "30"))
COUNCILSTAT_TRUSTED_PROXIES = int(env_str("COUNCILSTAT_TRUSTED_PROXIES", "0"))

# A session ends after 30 minutes without a request, and 10 hours after signing in, however
# busy (accounts.expiry). The cookie itself lasts no longer than the absolute limit.
COUNCILSTAT_SESSION_IDLE_SECONDS = int(env_str("COUNCILSTAT_SESSION_IDLE_MINUTES", "30")) * 60
COUNCILSTAT_SESSION_ABSOLUTE_SECONDS = (
    int(env_str("COUNCILSTAT_SESSION_ABSOLUTE_HOURS", "10")) * 3600
)
SESSION_COOKIE_AGE = COUNCILSTAT_SESSION_ABSOLUTE_SECONDS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Where ``collectstatic`` puts the files whitenoise serves (docs/deployment.md).
STATIC_ROOT = Path(env_str("COUNCILSTAT_STATIC_ROOT", str(REPOSITORY / "var" / "static")))
STATICFILES_DIRS = [WEB / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# collectstatic does not compress source maps (several MB, fetched only by a developer's
# browser tools): compressing them took most of its time. (The unhashed copies stay: init.js
# imports GOV.UK Frontend's module by its plain name.)
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [
    *("jpg", "jpeg", "png", "gif", "webp", "zip", "gz", "tgz", "bz2", "tbz", "xz", "br"),
    *("woff", "woff2", "map"),
]

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "performance@council.example")

DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Whole requests, by their declared Content-Length, before the body is read
# (operations.limits): a plan's CSV files of up to 5 MB each, together; a few KB for a form
# sent by someone not signed in.
COUNCILSTAT_MAX_REQUEST_BYTES = 25 * 1024 * 1024
COUNCILSTAT_MAX_ANONYMOUS_REQUEST_BYTES = 64 * 1024

# The council's name in the header; never the GOV.UK crown or font.
COUNCILSTAT_SERVICE_NAME = env_str("COUNCILSTAT_SERVICE_NAME", "Council performance")
# Where the footer's and the Beta banner's "feedback" links write to (a mailto: link); unset,
# they lead to the help page's section on contacting the performance team.
COUNCILSTAT_FEEDBACK_ADDRESS = env_str("COUNCILSTAT_FEEDBACK_ADDRESS", "")
# A value moving more than this share of its previous value asks for confirmation at entry.
COUNCILSTAT_CONFIRM_CHANGE_PERCENT = 25
# An invitation link works for this many days; links in e-mails sent by commands use this address.
COUNCILSTAT_INVITATION_DAYS = int(env_str("COUNCILSTAT_INVITATION_DAYS", "7"))
COUNCILSTAT_SITE_URL = env_str("COUNCILSTAT_SITE_URL", "")
# Who answers accessibility requests and complaints, and in how many working days: the
# accessibility statement's contact (docs/getting-started.md). Without an address, the statement
# sends people to the council that published the figures.
COUNCILSTAT_ACCESSIBILITY_EMAIL = env_str("COUNCILSTAT_ACCESSIBILITY_EMAIL", "")
COUNCILSTAT_ACCESSIBILITY_PHONE = env_str("COUNCILSTAT_ACCESSIBILITY_PHONE", "")
COUNCILSTAT_ACCESSIBILITY_RESPONSE_DAYS = int(
    env_str("COUNCILSTAT_ACCESSIBILITY_RESPONSE_DAYS", "10")
)

AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"

# A second factor (a code from an authenticator app, TOTP) for the roles in
# COUNCILSTAT_MFA_ROLES and for administrators (staff and superusers). Production always
# requires it; the demonstration turns it off and says so on the sign-in page.
COUNCILSTAT_MFA_REQUIRED = env_bool("COUNCILSTAT_MFA_REQUIRED", True)
COUNCILSTAT_MFA_ROLES = env_list("COUNCILSTAT_MFA_ROLES", "performance")
OTP_TOTP_ISSUER = COUNCILSTAT_SERVICE_NAME

# The API's schema and docs need a signed-in user unless this opens them to everyone.
COUNCILSTAT_API_DOCS_PUBLIC = env_bool("COUNCILSTAT_API_DOCS_PUBLIC", False)

# Content-Security-Policy: scripts only from this site's own files (no inline script, no
# eval); nothing may frame the pages. Inline styles stay allowed: the SVG charts carry style
# attributes and the committee report's HTML embeds its stylesheet so it works saved offline.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Background jobs (web.jobs; docs/decisions/0005-job-queue.md): huey over Redis. Here, and so in
# development, the demonstration and the tests, "immediate" mode runs each job inline, at once,
# with an in-memory queue: no broker is needed. Production settings switch to the Redis queue
# and a worker (``manage.py run_huey``). Results live on the Job row, so huey keeps none.
HUEY = {
    "name": "councilstat",
    "huey_class": "huey.RedisHuey",
    "immediate": True,
    "results": False,
    # Periodic tasks (the 07:30 reminders) on the local clock, which Django sets to TIME_ZONE.
    "utc": False,
    "url": env_str("REDIS_URL", "redis://127.0.0.1:6379/0"),
    "consumer": {"workers": 2, "worker_type": "thread"},
}
# At most this many unfinished jobs (queued or running) for one user, and for the whole
# service; a request over either is refused with a page that says so.
COUNCILSTAT_JOBS_PER_USER = int(env_str("COUNCILSTAT_JOBS_PER_USER", "3"))
COUNCILSTAT_JOBS_OVERALL = int(env_str("COUNCILSTAT_JOBS_OVERALL", "20"))
# Finished jobs, with their files, are deleted after this many days; a job unfinished after
# this many minutes (its worker stopped) is marked failed.
COUNCILSTAT_JOBS_KEEP_DAYS = int(env_str("COUNCILSTAT_JOBS_KEEP_DAYS", "7"))
COUNCILSTAT_JOBS_STALE_MINUTES = int(env_str("COUNCILSTAT_JOBS_STALE_MINUTES", "60"))
# A confirmed browser import of more than this many values is applied by a background job
# (its page shows the progress); smaller ones are applied in the request.
COUNCILSTAT_IMPORT_JOB_ROWS = int(env_str("COUNCILSTAT_IMPORT_JOB_ROWS", "5000"))

# Styled pages for refusals and faults, each with the request's ID (operations.errors).
CSRF_FAILURE_VIEW = "councilstat.web.operations.errors.csrf_failure"

# Every log line is one JSON object with the request's ID (operations.logs): errors, and
# security events on the "councilstat.security" logger. Everything goes to standard error,
# where the process manager (systemd's journal, a container runtime) keeps it.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "councilstat.web.operations.logs.RequestIdFilter"}},
    "formatters": {"json": {"()": "councilstat.web.operations.logs.JsonFormatter"}},
    "handlers": {
        "json": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["json"], "level": "INFO"},
    "loggers": {
        # Django's own errors (django.request's 500s among them) go to the JSON handler too,
        # not only to the console under DEBUG and to mail_admins.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "councilstat": {"level": "INFO"},
        "axes": {"level": "WARNING"},
        # The job worker's own lines, once, as JSON (run_huey adds a plain handler otherwise).
        "huey": {"handlers": ["json"], "level": "INFO", "propagate": False},
        "fontTools": {"level": "WARNING"},
    },
}
