"""Signpost settings: one module, read from the environment, failing closed.

`SIGNPOST_ENV` chooses the profile: "production" (the default, so a forgotten variable never
turns development conveniences on), "development" (set by `make run`) or "test" (set by pytest).
Every variable is listed in the README's configuration table.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from signpost.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

SIGNPOST_ENV = env_str("SIGNPOST_ENV", "production")
if SIGNPOST_ENV not in {"production", "development", "test"}:
    raise ImproperlyConfigured("SIGNPOST_ENV must be production, development or test.")
PRODUCTION = SIGNPOST_ENV == "production"

DEBUG = env_bool("DEBUG", False)
if DEBUG and PRODUCTION:
    raise ImproperlyConfigured("DEBUG cannot be on with SIGNPOST_ENV=production.")

# No default secret outside development and tests: production must set its own.
if PRODUCTION:
    SECRET_KEY = env_str("SECRET_KEY", required=True)
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters.")
else:
    SECRET_KEY = env_str("SECRET_KEY", "insecure-development-key-" + "x" * 40)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", required=PRODUCTION) or ["127.0.0.1", "localhost"]
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# How many reverse proxies in front of gunicorn add to X-Forwarded-For (for the audit log's
# "from where"); 0 trusts nothing but the connecting address.
SIGNPOST_TRUSTED_PROXIES = env_int("SIGNPOST_TRUSTED_PROXIES", 0)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    # core before django_tasks_db: its `db_worker` (core/worker.py) replaces theirs.
    "core",
    "counting",  # the counting store: monthly tallies the apps register their counters with
    "django_tasks",
    "django_tasks_db",
    "accounts",
    "audit",
    "guidance",
    "concerns",
    "cases",
    "referrals",
    "privacy",
    "notices",
    "learning",
    "insights",
    "demo",  # the top layer: `seed_demo` (docs/conventions.md)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "core.text.InvalidTextMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "core.middleware.SessionLimitsMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "core.middleware.MfaRequiredMiddleware",
    # Signs a person out after too many wrong passwords at a confirmation prompt (issue 17).
    "accounts.middleware.ReauthMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.middleware.PrivateCacheMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "signpost.urls"
WSGI_APPLICATION = "signpost.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "core.context_processors.signpost",
                "notices.context_processors.notices",
            ],
        },
    },
]
FORM_RENDERER = "core.forms.GovukFormRenderer"

# SQLite by default (zero setup); PostgreSQL via DATABASE_URL.
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
# ---- Background work and database connections (issue 16 item 4; docs/deployment.md, section
# "Background work and database connections"). Everything from here to the matching end line.
# Persistent connections, checked before each reuse: a PostgreSQL restart costs one reconnect
# instead of a 500 (gunicorn sync workers serve one request at a time, so a pool per process
# would hold one connection anyway; scaling out pools in PgBouncer instead).
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=env_int("CONN_MAX_AGE", 600),
        conn_health_checks=True,
    )
}
if env_bool("DATABASE_PGBOUNCER", False):
    # PgBouncer in transaction mode cannot keep a server-side cursor across transactions.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
# ---- end of the database part of the block (the rest is beside TASKS below).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions serialise writers, which keeps the audit hash chain linear.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Argon2id with OWASP's parameters for a small server, and a bound on hashes at once: see
# core/hashers.py. It replaces Django's Argon2 hasher (both are "argon2"), reading its hashes.
PASSWORD_HASHERS = [
    "core.hashers.Argon2idHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "core:home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 2

# Sessions: 30 minutes idle (with a warning two minutes before), 12 hours at most.
SIGNPOST_IDLE_TIMEOUT = env_int("SIGNPOST_IDLE_TIMEOUT", 30 * 60)
SIGNPOST_TIMEOUT_WARNING = env_int("SIGNPOST_TIMEOUT_WARNING", 2 * 60)
SIGNPOST_ABSOLUTE_TIMEOUT = env_int("SIGNPOST_ABSOLUTE_TIMEOUT", 12 * 60 * 60)
SESSION_COOKIE_AGE = SIGNPOST_ABSOLUTE_TIMEOUT
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# django-axes: five failures per account in 15 minutes locks that account name, whether or not
# it exists, so the lock-out itself does not reveal which accounts are real.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_FORM_FIELD = "email"
# Every letter case of one address counts against the same name (issue 17).
AXES_USERNAME_CALLABLE = "accounts.auth.axes_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_ENABLED = env_bool("AXES_ENABLED", True)
# axes.W006 suggests also locking by IP address. A whole school or hospital often shares one
# address, so one person's typos would lock everyone out; the target is per account.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

OTP_TOTP_ISSUER = "Signpost"
OTP_TOTP_TOLERANCE = 1

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Outside production WhiteNoise serves straight from the source folders (no collectstatic).
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", PRODUCTION)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "signpost@localhost")
SIGNPOST_BASE_URL = env_str("SIGNPOST_BASE_URL", "http://127.0.0.1:8000")

TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# ---- Background work (issue 16 item 4), continued: worker, e-mail retries, health, sessions.
# A task RUNNING this long (seconds) whose worker has no fresh heartbeat died with it: run again.
SIGNPOST_TASK_RECLAIM_AFTER = env_int("SIGNPOST_TASK_RECLAIM_AFTER", 10 * 60)
# The worker writes its heartbeat at most this often (seconds); stale (unhealthy) after STALE.
SIGNPOST_WORKER_HEARTBEAT_EVERY = env_int("SIGNPOST_WORKER_HEARTBEAT_EVERY", 15)
SIGNPOST_WORKER_HEARTBEAT_STALE = env_int("SIGNPOST_WORKER_HEARTBEAT_STALE", 60)
# Longest wait (seconds) between the worker's attempts to reach a database that went away.
SIGNPOST_WORKER_MAX_BACKOFF = env_int("SIGNPOST_WORKER_MAX_BACKOFF", 30)
# A failed send is tried again after BASE, 2 x BASE, 4 x BASE... seconds (at most MAX_DELAY),
# MAX_ATTEMPTS times in all; then it shows on the organisation admin's page and /health/.
SIGNPOST_EMAIL_MAX_ATTEMPTS = env_int("SIGNPOST_EMAIL_MAX_ATTEMPTS", 8)
SIGNPOST_EMAIL_RETRY_BASE = env_int("SIGNPOST_EMAIL_RETRY_BASE", 30)
SIGNPOST_EMAIL_RETRY_MAX_DELAY = env_int("SIGNPOST_EMAIL_RETRY_MAX_DELAY", 60 * 60)
# An SMTP server that stops answering must not hold a send (and its claim) for ever.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
# /health/ counts a waiting task as overdue this long (seconds) after it was due.
SIGNPOST_TASK_OVERDUE_AFTER = env_int("SIGNPOST_TASK_OVERDUE_AFTER", 5 * 60)
# The session's last-seen time is written at most this often (seconds), not on every request.
SIGNPOST_LAST_SEEN_EVERY = env_int("SIGNPOST_LAST_SEEN_EVERY", 60)
# /health/ answers plain HTTP too: a monitor on the same host asks gunicorn directly, without
# the proxy's X-Forwarded-Proto, and the answer holds nothing sensitive.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
# ---- end of the background work block.

# Daily housekeeping (core/scheduling.py): each is `job(*, today) -> int`.
SIGNPOST_DAILY_JOBS: list[str] = [
    "learning.services.action_reminders_send",
    "concerns.services.drafts_purge_daily",
    "cases.services.send_task_reminders",
    "referrals.services.send_deadline_reminders",
    "privacy.retention.apply_retention_daily",
    "counting.store.recount_all_daily",
]
# --- Audit anchoring (issue 17; audit/chain.py, audit/checkpoints.py, docs/security.md) ---
# The audit key makes each event's chain value an HMAC; it must never be stored in the database
# or in its backups. Production requires it; development keeps a generated one in a file beside
# the code (var/, git-ignored); tests use a fixed one. After a rotation, list the former keys
# (oldest first, comma-separated) in SIGNPOST_AUDIT_OLD_KEYS so older events still verify.
if PRODUCTION:
    SIGNPOST_AUDIT_KEY = env_str("SIGNPOST_AUDIT_KEY", required=True)
elif SIGNPOST_ENV == "test":
    SIGNPOST_AUDIT_KEY = env_str("SIGNPOST_AUDIT_KEY", "test-audit-key-" + "t" * 40)
else:
    SIGNPOST_AUDIT_KEY = env_str("SIGNPOST_AUDIT_KEY")
    if not SIGNPOST_AUDIT_KEY:
        import secrets

        _dev_key_file = BASE_DIR / "var" / "development-audit-key"
        if not _dev_key_file.exists():
            _dev_key_file.parent.mkdir(parents=True, exist_ok=True)
            _dev_key_file.touch(mode=0o600)
            _dev_key_file.write_text(secrets.token_urlsafe(48))
        SIGNPOST_AUDIT_KEY = _dev_key_file.read_text().strip()
if len(SIGNPOST_AUDIT_KEY) < 32:
    raise ImproperlyConfigured("SIGNPOST_AUDIT_KEY must be at least 32 characters.")
SIGNPOST_AUDIT_OLD_KEYS = env_list("SIGNPOST_AUDIT_OLD_KEYS")
# Daily checkpoints (event count and head of the chain) are appended to a file in this folder,
# outside the database; production requires it (ship it to another host or WORM storage).
# Tests point it at a fresh temporary folder per test (tests/conftest.py).
SIGNPOST_AUDIT_CHECKPOINT_DIR = Path(
    env_str(
        "SIGNPOST_AUDIT_CHECKPOINT_DIR",
        None if PRODUCTION else str(BASE_DIR / "var" / "audit-checkpoints"),
        required=PRODUCTION,
    )
)
SIGNPOST_DAILY_JOBS.append("audit.checkpoints.checkpoint_daily")
# --- end of audit anchoring ---

# ---- Single sign-on and GOV.UK Notify (issue 20; docs/deployment.md) -------------------------
# Provider client secrets are sealed with a key derived from this (default SECRET_KEY); former
# keys after a rotation go in SIGNPOST_SECRETS_OLD_KEYS (accounts/sealing.py).
SIGNPOST_SECRETS_KEY = env_str("SIGNPOST_SECRETS_KEY")
SIGNPOST_SECRETS_OLD_KEYS = env_list("SIGNPOST_SECRETS_OLD_KEYS")
SIGNPOST_OIDC_TIMEOUT = env_int("SIGNPOST_OIDC_TIMEOUT", 10)
# Clock difference allowed between Signpost and a provider when checking an id_token (seconds).
SIGNPOST_OIDC_LEEWAY = env_int("SIGNPOST_OIDC_LEEWAY", 60)
# EMAIL_BACKEND=core.notify.NotifyEmailBackend sends through GOV.UK Notify (core/notify.py).
NOTIFY_API_KEY = env_str("NOTIFY_API_KEY")
NOTIFY_BASE_URL = env_str("NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk")
NOTIFY_TEMPLATE_ID = env_str("NOTIFY_TEMPLATE_ID")
# Per kind of message, e.g. "password-reset=<id>,concern-submitted=<id>"; others use the above.
NOTIFY_TEMPLATE_IDS = dict(
    item.split("=", 1) for item in env_list("NOTIFY_TEMPLATE_IDS") if "=" in item
)
if EMAIL_BACKEND == "core.notify.NotifyEmailBackend" and not (
    NOTIFY_API_KEY and NOTIFY_TEMPLATE_ID
):
    raise ImproperlyConfigured("The Notify backend needs NOTIFY_API_KEY and NOTIFY_TEMPLATE_ID.")
# ---- end of single sign-on and Notify ------------------------------------------------------------

# Members of this organisation are the platform support team: they reach a case only through a
# time-limited support grant that the case's organisation gives and can see (privacy app).
SIGNPOST_SUPPORT_ORGANISATION = env_str("SIGNPOST_SUPPORT_ORGANISATION", "Signpost Support")
# Long answers in a concern autosave this often (seconds) while the person types.
SIGNPOST_AUTOSAVE_INTERVAL = env_int("SIGNPOST_AUTOSAVE_INTERVAL", 20)

# Security headers. CSP uses per-request nonces for the few scripts we run.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
    }
}

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # The __Host- prefix pins cookies to this exact host, over HTTPS, for the whole site.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

# ---- Logging and request ids (issue 16, deployment: docs/deployment.md "Logs") ------------------
# One block on purpose: the request-id middleware goes first, so every log line written while a
# request is handled, and the one line per request, carry its id. No personal data in any line
# (core/request_logging.py says what is and is not logged). LOG_FORMAT is "text" or "json".
from core.request_logging import logging_config  # noqa: E402

MIDDLEWARE.insert(0, "core.request_logging.RequestIdMiddleware")
LOG_FORMAT = env_str("LOG_FORMAT", "text")
LOGGING = logging_config(log_format=LOG_FORMAT, level=env_str("LOG_LEVEL", "INFO"))
# ---- end of logging and request ids --------------------------------------------------------------

if SIGNPOST_ENV == "test":
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
