"""Settings: twelve-factor, every value from the environment with a safe default.

`UNICON_ENV` is `development` (default), `test` or `production`. Production refuses
to start without an explicit SECRET_KEY and turns on every HTTPS protection.
"""

import secrets
from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from unicon.pods.storage_url import is_s3, storage_setting
from unicon.pods.storage_url import local_path as local_storage_path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent.parent

env = environ.Env()
environ.Env.read_env(PROJECT_DIR / ".env", overwrite=False)

UNICON_ENV = env.str("UNICON_ENV", default="development")
if UNICON_ENV not in {"development", "test", "production"}:
    raise ImproperlyConfigured("UNICON_ENV must be development, test or production")
PRODUCTION = UNICON_ENV == "production"

VAR_DIR = Path(env.str("UNICON_VAR_DIR", default=str(PROJECT_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _development_secret_key() -> str:
    """A key generated once per checkout and kept in var/ (never committed)."""
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(64))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


if PRODUCTION:
    SECRET_KEY = env.str("SECRET_KEY", default="")
    if not SECRET_KEY:
        raise ImproperlyConfigured("SECRET_KEY is required when UNICON_ENV=production")
else:
    SECRET_KEY = env.str("SECRET_KEY", default="") or _development_secret_key()

DEBUG = env.bool("DEBUG", default=UNICON_ENV == "development")
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The address links in e-mails point to; in development it follows PORT (`make run PORT=…`).
SITE_URL = env.str("SITE_URL", default=f"http://127.0.0.1:{env.int('PORT', default=8000)}")
SITE_URL = SITE_URL.rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "unicon.core",
    "unicon.accounts",
    "unicon.customers",
    "unicon.fleet",
    "unicon.shipments",
    "unicon.dispatch",
    "unicon.pods",
    "unicon.costs",
    "unicon.billing",
    "unicon.runbook",
    "unicon.dataio",
    "unicon.jobs",
    "unicon.notifications",
    "unicon.web",
]

MIDDLEWARE = [
    # first, so compressing is the last thing done to a response (text >= GZIP_MIN_BYTES)
    "unicon.runbook.compression.MinimumSizeGZipMiddleware",
    "unicon.core.middleware.RequestContextMiddleware",
    "unicon.runbook.observability.RequestMetricsMiddleware",
    "unicon.runbook.middleware.SystemModeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "unicon.core.middleware.ApiErrorMiddleware",
    "unicon.core.nul.RefuseNulMiddleware",  # PostgreSQL cannot store U+0000 in text
    "django.contrib.sessions.middleware.SessionMiddleware",
    "unicon.core.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "unicon.runbook.ratelimit.RateLimitMiddleware",  # needs the session user
    "unicon.accounts.middleware.SessionActivityMiddleware",
    "unicon.core.idempotency.IdempotencyMiddleware",  # after the session user and rate limits
    "unicon.core.api_middleware.MessageMiddleware",  # this and htmx: not on bearer API calls
    "unicon.accounts.middleware.PasswordChangeRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "unicon.core.api_middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "unicon.dataio.export.ListExportMiddleware",  # ?format=xlsx|csv on list APIs
    "unicon.runbook.middleware.ReadOnlyDatabaseMiddleware",  # last: wraps only the view
]

ROOT_URLCONF = "unicon.urls"
WSGI_APPLICATION = "unicon.wsgi.application"
ASGI_APPLICATION = "unicon.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "unicon.core.context_processors.navigation",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'unicon.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
else:
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES["default"]["ENGINE"] = "unicon.core.db.postgresql"  # C datetime parsing
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DB_CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Behind pgbouncer in transaction pooling mode (docs/DEPLOYMENT.md)
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env.bool(
        "DB_DISABLE_SERVER_SIDE_CURSORS", default=False
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Files --------------------------------------------------------------------
STORAGE_URL = env.str("STORAGE_URL", default=str(VAR_DIR / "media"))
# s3://bucket[/prefix]?endpoint_url=…&region=… selects private S3 storage (unicon.pods.storage_url)
STORAGE_SIGNED_URL_SECONDS = env.int("STORAGE_SIGNED_URL_SECONDS", default=300)
STORAGE_SIGNED_URLS = env.bool("STORAGE_SIGNED_URLS", default=True)
MEDIA_ROOT = str(VAR_DIR / "media") if is_s3(STORAGE_URL) else local_storage_path(STORAGE_URL)
# Originals from API clients up to 20 MB; photos are stored with their long side at most
# POD_PHOTO_MAX_SIDE px (JPEG quality POD_PHOTO_QUALITY, EXIF kept; unicon.pods.renditions).
POD_MAX_BYTES = env.int("POD_MAX_BYTES", default=20 * 1024 * 1024)
POD_PHOTO_MAX_SIDE = env.int("POD_PHOTO_MAX_SIDE", default=1920)
POD_PHOTO_QUALITY = env.int("POD_PHOTO_QUALITY", default=85)
# How long the first answer to a POST with an Idempotency-Key is kept (unicon.core.idempotency).
IDEMPOTENCY_KEEP_HOURS = env.int("IDEMPOTENCY_KEEP_HOURS", default=24)
# Times sent by phones as `occurredAt` (check-in/out, uploads made offline; unicon.core.clock).
OFFLINE_CLOCK_SKEW_SECONDS = env.int("OFFLINE_CLOCK_SKEW_SECONDS", default=300)
OFFLINE_MAX_AGE_HOURS = env.int("OFFLINE_MAX_AGE_HOURS", default=72)
OFFLINE_GAP_FLAG_MINUTES = env.int("OFFLINE_GAP_FLAG_MINUTES", default=15)
# Cold storage for `unicon archive-pods` and `archive-old-data` (a folder, file:// or s3://).
ARCHIVE_URL = env.str("ARCHIVE_URL", default=str(VAR_DIR / "archive"))
# Fleet costs (unicon.costs): a fill is "abnormal" above this × the truck's usual L/100 km
# (median of its last COSTS_FUEL_USUAL_WINDOW fills); OCR time limit per page (seconds);
# revenue per tractor from billing: dotted path of `revenue(start, end) -> {vehicle pk: VND}`.
COSTS_FUEL_ABNORMAL_RATIO = env.float("COSTS_FUEL_ABNORMAL_RATIO", default=1.3)
COSTS_FUEL_USUAL_WINDOW = env.int("COSTS_FUEL_USUAL_WINDOW", default=10)
COSTS_OCR_TIMEOUT = env.int("COSTS_OCR_TIMEOUT", default=60)
COSTS_REVENUE_SOURCE = env.str(
    "COSTS_REVENUE_SOURCE", default="unicon.billing.reports.revenue_by_vehicle"
)
COSTS_CLOCK_SKEW = timedelta(minutes=10)
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# the project-wide stylesheet (src/unicon/static) is not inside an app
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT.mkdir(exist_ok=True)
WHITENOISE_USE_FINDERS = not PRODUCTION
STORAGES = {
    "default": storage_setting(STORAGE_URL, signed_url_seconds=STORAGE_SIGNED_URL_SECONDS),
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2 * 1024 * 1024)

# --- Cache (Redis when REDIS_URL is set) ----------------------------------------
CACHES = {
    "default": env.cache_url("REDIS_URL")
    if env.str("REDIS_URL", default="")
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}
# Progress of running background jobs (a workbook import runs in one long transaction, so its
# row count cannot go through the database): Redis when set, else files under var/ that the
# web processes and the worker of one machine share.
CACHES["progress"] = (
    CACHES["default"]
    if env.str("REDIS_URL", default="")
    else {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "progress"),
    }
)

# --- Background jobs (unicon.jobs) ----------------------------------------------------
# Huey: SQLite file var/jobs.sqlite3 by default; Redis (shared by workers on several machines)
# when JOBS_REDIS_URL or REDIS_URL is set. JOBS_IMMEDIATE runs tasks in the caller (tests).
JOBS_REDIS_URL = env.str("JOBS_REDIS_URL", default=env.str("REDIS_URL", default=""))
JOBS_IMMEDIATE = env.bool("JOBS_IMMEDIATE", default=False)
JOBS_WORKER_THREADS = env.int("JOBS_WORKER_THREADS", default=2)
JOBS_RUN_RETENTION_DAYS = env.int("JOBS_RUN_RETENTION_DAYS", default=7)

# --- Data in and out (unicon.dataio) ---------------------------------------------------
# A list export of more rows than this runs on the job queue (file + download link) instead
# of being streamed in the request; `?async=1` always queues it.
EXPORT_INLINE_MAX_ROWS = env.int("EXPORT_INLINE_MAX_ROWS", default=5000)
# Export files, and the uploaded workbooks of import runs, are deleted after this many days.
DATAIO_FILE_RETENTION_DAYS = env.int("DATAIO_FILE_RETENTION_DAYS", default=7)
# A background import or export still queued or running after this many hours has lost its
# worker: the purge job marks it FAILED.
DATAIO_STALE_JOB_HOURS = env.int("DATAIO_STALE_JOB_HOURS", default=6)

# --- Notifications and webhooks (unicon.notifications) --------------------------------
# A delivery claimed by a worker that has not finished it after this long is sent again.
NOTIFY_CLAIM_TIMEOUT_SECONDS = env.int("NOTIFY_CLAIM_TIMEOUT_SECONDS", default=300)
# Seconds before each retry of a failed e-mail (then it is given up: FAILED).
NOTIFY_EMAIL_RETRY_SECONDS = env.list(
    "NOTIFY_EMAIL_RETRY_SECONDS", cast=int, default=[10, 60, 300, 1800, 7200]
)
# E-mails sent over one SMTP connection by one task.
NOTIFY_EMAIL_BATCH = env.int("NOTIFY_EMAIL_BATCH", default=50)
NOTIFY_BELL_POLL_SECONDS = env.int("NOTIFY_BELL_POLL_SECONDS", default=30)
# Events (with their notifications and deliveries) older than this are deleted daily.
NOTIFY_RETENTION_DAYS = env.int("NOTIFY_RETENTION_DAYS", default=180)
NOTIFY_LATE_MARGIN_MINUTES = env.int("NOTIFY_LATE_MARGIN_MINUTES", default=30)
NOTIFY_START_MARGIN_MINUTES = env.int("NOTIFY_START_MARGIN_MINUTES", default=30)
# Standard Webhooks' schedule, about 24 h in all: 5 s, 5 min, 30 min, 2 h, 5 h, 8 h, 8 h.
WEBHOOK_RETRY_SECONDS = env.list(
    "WEBHOOK_RETRY_SECONDS", cast=int, default=[5, 300, 1800, 7200, 18000, 28800, 28800]
)
WEBHOOK_TIMEOUT_SECONDS = env.float("WEBHOOK_TIMEOUT_SECONDS", default=10)
WEBHOOK_MAX_RESPONSE_BYTES = env.int("WEBHOOK_MAX_RESPONSE_BYTES", default=64 * 1024)
WEBHOOK_DISABLE_AFTER_FAILURES = env.int("WEBHOOK_DISABLE_AFTER_FAILURES", default=20)
WEBHOOK_SECRET_OVERLAP_HOURS = env.int("WEBHOOK_SECRET_OVERLAP_HOURS", default=24)
# Private/loopback/link-local receivers and plain http: off in production, for tests only.
WEBHOOK_ALLOW_PRIVATE = env.bool("WEBHOOK_ALLOW_PRIVATE", default=False)
WEBHOOK_ALLOW_HTTP = env.bool("WEBHOOK_ALLOW_HTTP", default=not PRODUCTION)

# --- Accounts, sessions, passwords -----------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "unicon.accounts.validators.MaximumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "unicon.accounts.validators.StrengthValidator"},  # zxcvbn score >= 3
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=24 * 3600)

