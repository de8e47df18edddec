"""Settings for the INVEKST portal, configured only by the environment.

Every knob is read here, once, and fails loudly when a required value is missing.
See `.env.example` and the configuration table in README.md.
"""

import hashlib
import os
import tempfile
from email.utils import getaddresses
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean, got {value!r}")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)
TESTING = env_bool("DJANGO_TESTING", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "insecure-development-key-only-for-debug-and-tests"
    else:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG or TESTING else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# A translated page that says what happened (a form left open too long) and what to do.
CSRF_FAILURE_VIEW = "invekst.views.csrf_failure"

INSTALLED_APPS = [
    "invekst",
    "events",
    "workgroups",
    "members",
    "plans",
    "core",
    "invekst.apps.InvekstAdminConfig",  # django.contrib.admin with invekst.admin_site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "csp",
    "import_export",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    # First: every log line of the request carries its id (and the user's, once known).
    "core.logs.RequestIdMiddleware",
    "invekst.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.logs.UserIdMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "csp.middleware.CSPMiddleware",
    "invekst.middleware.PermissionsPolicyMiddleware",
    "members.accounts.middleware.AdminRequireMFAMiddleware",
    # Records who made each change, in admin and on Min side alike.
    "simple_history.middleware.HistoryRequestMiddleware",
    "invekst.middleware.RequestSizeLimitMiddleware",
]

ROOT_URLCONF = "invekst.urls"
WSGI_APPLICATION = "invekst.wsgi.application"

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
                "django.template.context_processors.i18n",
                "invekst.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Fail fast when PostgreSQL is unreachable instead of hanging a worker.
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = int(
        os.environ.get("DATABASE_CONNECT_TIMEOUT", "3")
    )
    # No JIT compilation: the portal's queries are short, and at 10,000 companies the admin
    # search's count crossed jit_above_cost and spent 10-25 ms compiling a 30 ms query.
    options = DATABASES["default"]["OPTIONS"].get("options", "")
    if "jit" not in options:
        DATABASES["default"]["OPTIONS"]["options"] = f"{options} -c jit=off".strip()
    if TESTING and os.environ.get("TEST_DATABASE_NAME"):
        DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DATABASE_NAME"]}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "members.User"

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Internationalisation: Norwegian Bokmål by default, English available.
LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norwegian Bokmål")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

# Cache: shared Redis when configured, process-local memory otherwise.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    # Redis is an accelerator: an unreachable Redis is an empty cache, never an error
    # (core.failsafe_cache), and a Redis that stops answering costs at most REDIS_TIMEOUT
    # once per few seconds per process instead of holding the worker.
    redis_timeout = float(os.environ.get("REDIS_TIMEOUT", "1"))
    CACHES = {
        "default": {
            "BACKEND": "core.failsafe_cache.FailSafeRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": redis_timeout, "socket_timeout": redis_timeout},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# This process's own memory: what core.ratelimit counts in while Redis is unavailable.
CACHES["local"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "local"}
# Two sites on one Redis (or one host) must never serve each other's pages.
CACHES["default"]["KEY_PREFIX"] = os.environ.get(
    "CACHE_KEY_PREFIX", hashlib.sha256(str(DATABASES["default"]["NAME"]).encode()).hexdigest()[:12]
)
# Public pages are cached (core/cache.py) until a write to one of these apps' models.
CACHE_CONTENT_APPS = {"invekst", "events", "plans", "workgroups", "members"}
# Without Redis each worker has its own memory cache: the content version that invalidates
# cached pages then lives in a file all workers of the host share (see core/cache.py).
CONTENT_VERSION_FILE = ""
if not REDIS_URL and not TESTING:
    CONTENT_VERSION_FILE = os.environ.get(
        "CONTENT_VERSION_FILE",
        str(Path(tempfile.gettempdir()) / f"invekst-content-version-{CACHES['default']['KEY_PREFIX']}"),
    )

# Sessions live in the database. With Redis (shared by every instance) they are also
# cached there, so a signed-in request reads its session without a query; a logout deletes
# both. Without Redis the cache is per worker process and would keep a logged-out session
# alive in the other workers, so the database alone is used.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db" if REDIS_URL else "django.contrib.sessions.backends.db"

# E-mail: console in development, SMTP when EMAIL_HOST is set; production without EMAIL_HOST
# fails `check --deploy` (core.checks). Every message goes through the task queue (core.mail):
# requests store it, the worker sends it and retries with backoff.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# A mail server that stops answering holds the worker (never a request) this long per attempt.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
# Attempts per message before it is marked failed; the waits double from the base to an hour
# (1, 2, 4 … 32 minutes, then hourly: 15 attempts span about ten hours).
EMAIL_MAX_ATTEMPTS = int(os.environ.get("EMAIL_MAX_ATTEMPTS", "15"))
EMAIL_RETRY_BASE_SECONDS = int(os.environ.get("EMAIL_RETRY_BASE_SECONDS", "60"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "INVEKST <post@invekst.no>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Who gets error reports by e-mail: "Name <a@b.no>, c@d.no" (besides Sentry, when set).
ADMINS = [(name or email, email) for name, email in getaddresses([os.environ.get("DJANGO_ADMINS", "")]) if email]
SECRETARIAT_EMAIL = os.environ.get("SECRETARIAT_EMAIL", "line@gjovikby.no")
# The portal's public address, for links in e-mails sent outside a request (commands, on_commit).
SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000").rstrip("/")

# Background work: Django's Tasks API (the django-tasks backport) on the database, run by
# `manage.py worker`. Tests run tasks at once, in the process.
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend" if TESTING else "django_tasks_db.DatabaseBackend"
    }
}
# Periodic jobs (core.schedule): name -> ("day" or "week" (Mondays), local time, function).
# Each runs once per period however many workers run; add a job with one line.
SCHEDULED_JOBS = {
    "remind-commitments": ("week", "08:00", "workgroups.jobs.remind_commitments"),
    # The day before: it covers every event that starts before the end of tomorrow.
    "event-reminders": ("day", "09:00", "events.services.event_reminders_send"),
    "clear-expired-sessions": ("day", "03:00", "core.jobs.clear_expired_sessions"),
    "clear-expired-invitations": ("day", "03:10", "members.jobs.clear_expired_invitations"),
    "prune-background-records": ("day", "03:20", "core.jobs.prune_background_records"),
}
# Sent e-mail, finished task results and scheduled runs are kept this many days.
BACKGROUND_RECORDS_DAYS = int(os.environ.get("BACKGROUND_RECORDS_DAYS", "90"))

# Accounts (django-allauth): e-mail is the login.
# Its mail (confirmations, password resets, notices) goes through the queue like ours.
ACCOUNT_ADAPTER = "core.account_adapter.QueuedMailAccountAdapter"
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/min-side/"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
# Adds the person's name and the required privacy-statement acceptance.
ACCOUNT_FORMS = {"signup": "members.accounts.forms.SignupForm"}
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = os.environ.get(
    "ACCOUNT_EMAIL_VERIFICATION", "optional" if DEBUG or TESTING else "mandatory"
)
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# Account e-mails are from the association; allauth would put the request's host name here.
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[INVEKST] "
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/h/ip",
    "reset_password": "20/m/ip,5/m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "INVEKST"
# In production, staff must have a second factor to enter /admin/.
ADMIN_REQUIRE_MFA = env_bool("ADMIN_REQUIRE_MFA", not DEBUG and not TESTING)

# Rate limits count per visitor address. Behind a load balancer or reverse proxy, set the
# number of proxies that append to X-Forwarded-For, or every visitor shares the proxy's address.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT

# Contact form abuse protection.
CONTACT_RATE_LIMIT = os.environ.get("CONTACT_RATE_LIMIT", "5/h")

# Security: production defaults, relaxed only for local debug.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG and not TESTING)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# Cookies only over HTTPS in production; DJANGO_SECURE_COOKIES=0 for plain-HTTP test rigs only.
SECURE_COOKIES = env_bool("DJANGO_SECURE_COOKIES", not DEBUG and not TESTING)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = SECURE_COOKIES
LANGUAGE_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Any request body above this is refused with 413 before it is read (invekst.middleware).
MAX_REQUEST_BODY = int(os.environ.get("MAX_REQUEST_BODY", str(5 * 1024 * 1024)))

# Logs: one JSON object per line in production (LOG_FORMAT=json; time, level, logger,
# message, request_id, user_id, exception), readable text in development. Errors also go to
# ADMINS by e-mail (through the queue) and to Sentry when SENTRY_DSN is set.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text" if DEBUG or TESTING else "json")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or text, got {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "context": {"()": "core.logs.ContextFilter"},
        "warning_without_traceback": {"()": "core.logs.WarningWithoutTraceback"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "json": {"()": "core.logs.JsonFormatter"},
        "text": {"()": "core.logs.TextFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["context"]},
        "mail_admins": {
            "class": "core.logs.QueuedAdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": ["console", "mail_admins"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "WARNING"},
        # A request with a Host header we do not serve is the visitor's mistake or a scan.
        "django.security.DisallowedHost": {"filters": ["warning_without_traceback"]},
        # The mail queue's own failures must not e-mail (they would queue more mail).
        "core.mail": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# Error reporting: Sentry when SENTRY_DSN is set (no personal data is sent).
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN and not TESTING:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
        release=os.environ.get("SENTRY_RELEASE") or None,
        send_default_pii=False,
        traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
    )

# Bumped whenever the privacy statement changes; stored with every consent.
PRIVACY_STATEMENT_VERSION = "2026-11"
# Serve static files straight from the app folders while developing and testing.
WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG or TESTING

# Content-Security-Policy (django-csp), on in every environment so the browser tests see
# exactly what production sends: no inline script or style anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # allauth's TOTP set-up shows its QR code as a data: image.
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()"
)

# Back office: import/export of member lists and the change history.
# An import is one transaction: nothing is stored while any row has an error.
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
# Reverting from history would bypass the services (status changes, e-mails): view only.
SIMPLE_HISTORY_REVERT_DISABLED = True
