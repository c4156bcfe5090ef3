"""Settings for the STEM-academies subsidy application.

Everything that differs between machines comes from environment variables; see README.md.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from xstatic.pkg import bootstrap as xstatic_bootstrap

from config.logging import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DJANGO_ENV = os.environ.get("DJANGO_ENV", "development")
PRODUCTION = DJANGO_ENV == "production"

SECRET_KEY = os.environ.get("SECRET_KEY", "" if PRODUCTION else "dev-only-not-secret-stem-academies")
DEBUG = env_bool("DEBUG", default=not PRODUCTION)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")

if PRODUCTION:
    _required = ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL")
    _missing = [name for name in _required if not os.environ.get(name, "").strip()]
    if _missing:
        raise ImproperlyConfigured(
            f"DJANGO_ENV=production needs these environment variables: {', '.join(_missing)} (see docs/deploy.md)."
        )
    if DEBUG:
        raise ImproperlyConfigured("DJANGO_ENV=production refuses DEBUG=true: it would show tracebacks to visitors.")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "import_export",
    "django_tables2",
    "django_filters",
    "django_bootstrap5",
    "config.apps.AxesConfig",
    "django_tasks",
    "config.apps.TasksDatabaseConfig",
    "csp",
    "academies",
    "grants",
    "payments",
    "reports",
    "exchange",
    "assessments",
    "demo",
    "bench",
    "ninja",
    "api",
    "identity",
    "questions",
    "config.apps.OperationsConfig",
    "config.dbroles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "grants.site.RequestBaseUrlMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "config.middleware.DatabaseUnavailableMiddleware",
]
if os.environ.get("DATABASE_REPLICA_URL"):
    MIDDLEWARE.append("config.db_routers.ReportReplicaMiddleware")

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=0,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": int(os.environ.get("DB_POOL_MIN", "1")),
        "max_size": int(os.environ.get("DB_POOL_MAX", "8")),
    }
    # A pooled connection is checked before use, so one killed by a database restart or failover is replaced.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("TEST_DATABASE_NAME") or None}
    if os.environ.get("PGBOUNCER_POOL_MODE") == "transaction":
        # Behind PgBouncer in transaction mode a server connection may change between transactions: no server-side
        # cursors and no prepared statements, and PgBouncer does the pooling (docs/deploy.md).
        DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
        DATABASES["default"]["OPTIONS"]["prepare_threshold"] = None
        del DATABASES["default"]["OPTIONS"]["pool"]
        DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE", "60"))
if os.environ.get("DATABASE_REPLICA_URL"):
    # A streaming replica for the report pages (config/db_routers.py); its own pool of DB_POOL_MAX per worker.
    DATABASES["replica"] = dj_database_url.parse(os.environ["DATABASE_REPLICA_URL"], conn_max_age=0)
    DATABASES["replica"]["OPTIONS"] = dict(DATABASES["default"].get("OPTIONS", {}))
    for _key in ("DISABLE_SERVER_SIDE_CURSORS", "CONN_MAX_AGE"):
        DATABASES["replica"][_key] = DATABASES["default"].get(_key, DATABASES["replica"].get(_key))
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["config.db_routers.ReportReplicaRouter"]
# Least privilege (config/dbroles, docs/deploy.md): with DATABASE_OWNER_URL, `migrate` runs as the role that owns the
# tables and then grants DATABASE_URL's user, the app role, row privileges only. Without it the one DATABASE_URL does
# everything, as on SQLite.
DATABASE_APP_ROLE = ""
if os.environ.get("DATABASE_OWNER_URL") and DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["owner"] = dj_database_url.parse(os.environ["DATABASE_OWNER_URL"], conn_max_age=0)
    DATABASES["owner"]["TEST"] = {"MIRROR": "default"}
    DATABASE_APP_ROLE = DATABASES["default"]["USER"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "identity.backends.AcmIdmBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1  # hours
# Lock the combination of username and client address: a stranger can neither lock out a chosen account from
# everywhere nor, behind a load balancer, everybody at once. TRUSTED_PROXY_COUNT: number of proxies in front of the
# app that append to X-Forwarded-For (identity/proxies.py, docs/deploy.md).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "identity.proxies.client_address"
AXES_WHITELIST_CALLABLE = "identity.throttling.is_acm_idm_login"
AXES_LOCKOUT_TEMPLATE = "identity/lockout.html"
AXES_ENABLED = env_bool("AXES_ENABLED", default=True)

LANGUAGE_CODE = "nl-be"
LANGUAGES = [("nl-be", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("bootstrap", xstatic_bootstrap.BASE_DIR),
]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Production sends through SMTP: the console backend would print recipients and names into the logs.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
if os.environ.get("EMAIL_FILE_PATH"):
    EMAIL_FILE_PATH = os.environ["EMAIL_FILE_PATH"]
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "stem-academies@vlaio.example")
# Where the accessibility statement's feedback form sends a report (comma-separated); empty: the active managers.
ACCESSIBILITY_FEEDBACK_EMAIL = [address.strip() for address in
                                os.environ.get("ACCESSIBILITY_FEEDBACK_EMAIL", "").split(",") if address.strip()]
# The feedback form needs no login, so it is rate limited: reports per client address and from everyone, per hour.
ACCESSIBILITY_FEEDBACK_LIMIT_PER_CLIENT = int(os.environ.get("ACCESSIBILITY_FEEDBACK_LIMIT_PER_CLIENT", "5"))
ACCESSIBILITY_FEEDBACK_LIMIT_OVERALL = int(os.environ.get("ACCESSIBILITY_FEEDBACK_LIMIT_OVERALL", "100"))
# Absolute links in e-mails (invitations, decisions, reminders) start with this address; empty: the address of
# the request being served (grants.site). Set it in production and for commands such as send_report_reminders.
PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", "").rstrip("/")

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

IMPORT_EXPORT_SKIP_ADMIN_LOG = False
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "import"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "export"
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
# Import/export (exchange app): upload size limit, background threshold, UiT label(s) counted apart.
EXCHANGE_MAX_UPLOAD_BYTES = int(os.environ.get("EXCHANGE_MAX_UPLOAD_MB", "50")) * 1024 * 1024
EXCHANGE_BACKGROUND_ROWS = int(os.environ.get("EXCHANGE_BACKGROUND_ROWS", "2000"))
EXCHANGE_MAX_XLSX_INFLATED_BYTES = int(os.environ.get("EXCHANGE_MAX_XLSX_INFLATED_MB", "200")) * 1024 * 1024
UIT_STEM_LABELS = env_list("UIT_STEM_LABELS", "STEM-academie")
# UiTdatabank Search API v3 (exchange/uit_search.py): off while UIT_SEARCH_URL or UIT_CLIENT_ID is empty.
UIT_SEARCH_URL = os.environ.get("UIT_SEARCH_URL", "").rstrip("/")
UIT_CLIENT_ID = os.environ.get("UIT_CLIENT_ID", "")
UIT_SEARCH_TIMEOUT = float(os.environ.get("UIT_SEARCH_TIMEOUT", "20"))
UIT_SEARCH_PAGE_SIZE = int(os.environ.get("UIT_SEARCH_PAGE_SIZE", "50"))
# The query for "all STEM events" of a year; the labelled ones are those with a label of UIT_STEM_LABELS.
UIT_TOTAL_QUERY = os.environ.get("UIT_TOTAL_QUERY", "labels:STEM*")
# 360Giving export (api/giving.py): grant identifier prefix and the funder's organisation identifier and name.
GIVING_ID_PREFIX = os.environ.get("GIVING_ID_PREFIX", "360G-vlaio-stem")
GIVING_FUNDER_ID = os.environ.get("GIVING_FUNDER_ID", "360G-vlaio")
GIVING_FUNDER_NAME = os.environ.get("GIVING_FUNDER_NAME", "Agentschap Innoveren & Ondernemen (VLAIO)")
# Subsidy register (payments/subsidieregister.py): the facts of the measure the app does not hold, from
# SUBSIDIEREGISTER_LEGAL_BASIS, _LEGAL_BASIS_TYPE, _BUDGET_ARTICLE, _FUNDER_KBO, _DE_MINIMIS, _OBJECTIVE, _INSTRUMENT.
SUBSIDIEREGISTER = {name.removeprefix("SUBSIDIEREGISTER_").lower(): value.strip() for name, value in os.environ.items()
                    if name.startswith("SUBSIDIEREGISTER_") and value.strip()}

# Reports: the first year of VLAIO's subsidy mechanism; the overview per year starts here whatever the data holds.
PROGRAMME_START_YEAR = int(os.environ.get("PROGRAMME_START_YEAR", "2019"))

# Written questions (questions app): the answer is due this many working days after receipt; the Flemish
# government's days off beside the Belgian public holidays ("MM-DD" every year, "YYYY-MM-DD" once); the assignee is
# reminded this many working days before the deadline.
QUESTIONS_DEADLINE_WORKING_DAYS = int(os.environ.get("QUESTIONS_DEADLINE_WORKING_DAYS", "20"))
QUESTIONS_EXTRA_DAYS_OFF = env_list("QUESTIONS_EXTRA_DAYS_OFF", "07-11,11-02,11-15,12-26")
QUESTIONS_REMINDER_WORKING_DAYS = int(os.environ.get("QUESTIONS_REMINDER_WORKING_DAYS", "5"))

DJANGO_TABLES2_TEMPLATE = "includes/table.html"

SHARED_DATA_DIR = Path(os.environ.get("SHARED_DATA_DIR", BASE_DIR.parent / "shared" / "data"))
# The answer documents: a DOCX template (docxtpl) and a typst template that replace the shipped ones when set.
ANSWER_DOCX_TEMPLATE = os.environ.get("ANSWER_DOCX_TEMPLATE", "")
ANSWER_TYPST_TEMPLATE = os.environ.get("ANSWER_TYPST_TEMPLATE", "")
# Order of the provinces in the answer (list and maps, annexes 3-7), as NIS codes; default as published: Limburg,
# Antwerpen, Oost-Vlaanderen, Vlaams-Brabant, West-Vlaanderen.
ANSWER_PROVINCE_ORDER = [code.strip() for code in os.environ.get(
    "ANSWER_PROVINCE_ORDER", "70000,10000,40000,20001,30000").split(",") if code.strip()]

LOGGING = logging_config(level=os.environ.get("LOG_LEVEL", "INFO"))

FIXTURE_DIRS = [BASE_DIR / "fixtures"]
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG

# --- Security headers and cookies (production part; see docs/deploy.md) ---
# The same Content-Security-Policy in every environment: the templates and Django's admin have no inline script,
# so developers see a violation as soon as one is introduced. Bootstrap's CSS uses data: URIs for its icons.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# --- Stateless app servers: nothing a request needs lives on one server's disk or memory (docs/deploy.md) ---
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Import previews keep the uploaded file in a storage every server reaches, never in a server's /tmp. Locally this is
# a private directory outside MEDIA_ROOT (never served); with AWS_STORAGE_BUCKET_NAME both live in the bucket.
IMPORT_EXPORT_TMP_STORAGE_CLASS = "import_export.tmp_storages.MediaStorage"
PRIVATE_STORAGE_ROOT = Path(os.environ.get("PRIVATE_STORAGE_ROOT", BASE_DIR / "private-storage"))
STORAGES["import_export"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": PRIVATE_STORAGE_ROOT / "import-export"},
}
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    # S3-compatible object storage through django-storages (pip install "django-storages[s3]"); credentials come
    # from the usual AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY variables, read by boto3.
    def _s3_storage(prefix: str) -> dict:
        return {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
                "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
                "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
                "location": prefix,
                "default_acl": "private",
                "querystring_auth": True,
                "file_overwrite": False,
                "object_parameters": {"ContentDisposition": "attachment"},
            },
        }

    STORAGES["default"] = _s3_storage("uploads")
    STORAGES["import_export"] = _s3_storage("import-export")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
AXES_VERBOSE = False
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "user_agent"]
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancer probes speak plain HTTP to the instance
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")  # the load balancer terminates TLS
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
    CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# --- ACM/IDM login (OpenID Connect, mozilla-django-oidc), beside the password login; on when OIDC_RP_CLIENT_ID is
# set (docs/deploy.md, "ACM/IDM"). Endpoints default to ACM/IDM's paths under OIDC_OP_BASE_URL. ---
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_BASE_URL = os.environ.get("OIDC_OP_BASE_URL", "https://authenticatie.vlaanderen.be/op").rstrip("/")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", f"{OIDC_OP_BASE_URL}/v1/auth")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", f"{OIDC_OP_BASE_URL}/v1/token")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", f"{OIDC_OP_BASE_URL}/v1/userinfo")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", f"{OIDC_OP_BASE_URL}/v1/keys")
OIDC_OP_LOGOUT_ENDPOINT = os.environ.get("OIDC_OP_LOGOUT_ENDPOINT", f"{OIDC_OP_BASE_URL}/v1/logout")
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid profile vo")
OIDC_USE_PKCE = env_bool("OIDC_USE_PKCE", default=True)
OIDC_TIMEOUT = 10
OIDC_STORE_ID_TOKEN = True  # the hint for RP-initiated logout
OIDC_OP_LOGOUT_URL_METHOD = "identity.logout.provider_logout_url"
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc_authentication_callback"
LOGIN_REDIRECT_URL_FAILURE = "/account/acm-idm/geweigerd/"
# Roles: the claim holding the application roles (values "Role:OVOcode"), the role names of the two staff groups,
# and (optionally) the OVO codes whose roles count.
OIDC_ROLES_CLAIM = os.environ.get("OIDC_ROLES_CLAIM", "stemacademies_rol_3d")
OIDC_ROLE_MANAGER = os.environ.get("OIDC_ROLE_MANAGER", "StemAcademiesBeheerder")
OIDC_ROLE_READER = os.environ.get("OIDC_ROLE_READER", "StemAcademiesLezer")
OIDC_STAFF_OVO_CODES = env_list("OIDC_STAFF_OVO_CODES")
if OIDC_ENABLED:
    # The logout form's redirect continues to the provider's end-session endpoint: allowed by form-action.
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"].append(
        "/".join(OIDC_OP_LOGOUT_ENDPOINT.split("/", 3)[:3]))

# Form fields are marked only when they are wrong: no green "valid" tick on a field after a failed submit, which
# reads as "this optional field needs a value" on an empty one.
BOOTSTRAP5 = {"success_css_class": ""}