SESSION_ENGINE = "unicon.accounts.sessions"
SESSION_ABSOLUTE_LIFETIME = timedelta(
    seconds=env.int("SESSION_ABSOLUTE_SECONDS", default=12 * 3600)
)
SESSION_IDLE_TIMEOUT = timedelta(seconds=env.int("SESSION_IDLE_SECONDS", default=30 * 60))
# How often a busy session's "last seen" is written; bounds the write load.
SESSION_TOUCH_INTERVAL = timedelta(seconds=env.int("SESSION_TOUCH_SECONDS", default=60))
SESSION_COOKIE_AGE = int(SESSION_ABSOLUTE_LIFETIME.total_seconds())
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_NAME = "unicon_session"
CSRF_COOKIE_SAMESITE = "Lax"

AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "unicon.accounts.lockout.normalised_username"
AXES_LOCKOUT_CALLABLE = "unicon.accounts.lockout.lockout_response"
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0) or None
# The client address behind TRUSTED_PROXY_COUNT proxies (X-Forwarded-For), for lock-outs, logs,
# audit and rate limits; without it axes would see the proxy's address (ipware is not installed).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# ... believed only on connections from these proxy addresses/networks (or a unix socket).
TRUSTED_PROXY_ADDRESSES = env.list("TRUSTED_PROXY_ADDRESSES", default=["127.0.0.1", "::1"])
AXES_CLIENT_IP_CALLABLE = "unicon.runbook.client_ip.client_address"

