"""Django settings for Haven.

Configuration comes from environment variables (django-environ). Two profiles:
development/test (the default, SQLite, DEBUG on) and production
(``DJANGO_ENV=production``: secret key and allowed hosts required, secure cookies, HSTS).
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor  # type: ignore[import-untyped]

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
DJANGO_ENV = env.str("DJANGO_ENV", default="development")
PRODUCTION = DJANGO_ENV == "production"

if PRODUCTION:
    # Fail loudly: production never runs on a default key.
    SECRET_KEY = env.str("DJANGO_SECRET_KEY")
    ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
    DEBUG = False
else:
    SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="development-only-key-never-used-in-production-haven")
    ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
    DEBUG = env.bool("DJANGO_DEBUG", default=True)

INSTALLED_APPS = [
    "haven.accounts.admin_apps.HavenAdminConfig",  # django.contrib.admin, every change audited
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "haven.core",
    "haven.accounts",
    "haven.people",
    "haven.integration",
    "haven.orientation",
    "haven.nt2",
    "haven.interpreting",
    "haven.casework",
    "haven.education",
    "haven.leisure",
    "haven.transit_site",
    "haven.dutch_practice",
    "haven.organisations",
    "haven.community",
    "haven.reports",
    "haven.privacy",
    "haven.jobs",
    "haven.demo",
]

MIDDLEWARE = [
    # One JSON line per response in production (haven.core.logging): path without query string.
    "haven.core.logging.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files (whitenoise): from STATIC_ROOT, compressed and cached for ever, in production.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Content-Security-Policy (django-csp), then Permissions-Policy and no-store (haven.core.headers).
    "csp.middleware.CSPMiddleware",
    "haven.core.headers.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "haven.core.middleware.InterfaceLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Which device (if any) verified this session; then the gate of the two-step login.
    "django_otp.middleware.OTPMiddleware",
    "haven.accounts.two_factor.TwoFactorMiddleware",
    # A request id (X-Request-Id), channel and URL name for the access log and the audit trail.
    "haven.core.tracing.RequestTraceMiddleware",
    # Bad input (413/415/422) before any view, form or later middleware reads the body.
    "haven.core.limits.InputLimitsMiddleware",
    "haven.people.glass.BreakGlassMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Axes must come last: it inspects the result of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "haven.urls"
WSGI_APPLICATION = "haven.wsgi.application"
ASGI_APPLICATION = "haven.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "haven.core.context_processors.shell",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'haven.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a writer instead of failing at once; WAL lets readers go on meanwhile.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
# PostgreSQL in production: the application connects as a role that may only SELECT and
# INSERT the access log and the audit trail (``haven db_roles``); ``haven migrate`` runs
# as the tables' owner through this second URL when it is set (alias "owner").
if env.str("DATABASE_MIGRATE_URL", default=""):
    DATABASES["owner"] = env.db("DATABASE_MIGRATE_URL")
    DATABASES["owner"]["TEST"] = {"MIRROR": "default"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

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
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Lock-out after repeated failed logins (django-axes): five failures on one
# username from one address lock that pair for 30 minutes.
AXES_FAILURE_LIMIT = env.int("HAVEN_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# ... and, across accounts, this many failures from one address lock the address itself
# (haven.accounts.lockout): four wrong passwords on each of five accounts no longer pass.
HAVEN_LOGIN_FAILURE_LIMIT_PER_ADDRESS = env.int("HAVEN_LOGIN_FAILURE_LIMIT_PER_ADDRESS", default=10)
AXES_HANDLER = "haven.accounts.lockout.AddressLockoutHandler"

# Two-step login (django-otp): a TOTP app plus single-use recovery codes, required for every
# user with a role when on (the production default); optional in development so the demo's
# logins work with a password alone. Guessing is throttled per device: after n wrong codes
# every code waits 2^(n-1) × the factor in seconds.
HAVEN_REQUIRE_TWO_FACTOR = env.bool("HAVEN_REQUIRE_TWO_FACTOR", default=PRODUCTION)
HAVEN_RECOVERY_CODES = 10
OTP_TOTP_ISSUER = "Haven " + env.str("HAVEN_MUNICIPALITY", default="Gent")
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
# The admin lists devices (to delete a lost one) but never shows a key, a QR code or a token.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
AXES_IPWARE_PROXY_COUNT = env.int("HAVEN_PROXY_COUNT", default=0)

# Sessions and cookies: short-lived, HTTP-only, same-site; secure in production.
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# No inline script or style anywhere (htmx's indicator styles are in static/haven.css), so
# the policy needs no nonce. The admin and the API docs work under it as they are.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# The JSON API: its description needs a login in production; rate limits per credential,
# per user and for the operations that show people (haven.core.throttling; "" = no limit).
HAVEN_API_DOCS_PUBLIC = env.bool("HAVEN_API_DOCS_PUBLIC", default=not PRODUCTION)
HAVEN_API_RATE = env.str("HAVEN_API_RATE", default="1000/h")
HAVEN_API_USER_RATE = env.str("HAVEN_API_USER_RATE", default="2000/h")
HAVEN_API_PERSON_RATE = env.str("HAVEN_API_PERSON_RATE", default="300/h")
# The cache holds the API's rate counts: per process by default; several workers need a
# shared one (e.g. HAVEN_CACHE_URL=rediscache://127.0.0.1:6379/1 or dbcache://haven_cache).
CACHES = {"default": env.cache("HAVEN_CACHE_URL", default="locmemcache://haven")}
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.bool("HAVEN_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
    # A load balancer probes over plain HTTP: health and readiness answer without a redirect.
    SECURE_REDIRECT_EXEMPT = [r"^health/$", r"^ready/$"]

# Languages: Dutch is the interface default, English is complete.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "haven_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = PRODUCTION
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["haven.formats"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# `haven collectstatic` writes here (var/ is git-ignored); whitenoise serves it. In production
# the files carry a hash in their names and are kept gzipped beside (cached for ever).
STATIC_ROOT = Path(env.str("HAVEN_STATIC_ROOT", default=str(BASE_DIR / "var" / "static")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Development serves the files from the apps' folders as they change (no collectstatic).
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_USE_FINDERS = not PRODUCTION
# Only the hashed copies are kept, and source maps (5 MB, for a browser's developer tools)
# are not compressed: collectstatic takes seconds, not half a minute.
WHITENOISE_KEEP_ONLY_HASHED_FILES = True
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")
# Uploaded files (delivered translations, the library): never served as public media;
# views check access and stream them.
MEDIA_ROOT = Path(env.str("HAVEN_MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
# The ClamAV daemon that scans every document upload (casework.uploads): unix:///path or
# tcp://host:port. Empty: uploads are stored unscanned, with a log line that says so.
HAVEN_CLAMD = env.str("HAVEN_CLAMD", default="")
# Backups (`haven backup`, `haven restore`, haven/core/backup.py) are encrypted with this key:
# 32 random bytes in base64 (`haven backup --new-key` makes one). No default: both commands
# refuse without it, naming it. Keep it apart from the backups (README, "Backups").
HAVEN_BACKUP_KEY = env.str("HAVEN_BACKUP_KEY", default="")

# E-mail: files under var/mail in development (the demo's confirmations land there);
# an SMTP server from the environment in production. Tests use locmem (pytest-django).
EMAIL_BACKEND = env.str(
    "DJANGO_EMAIL_BACKEND",
    default="django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.filebased.EmailBackend",
)
EMAIL_FILE_PATH = env.str("DJANGO_EMAIL_FILE_PATH", default=str(BASE_DIR / "var" / "mail"))
EMAIL_HOST = env.str("DJANGO_EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("DJANGO_EMAIL_PORT", default=587)
EMAIL_HOST_USER = env.str("DJANGO_EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("DJANGO_EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("DJANGO_EMAIL_USE_TLS", default=True)
EMAIL_TIMEOUT = env.int("DJANGO_EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="Haven <tolkendienst@haven.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Logging never receives personal data: log records carry ids and event names only. In
# production one JSON object a line (haven.core.logging), with a line per request
# (haven.request: request id, method, path without its query string, status, duration);
# Django's own 4xx warnings (which repeat the path) are left out there.
HAVEN_LOG_FORMAT = env.str("HAVEN_LOG_FORMAT", default="json" if PRODUCTION else "plain")
HAVEN_REQUEST_LOG = env.bool("HAVEN_REQUEST_LOG", default=PRODUCTION)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "haven.core.logging.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": HAVEN_LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env.str("HAVEN_LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "haven.request": {"level": "INFO" if HAVEN_REQUEST_LOG else "WARNING"},
        **({"django.request": {"level": "ERROR"}} if HAVEN_REQUEST_LOG else {}),
    },
}

# The municipality Haven runs for: report titles and the rule sets' region.
HAVEN_MUNICIPALITY = env.str("HAVEN_MUNICIPALITY", default="Gent")
# API tokens expire after at most this many days (the default lifetime of a new token).
HAVEN_API_TOKEN_DAYS = env.int("HAVEN_API_TOKEN_DAYS", default=90)
# The access log's recent-files index carries person_id as a non-key (INCLUDE) column on
# PostgreSQL, so the home page reads it without touching the table; SQLite ignores INCLUDE
# and uses the same index without it, which is all the demo needs.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

# The annual report page shows its kept render; a visit counts it again (a background job)
# when it is older than this many minutes. "Recalculate" on the page counts it at once.
HAVEN_REPORT_MAX_AGE = env.int("HAVEN_REPORT_MAX_AGE", default=15)

HAVEN_PAGE_SIZE = 25  # lists never show more than HAVEN_MAX_PAGE_SIZE people a page
HAVEN_MAX_PAGE_SIZE = 50
# Breaking the glass: how long a reason given for one file holds in the session.
HAVEN_BREAK_GLASS_MINUTES = env.int("HAVEN_BREAK_GLASS_MINUTES", default=60)
# The privacy officer's page lists users who opened more distinct files than this in one hour.
HAVEN_FILES_PER_HOUR_ALERT = env.int("HAVEN_FILES_PER_HOUR_ALERT", default=60)
# ... or were shown more distinct people than this in lists and search results in one hour.
HAVEN_LISTED_PER_HOUR_ALERT = env.int("HAVEN_LISTED_PER_HOUR_ALERT", default=1000)
# Request bodies larger than this are refused (413); upload endpoints (multipart) may send
# up to HAVEN_MAX_UPLOAD_BODY_BYTES (a 20 MB file and its fields). Django's own limit follows.
HAVEN_MAX_BODY_BYTES = env.int("HAVEN_MAX_BODY_BYTES", default=1024 * 1024)
HAVEN_MAX_UPLOAD_BODY_BYTES = env.int("HAVEN_MAX_UPLOAD_BODY_BYTES", default=21 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = max(HAVEN_MAX_BODY_BYTES, 2_621_440)
# The time limit of one dispatch run (seconds): the engine keeps its best answer when it runs out.
HAVEN_DISPATCH_SECONDS = env.float("HAVEN_DISPATCH_SECONDS", default=45)

# The agency that issues the interpreting invoices, as a Belgian invoice must name it
# (haven/interpreting/agency.py checks them: enterprise number, IBAN, BIC). The defaults are
# the demo's; production has none: until every one is set, `haven check` warns and invoicing
# is refused with the reason (the rest of Haven runs).
_AGENCY_DEMO = not PRODUCTION
HAVEN_AGENCY = {
    "name": env.str("HAVEN_AGENCY_NAME", default="IN-Gent vzw" if _AGENCY_DEMO else ""),
    "street": env.str("HAVEN_AGENCY_STREET", default="Kongostraat 42" if _AGENCY_DEMO else ""),
    "postal_code": env.str("HAVEN_AGENCY_POSTAL_CODE", default="9000" if _AGENCY_DEMO else ""),
    "municipality": env.str("HAVEN_AGENCY_MUNICIPALITY", default="Gent" if _AGENCY_DEMO else ""),
    "enterprise_number": env.str("HAVEN_AGENCY_ENTERPRISE_NUMBER", default="0412345614" if _AGENCY_DEMO else ""),
    # "exempt": a VAT-exempt taxable person (art. 44 of the VAT code), "not_liable": not a
    # VAT taxable person at all. Either way no VAT is charged and the invoice says why.
    "vat_status": env.str("HAVEN_AGENCY_VAT_STATUS", default="exempt"),
    "vat_mention": env.str(
        "HAVEN_AGENCY_VAT_MENTION",
        default="Vrijgesteld van btw – artikel 44, § 2, 2° van het Btw-wetboek",
    ),
    "iban": env.str("HAVEN_AGENCY_IBAN", default="BE71096123456769" if _AGENCY_DEMO else ""),
    "bic": env.str("HAVEN_AGENCY_BIC", default="GKCCBEBB" if _AGENCY_DEMO else ""),
    "email": env.str("HAVEN_AGENCY_EMAIL", default="facturatie@example.org" if _AGENCY_DEMO else ""),
    "payment_days": env.int("HAVEN_AGENCY_PAYMENT_DAYS", default=30),
}
# The agency's logo on the annual report's PDF cover (an SVG or PNG file; none by default).
HAVEN_AGENCY_LOGO = env.str("HAVEN_AGENCY_LOGO", default="")
# A published edition of the annual report suppresses figures that count fewer people than
# this (and as many others as it takes so that none can be recovered from the totals).
HAVEN_REPORT_SMALL_CELL = env.int("HAVEN_REPORT_SMALL_CELL", default=5)
# Retention periods in years per record type, overriding the legal defaults each app declares
# beside its models (haven.core.retention): "integration.contract=10,casework.note=3".
HAVEN_RETENTION_YEARS: dict[str, int] = {}
for _pair in env.list("HAVEN_RETENTION_YEARS", default=[]):
    _key, _sep, _years = _pair.partition("=")
    if not _sep or not _years.strip().isdigit() or int(_years) < 1:
        raise ImproperlyConfigured(f"HAVEN_RETENTION_YEARS: {_pair!r} is not record.type=years (a whole number ≥ 1)")
    HAVEN_RETENTION_YEARS[_key.strip().lower()] = int(_years)
# Peppol: the access point that sends the e-invoices (a dotted path to an adapter class,
# haven/interpreting/einvoice/access_points.py) and, for the file-drop adapter of the demo and
# of an access point that reads a folder, the folder it writes to.
HAVEN_PEPPOL_ACCESS_POINT = env.str(
    "HAVEN_PEPPOL_ACCESS_POINT", default="haven.interpreting.einvoice.access_points.FileDropAccessPoint"
)
HAVEN_PEPPOL_DROP_DIR = Path(env.str("HAVEN_PEPPOL_DROP_DIR", default=str(BASE_DIR / "var" / "peppol-outbox")))
# Appointment reminders to newcomers (casework.reminders): the gateway class that sends an
# e-mail or SMS (an adapter: send(Reminder) -> str), and the folder of the file gateway.
HAVEN_REMINDER_GATEWAY = env.str("HAVEN_REMINDER_GATEWAY", default="haven.casework.reminders.FileGateway")
HAVEN_REMINDER_DIR = Path(env.str("HAVEN_REMINDER_DIR", default=str(BASE_DIR / "var" / "reminders")))

# Long work runs as background tasks (django-tasks, Django's task interface) kept in the
# database (django-tasks-db): `haven worker` runs them (`haven serve` starts one beside the
# development server). Workers claim a task with SELECT ... FOR UPDATE SKIP LOCKED on
# PostgreSQL (an exclusive transaction on SQLite), so several on several hosts never run
# one twice. The test suite runs tasks in-process instead (the root conftest.py).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
