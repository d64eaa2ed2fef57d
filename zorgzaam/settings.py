"""Settings from environment variables, with safe defaults for the demo (SQLite in var/).

Production: DJANGO_SETTINGS_MODULE=zorgzaam.settings_production (see README).
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from zorgzaam.core.dbroles import database_roles

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("ZORGZAAM_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _dev_secret_key() -> str:
    # Never committed: generated once per machine and kept in var/.
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


# Off unless asked for: scripts/demo.sh sets DEBUG=1; a forgotten variable must not expose tracebacks.
DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY") or _dev_secret_key()
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

# Domain apps, in dependency order. Each may define demo.py (demo data), api.py (a ninja `router`),
# urls.py (included under its label) and services.py (business rules and permission checks).
# Apps not present in this checkout are skipped, so each domain can land on its own.
_PLANNED_APPS = [
    "zorgzaam.core",
    "zorgzaam.accounts",
    "zorgzaam.audit",
    "zorgzaam.reference",
    "zorgzaam.networks",
    "zorgzaam.organisations",
    "zorgzaam.people",
    "zorgzaam.notifications",
    "zorgzaam.socialmap",
    "zorgzaam.volunteers",
    "zorgzaam.sectors",
    "zorgzaam.addresses",
    "zorgzaam.matching",
    "zorgzaam.care",
    "zorgzaam.outreach",
    "zorgzaam.community",
    "zorgzaam.valuedroles",
    "zorgzaam.reciprocity",
    "zorgzaam.analysis",
    "zorgzaam.plans",
    "zorgzaam.public",
]
ZORGZAAM_APPS = [a for a in _PLANNED_APPS if (BASE_DIR / a.replace(".", "/") / "apps.py").exists()]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "huey.contrib.djhuey",
    "ninja",
    *ZORGZAAM_APPS,
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "zorgzaam.core.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "zorgzaam.core.middleware.ActorMiddleware",
    "zorgzaam.accounts.middleware.SecondFactorMiddleware",
]

ROOT_URLCONF = "zorgzaam.urls"
# A refused form says what to do next, in the site layout (JSON under /api/).
CSRF_FAILURE_VIEW = "zorgzaam.core.errors.csrf_failure"
WSGI_APPLICATION = "zorgzaam.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "zorgzaam.core.context_processors.zorgzaam",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'zorgzaam.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
else:
    # Parallel test runs must not share a test database: not from different checkouts, nor from people
    # sharing one checkout who each point DATABASE_URL at their own database name.
    import hashlib

    suffix = hashlib.sha256(str(BASE_DIR).encode()).hexdigest()[:6]
    name = (DATABASES["default"]["NAME"] or "zorgzaam")[:40]  # PostgreSQL names stop at 63 bytes
    DATABASES["default"]["TEST"] = {"NAME": f"test_{name}_{suffix}"}

# PostgreSQL with two roles (docs/deployment.md): DATABASE_URL is the application role with data rights
# only; DATABASE_MIGRATE_URL the table owner that `zorgzaam migrate` switches to (and then grants).
DATABASE_ROLES = database_roles(DATABASES["default"], os.environ.get("DATABASE_MIGRATE_URL", ""))

# A PostgreSQL streaming replica for reports (zorgzaam/core/dbrouter.py): used only by code inside
# reporting_reads(), while it is at most ZORGZAAM_REPLICA_MAX_LAG_SECONDS behind; else the primary.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "").strip()
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL, conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0"))
    )
    # A replica that is down must not hold a report up: give up quickly and use the primary.
    DATABASES["replica"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 2)
    # Tests: the replica serves the test database of the same name; nothing is created on it.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["zorgzaam.core.dbrouter.ReportingRouter"]
ZORGZAAM_REPLICA_MAX_LAG_SECONDS = float(os.environ.get("ZORGZAAM_REPLICA_MAX_LAG_SECONDS", "30"))
ZORGZAAM_REPLICA_CHECK_SECONDS = float(os.environ.get("ZORGZAAM_REPLICA_CHECK_SECONDS", "5"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling (zorgzaam.accounts.throttle): LOGIN_MAX_FAILURES failures for one user name from one
# address lock that pair only (nobody can lock out a coordinator who logs in elsewhere);
# LOGIN_MAX_FAILURES_PER_ADDRESS failures from one address within LOGIN_FAILURE_WINDOW_SECONDS lock
# the address. A lock lasts LOGIN_LOCKOUT_SECONDS.
LOGIN_MAX_FAILURES = int(os.environ.get("LOGIN_MAX_FAILURES", "5"))
LOGIN_MAX_FAILURES_PER_ADDRESS = int(os.environ.get("LOGIN_MAX_FAILURES_PER_ADDRESS", "50"))
LOGIN_FAILURE_WINDOW_SECONDS = int(os.environ.get("LOGIN_FAILURE_WINDOW_SECONDS", "900"))
LOGIN_LOCKOUT_SECONDS = int(os.environ.get("LOGIN_LOCKOUT_SECONDS", "900"))
# Reverse proxies in front of the app that each append the peer address to X-Forwarded-For
# (0: clients connect directly and the header is ignored, since anyone can send it).
ZORGZAAM_TRUSTED_PROXIES = int(os.environ.get("ZORGZAAM_TRUSTED_PROXIES", "0"))
# Coordinators and platform administrators must use two-step login (on in the production settings;
# a network can require it for its coordinators even when this is off).
ZORGZAAM_REQUIRE_2FA = env_bool("ZORGZAAM_REQUIRE_2FA", False)

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "zorgzaam" / "locale"]
# English dates in day-month order (en-GB), not Django's US defaults: zorgzaam/formats/en.
FORMAT_MODULE_PATH = ["zorgzaam.formats"]
USE_I18N = True
TIME_ZONE = "Europe/Brussels"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("ZORGZAAM_STATIC_ROOT") or VAR_DIR / "static")
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "zorgzaam_cache",
        }
    }

# Background work: Huey on SQLite by default, Redis when REDIS_URL is set. Tests run tasks inline.
HUEY = {
    "name": "zorgzaam",
    "immediate": env_bool("HUEY_IMMEDIATE", False),
    "consumer": {"workers": 2, "worker_type": "thread"},
}
if REDIS_URL:
    HUEY.update({"huey_class": "huey.RedisHuey", "url": REDIS_URL})
else:
    HUEY.update({"huey_class": "huey.SqliteHuey", "filename": str(VAR_DIR / "huey.sqlite3")})

EMAIL_URL = os.environ.get("EMAIL_URL", "console://")
if EMAIL_URL.startswith("console:"):
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
elif EMAIL_URL.startswith("locmem:"):
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
else:
    from urllib.parse import unquote, urlparse

    _mail = urlparse(EMAIL_URL)
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _mail.hostname or "localhost"
    EMAIL_PORT = _mail.port or 25
    EMAIL_HOST_USER = unquote(_mail.username or "")
    EMAIL_HOST_PASSWORD = unquote(_mail.password or "")
    EMAIL_USE_TLS = _mail.scheme in {"smtp+tls", "submission"}
    EMAIL_USE_SSL = _mail.scheme == "smtps"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "zorgzaam@localhost")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Optional map tiles (e.g. a municipality's own tile server); without it maps show boundaries only,
# which keeps offline-restricted browsers working.
ZORGZAAM_TILE_URL = os.environ.get("ZORGZAAM_TILE_URL", "")
ZORGZAAM_TILE_ATTRIBUTION = os.environ.get("ZORGZAAM_TILE_ATTRIBUTION", "")

# Aggregates hide cells with fewer than K people.
ZORGZAAM_K_ANONYMITY = int(os.environ.get("ZORGZAAM_K_ANONYMITY", "5"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Absolute address used in e-mails and printed letters (zorgzaam.core.links.absolute_url); the
# production settings require it.
ZORGZAAM_BASE_URL = (os.environ.get("ZORGZAAM_BASE_URL") or "http://127.0.0.1:8000").strip().rstrip("/")

# Uploads (zorgzaam.core.uploads): the largest file each import accepts, and what a ZIP (or XLSX) of that
# kind may unpack to; each can be set with ZORGZAAM_UPLOAD_LIMIT_<KIND> / ZORGZAAM_UNPACKED_LIMIT_<KIND>
# (e.g. ZORGZAAM_UPLOAD_LIMIT_HSDS=20MB). Checked by the import's service before anything is parsed.
from zorgzaam.core import uploads as _uploads  # noqa: E402

ZORGZAAM_UPLOAD_LIMITS = _uploads.limits_from_env(
    _uploads.DEFAULT_UPLOAD_LIMITS, "ZORGZAAM_UPLOAD_LIMIT_", os.environ
)
ZORGZAAM_UNPACKED_LIMITS = _uploads.limits_from_env(
    _uploads.DEFAULT_UNPACKED_LIMITS, "ZORGZAAM_UNPACKED_LIMIT_", os.environ
)
ZORGZAAM_ZIP_MAX_RATIO = int(os.environ.get("ZORGZAAM_ZIP_MAX_RATIO", _uploads.DEFAULT_ZIP_MAX_RATIO))
ZORGZAAM_ZIP_MAX_MEMBERS = int(os.environ.get("ZORGZAAM_ZIP_MAX_MEMBERS", _uploads.DEFAULT_ZIP_MAX_MEMBERS))
# Form fields and JSON bodies (files not counted): a detailed area boundary fits, a flood does not.
# Larger ones get a translated 413. Files above FILE_UPLOAD_MAX_MEMORY_SIZE are spooled to disk.
DATA_UPLOAD_MAX_MEMORY_SIZE = _uploads.parse_size(os.environ.get("DATA_UPLOAD_MAX_MEMORY_SIZE", "10MB"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 2621440  # Django's default, said out loud
# A request larger than the largest upload is refused before it is read (RequestSizeMiddleware).
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.csrf.CsrfViewMiddleware"),
    "zorgzaam.core.uploads.RequestSizeMiddleware",
)