# --- E-mail ---------------------------------------------------------------------
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Unicon Schedule <no-reply@unicon.ltd>")

# --- Internationalisation --------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
# forms read dd/mm/yyyy (day first) and ISO in every language (unicon.core.dates)
FORMAT_MODULE_PATH = ["unicon.core.formats"]
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Ho_Chi_Minh")
# Language of `unicon` command output (the runbook is in English).
CLI_LANGUAGE = env.str("CLI_LANGUAGE", default="en")
USE_I18N = True
USE_TZ = True
# A filter's empty choice reads "All" as the hand-written filters do (not django-filter's
# "---------"); a form's empty choice is "—" (unicon.core.forms.EMPTY_CHOICE).
FILTERS_EMPTY_CHOICE_LABEL = _("All")

# --- Security headers --------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# A trial on a LAN without TLS (docs/DEPLOYMENT.md › "Trying it on a LAN"): ALLOW_PLAIN_HTTP
# turns off the HTTPS redirect, HSTS and the Secure cookie flags — `check --deploy` then warns,
# on purpose. Never on a server reachable from the internet.
ALLOW_PLAIN_HTTP = env.bool("ALLOW_PLAIN_HTTP", default=False)
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not ALLOW_PLAIN_HTTP)
    SECURE_REDIRECT_EXEMPT = [r"^api/health(/live)?$"]
    SECURE_HSTS_SECONDS = env.int(
        "SECURE_HSTS_SECONDS", default=0 if ALLOW_PLAIN_HTTP else 31536000
    )
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not ALLOW_PLAIN_HTTP)
    SESSION_COOKIE_SECURE = not ALLOW_PLAIN_HTTP
    CSRF_COOKIE_SECURE = not ALLOW_PLAIN_HTTP

# --- Logging --------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_context": {"()": "unicon.core.logging.RequestContextFilter"},
        "server_errors_only": {"()": "unicon.core.logging.ServerErrorsOnly"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "unicon.runbook.logformat.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            # JSON lines in production (request id, user, route, status, duration on requests)
            "formatter": env.str("LOG_FORMAT", default="json" if PRODUCTION else "plain"),
            "filters": ["request_context"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # Django's own line per 4xx/5xx answer: only 5xx (with the traceback); a 403 or 404 is
        # an expected answer, logged once by the request line below, without a traceback
        "django.request": {"filters": ["server_errors_only"]},
        # the worker: start/stop lines at INFO, one line per task only with JOBS_LOG_LEVEL=INFO
        "huey": {"level": env.str("JOBS_LOG_LEVEL", default="WARNING")},
        "huey.consumer": {"level": "INFO"},
        # one line per request at INFO; slow requests (SLOW_REQUEST_MS) at WARNING
        "unicon.request": {
            "level": env.str("REQUEST_LOG_LEVEL", default="INFO" if PRODUCTION else "WARNING")
        },
    },
}

# --- Operations (unicon.runbook) -------------------------------------------------------------
# How long each process keeps the maintenance/read-only state before reading it again.
SYSTEM_MODE_CACHE_SECONDS = env.int("SYSTEM_MODE_CACHE_SECONDS", default=5)
# Outage switch that needs no database (runbook §4.3): maintenance mode while this file exists
# (`unicon maintenance on --outage`) or while UNICON_MAINTENANCE=true for the process.
MAINTENANCE_FLAG_FILE = Path(
    env.str("MAINTENANCE_FLAG_FILE", default=str(VAR_DIR / "maintenance.flag"))
)
MAINTENANCE_FORCED = env.bool("UNICON_MAINTENANCE", default=False)
# Audit entries older than this many days are pruned by `unicon archive-old-data`;
# empty (the default) keeps the audit trail forever.
AUDIT_RETENTION_DAYS = env.int("AUDIT_RETENTION_DAYS", default=None)
# Folder of pg_dump/pg_restore when they are not on PATH (else the newest installed).
PG_BIN_DIR = env.str("PG_BIN_DIR", default="")

# --- Limits and compression (unicon.runbook.ratelimit, unicon.runbook.compression) -----
# N/s, N/m, N/h or N/d; empty turns one limit off. Counted in CACHES (Redis when REDIS_URL is
# set; LocMem counts per process). Off by default under pytest (unicon.runbook.pytest_plugin).
RATE_LIMIT_ENABLED = env.bool("RATE_LIMIT_ENABLED", default=True)
RATE_LIMIT_API = env.str("RATE_LIMIT_API", default="300/m")  # per user, or address if anonymous
RATE_LIMIT_LOGIN = env.str("RATE_LIMIT_LOGIN", default="20/m")  # per address (+ axes lockout)
RATE_LIMIT_UPLOAD = env.str("RATE_LIMIT_UPLOAD", default="60/h")  # per user
GZIP_MIN_BYTES = env.int("GZIP_MIN_BYTES", default=1024)

# --- Observability (unicon.runbook.observability) ----------------------------------------------
SLOW_REQUEST_MS = env.int("SLOW_REQUEST_MS", default=1000)
# /metrics answers a bearer METRICS_TOKEN, or these client addresses.
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")
METRICS_ALLOWED_IPS = env.list("METRICS_ALLOWED_IPS", default=["127.0.0.1", "::1"])
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    from unicon import __version__ as _release
    from unicon.runbook.sentry import init_sentry

    init_sentry(
        SENTRY_DSN,
        environment=UNICON_ENV,
        release=_release,
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )
