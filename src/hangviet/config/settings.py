"""HàngViệt settings: everything that differs between machines comes from the environment."""

import os
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url
from django.utils.csp import CSP  # type: ignore[attr-defined]
from django.utils.translation import gettext_lazy as _

from hangviet.core import limits as _limits

SRC_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = SRC_DIR.parent.parent
VAR_DIR = Path(os.environ.get("HANGVIET_VAR_DIR", PROJECT_DIR / "var")).resolve()
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once into var/ (never committed; refused by the
    production profile, since each machine would generate its own)."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
SECRET_KEY_GENERATED = not os.environ.get("SECRET_KEY")
# The production profile (hangviet.core.deploy): `hangviet serve`, `worker` and the WSGI application refuse
# to start on a configuration that assumes one machine; HANGVIET_INSTANCES app servers share the database.
HANGVIET_ENV = os.environ.get("HANGVIET_ENV", "development").strip().lower()
HANGVIET_INSTANCES = int(os.environ.get("HANGVIET_INSTANCES", "1"))
DEBUG = _env_bool("DEBUG")
ALLOWED_HOSTS = _env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
HANGVIET_BASE_URL = os.environ.get("HANGVIET_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = _env_list("CSRF_TRUSTED_ORIGINS", HANGVIET_BASE_URL)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_tasks_db",
    "ninja",  # serves the API docs' Swagger UI from our own static files (CSP: nothing from other hosts)
    "hangviet.core",
    "hangviet.accounts",
    "hangviet.sellers",
    "hangviet.catalog",
    "hangviet.ocop",
    "hangviet.orders",
    "hangviet.trace",
    "hangviet.promotion",
    "hangviet.syndication",
    "hangviet.network",
    "hangviet.reports",
    "hangviet.web",
    "hangviet.demo",
    "django.forms",  # Django's widget templates for FORM_RENDERER (after the rooms, which may override them)
]

MIDDLEWARE = [
    "hangviet.core.logs.RequestIdMiddleware",  # first: every response and log line has the request's id
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "hangviet.core.problems.ApiProblemMiddleware",  # under /api/, every error (404, 405, 500…) is a problem
    "hangviet.core.middleware.DatabaseUnavailableMiddleware",  # database away: 503 + Retry-After, not 500
    "hangviet.core.replica.ReplicaMiddleware",  # public reads from DATABASE_REPLICA_URL's replica, when set
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "hangviet.core.edge.EdgeInputMiddleware",  # control characters, body size and JSON depth: 400/413
    # ?hl=en: the URL hreflang gives English (after the edge has refused a query string it cannot read)
    "hangviet.syndication.share.LanguageFromQueryMiddleware",
    "hangviet.core.middleware.RateLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "hangviet.config.urls"
WSGI_APPLICATION = "hangviet.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Forms render through the project's templates: one field template for every page (core/forms/field.html).
FORM_RENDERER = "hangviet.core.forms.FormRenderer"

# Database: SQLite under var/ by default, PostgreSQL when DATABASE_URL is set. Both keep their connection
# open across requests (each server thread its own; DB_CONN_MAX_AGE seconds, 0 = one per request), checked
# before reuse (CONN_HEALTH_CHECKS): a new connection per request cost more than a search (issue 13).
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'hangviet.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers run beside one writer; IMMEDIATE takes the write lock at BEGIN so two
        # writers queue on busy_timeout instead of failing with "database is locked" mid-transaction.
        # init_command runs once per connection, i.e. once per server thread while it stays open.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
            # Memory-mapped reads share the OS page cache instead of copying every page into each
            # connection's own cache (size chosen by measurement: docs/performance.md).
            f"PRAGMA mmap_size={int(os.environ.get('SQLITE_MMAP_BYTES', str(256 * 1024 * 1024)))};"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
# A PostgreSQL streaming replica: public reads (search, product and shop pages, feeds, the resolver) go to
# it while it answers and lags less than HANGVIET_REPLICA_MAX_LAG_SECONDS; everything else, and a client's
# reads for that long after its own write, go to the primary (hangviet.core.replica).
if _replica_url := os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        _replica_url,
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
    DATABASES["replica"]["OPTIONS"] = {"connect_timeout": 2}
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["hangviet.core.replica.ReplicaRouter"]
HANGVIET_REPLICA_MAX_LAG_SECONDS = float(os.environ.get("HANGVIET_REPLICA_MAX_LAG_SECONDS", "10"))
HANGVIET_REPLICA_CHECK_SECONDS = float(os.environ.get("HANGVIET_REPLICA_CHECK_SECONDS", "2"))
# GET and HEAD paths whose reads may come from the replica (regexes).
HANGVIET_REPLICA_PATHS = [
    r"^/$",
    r"^/search/",
    r"^/p/",
    r"^/c/",
    r"^/shops/",
    r"^/feeds/",
    r"^/\d{2,4}/",  # the GS1 Digital Link resolver (/01/…, /414/…)
    r"^/scan/",
    r"^/ocop/",
    r"^/api/v1/(products|shops|search|categories)",
]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache and sessions: Redis when REDIS_URL is set, else files under var/ (shared by all workers).
CACHES: dict[str, dict[str, object]]
if REDIS_URL := os.environ.get("REDIS_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            # Django's file cache with add/incr under a file lock: rate limits and the scheduler's
            # once-per-slot hold across workers (hangviet.core.filecache).
            "BACKEND": "hangviet.core.filecache.AtomicFileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
            # The default (300 files) is fewer than the product pages and searches of a busy hour: past
            # it, every write lists the directory and deletes a third of the files at random.
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    }

# Cached catalog reads (search results and facets, product page content), keyed by the catalog version
# that every catalog write changes (catalog.versions): the time-to-live only bounds memory. 0 = off.
CATALOG_CACHE_SECONDS = int(os.environ.get("CATALOG_CACHE_SECONDS", "60"))
# Shopping feeds (syndication.feeds): built files under this directory; a file younger than the refresh
# interval is served even when the catalog changed since (a build of 100k products takes a while).
HANGVIET_FEEDS_DIR = Path(os.environ.get("HANGVIET_FEEDS_DIR", VAR_DIR / "feeds"))
HANGVIET_FEED_REFRESH_SECONDS = int(os.environ.get("HANGVIET_FEED_REFRESH_SECONDS", "300"))

# Queues: "default" (emails and other short follow-ups of a change) and "imports" (sellers' spreadsheet
# imports, which may run for minutes): each has its own worker process, so an import never holds up an
# order's email.
TASK_QUEUES = ["default", "imports"]
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": TASK_QUEUES,
    }
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["hangviet.accounts.backends.EmailOrPhoneBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:home"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [SRC_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Dates as each language writes them (core/formats/<lang>/formats.py): 03/12/2026, and 3 Dec 2026 in English.
FORMAT_MODULE_PATH = ["hangviet.core.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns on every start until collectstatic has run
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Files not meant for a public page (OCOP dossiers, import files, MoU scans): outside MEDIA_ROOT, served only
# by views that check who asks (hangviet.core.files). /media/ serves only the public upload prefixes below.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))
HANGVIET_PUBLIC_MEDIA_PREFIXES = ("products/", "sellers/logos/", "promotion/news/", "demo/")
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# S3-compatible object storage (Viettel, FPT, VNPT clouds, MinIO…) when HANGVIET_S3_BUCKET is set: every
# app server sees every upload. Public files stay served at /media/ by the app; a private file's view
# answers with a signed URL valid HANGVIET_S3_SIGNED_URL_SECONDS. Credentials: AWS_ACCESS_KEY_ID and
# AWS_SECRET_ACCESS_KEY (read by boto3).
HANGVIET_S3_BUCKET = os.environ.get("HANGVIET_S3_BUCKET", "")
HANGVIET_S3_SIGNED_URL_SECONDS = int(os.environ.get("HANGVIET_S3_SIGNED_URL_SECONDS", "60"))
if HANGVIET_S3_BUCKET:
    _s3 = {
        "bucket_name": HANGVIET_S3_BUCKET,
        "endpoint_url": os.environ.get("HANGVIET_S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("HANGVIET_S3_REGION") or None,
        "default_acl": None,
        "file_overwrite": False,
        "addressing_style": "path",
        "signature_version": "s3v4",
    }
    STORAGES["default"] = {
        "BACKEND": "hangviet.core.s3.AppServedS3Storage",
        "OPTIONS": {**_s3, "location": "public", "querystring_auth": False},
    }
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_s3,
            "location": "private",
            "querystring_auth": True,
            "querystring_expire": HANGVIET_S3_SIGNED_URL_SECONDS,
        },
    }
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Non-form bodies larger than core.limits.BODY_MAX_BYTES, by path (regex): (pattern, bytes); docs/api.md.
HANGVIET_BODY_LIMITS: list[tuple[str, int]] = [
    (r"^/api/v1/epcis/(capture|events)$", _limits.CAPTURE_BODY_MAX_BYTES),
]
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Security: secure defaults; TLS-only flags switch on when the base URL is https.
_HTTPS = HANGVIET_BASE_URL.startswith("https://")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = _HTTPS
SECURE_SSL_REDIRECT = _env_bool("SECURE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = 31536000 if _HTTPS else 0
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if _env_bool("BEHIND_PROXY") else None
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

# Email: console by default; SMTP when EMAIL_HOST is set.
if _email_host := os.environ.get("EMAIL_HOST", ""):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _email_host,
                "port": int(os.environ.get("EMAIL_PORT", "587")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": _env_bool("EMAIL_USE_TLS", default=True),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "HàngViệt <no-reply@hangviet.local>")

# Platform rules (settings, not code: see docs/law.md).
HANGVIET_PROVINCE_CODE = os.environ.get("HANGVIET_PROVINCE_CODE", "86")  # the new Vĩnh Long
# Rates are "attempts/seconds". Login counts failures per identifier and per client IP (many mobile users
# share a carrier IP, so the IP rate may be set higher); registration and password reset count per IP.
HANGVIET_LOGIN_RATE = os.environ.get("HANGVIET_LOGIN_RATE", "5/300")
HANGVIET_LOGIN_IP_RATE = os.environ.get("HANGVIET_LOGIN_IP_RATE", HANGVIET_LOGIN_RATE)
# Public endpoints limited per client address: (method, path regex, "N/S"). HANGVIET_RATE_LIMITS=off
# switches these off (benchmarks drive thousands of requests from one address); login limits stay.
HANGVIET_RATE_LIMITS: list[tuple[str, str, str]] = [
    ("POST", r"^/api/v1/carts$", "30/60"),
    ("POST", r"^/api/v1/carts/[^/]+/checkout$", "10/60"),
    ("GET", r"^/api/v1/orders/[^/]+$", "30/60"),  # guest tracking by code + phone
    ("POST", r"^/api/v1/orders/[^/]+/cancel$", "10/60"),  # guest cancel by code + phone: the same oracle
    ("POST", r"^/checkout/place/$", "10/60"),
    ("POST", r"^/orders/track/$", "10/60"),
    ("POST", r"^/cart/add/$", "60/60"),
    ("POST", r"^/sell/register/$", "10/3600"),
    ("POST", r"^/buy-requests/new/$", "10/3600"),
    ("POST", r"^/api/v1/payments/webhook$", "300/60"),
    ("POST", r"^/api/v1/vietqr/parse$", "60/60"),
]
if os.environ.get("HANGVIET_RATE_LIMITS", "").strip().lower() in {"0", "off", "false", "no"}:
    HANGVIET_RATE_LIMITS = []
HANGVIET_REGISTER_RATE = os.environ.get("HANGVIET_REGISTER_RATE", "10/3600")
HANGVIET_PASSWORD_RESET_RATE = os.environ.get("HANGVIET_PASSWORD_RESET_RATE", "5/3600")
HANGVIET_MAX_IMAGE_BYTES = 5 * 1024 * 1024

# Orders and payments (docs/orders.md). Rates are decimal strings; durations in hours.
HANGVIET_PAYMENT_WEBHOOK_SECRET = os.environ.get("HANGVIET_PAYMENT_WEBHOOK_SECRET", "")  # empty: refuse all
HANGVIET_UNPAID_EXPIRY_HOURS = float(os.environ.get("HANGVIET_UNPAID_EXPIRY_HOURS", "24"))
HANGVIET_ORDER_LAPSE_HOURS = float(os.environ.get("HANGVIET_ORDER_LAPSE_HOURS", "12"))  # Decree 52 Art. 20
HANGVIET_COMMISSION_RATE = os.environ.get("HANGVIET_COMMISSION_RATE", "0")
HANGVIET_WITHHOLDING_VAT_RATE = os.environ.get("HANGVIET_WITHHOLDING_VAT_RATE", "0.01")  # Decree 117/2025
HANGVIET_WITHHOLDING_PIT_RATE = os.environ.get("HANGVIET_WITHHOLDING_PIT_RATE", "0.005")
HANGVIET_CART_MAX_QUANTITY = int(os.environ.get("HANGVIET_CART_MAX_QUANTITY", "99"))
HANGVIET_DEFAULT_DELIVERY_FEE_VND = int(os.environ.get("HANGVIET_DEFAULT_DELIVERY_FEE_VND", "30000"))

# Logs (docs/operator-guide.md, "Logs and errors"): one JSON object per line under `hangviet serve` and
# `hangviet worker` (they set LOG_FORMAT=json), plain text elsewhere; every record written during a
# request carries its id (core.logs). With the JSON format each request also writes an access line.
LOG_FORMAT = "json" if os.environ.get("LOG_FORMAT", "text").strip().lower() == "json" else "text"
HANGVIET_ACCESS_LOG = _env_bool("HANGVIET_ACCESS_LOG", default=LOG_FORMAT == "json")
# Errors (500s, with the traceback) are emailed to ADMINS ("a@example.vn,b@example.vn"), from SERVER_EMAIL.
ADMINS = _env_list("ADMINS", "")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# Where a buyer reports a suspect pack from a scan page (the department's market-surveillance address);
# empty: a known lot's page offers the producer's address, an unknown code's page the producer's if known.
TRACE_REPORT_EMAIL = os.environ.get("TRACE_REPORT_EMAIL", "")

# The provincial network (docs/network.md): this node's identity and how it talks to its peers.
HANGVIET_NODE_ID = os.environ.get("HANGVIET_NODE_ID", urlsplit(HANGVIET_BASE_URL).netloc or "localhost")
HANGVIET_NODE_NAME = os.environ.get("HANGVIET_NODE_NAME", "HàngViệt")
HANGVIET_NODE_PROVINCE = os.environ.get("HANGVIET_NODE_PROVINCE", HANGVIET_PROVINCE_CODE)
HANGVIET_NODE_BASE_URL = os.environ.get("HANGVIET_NODE_BASE_URL", HANGVIET_BASE_URL).rstrip("/")
HANGVIET_NODE_KEY_DIR = Path(os.environ.get("HANGVIET_NODE_KEY_DIR", VAR_DIR / "network"))
HANGVIET_NETWORK_SYNC_SECONDS = int(os.environ.get("HANGVIET_NETWORK_SYNC_SECONDS", "60"))
HANGVIET_NETWORK_TIMEOUT_SECONDS = float(os.environ.get("HANGVIET_NETWORK_TIMEOUT_SECONDS", "5"))
HANGVIET_NETWORK_LOG_DAYS = int(os.environ.get("HANGVIET_NETWORK_LOG_DAYS", "30"))
HANGVIET_NETWORK_REGISTRY = _env_bool("HANGVIET_NETWORK_REGISTRY")  # this node answers registry lookups
HANGVIET_NETWORK_REGISTRY_URL = os.environ.get("HANGVIET_NETWORK_REGISTRY_URL", "").rstrip("/")
HANGVIET_NETWORK_LOOKUP_SECONDS = int(os.environ.get("HANGVIET_NETWORK_LOOKUP_SECONDS", "300"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request": {"()": "hangviet.core.logs.RequestContextFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "json": {"()": "hangviet.core.logs.JsonFormatter"},
        "text": {"()": "hangviet.core.logs.TextFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["request"], "formatter": LOG_FORMAT},
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        "django": {"handlers": ["mail_admins"], "level": "INFO"},  # django.request: 500s to ADMINS
        "hangviet.request": {"level": "INFO" if HANGVIET_ACCESS_LOG else "WARNING"},
    },
}
# Errors to Sentry too when SENTRY_DSN is set and sentry-sdk is installed (an optional extra; the
# hangviet.W001 check warns when the DSN is set without it).
SENTRY_DSN = os.environ.get("SENTRY_DSN", "").strip()
if SENTRY_DSN:
    from hangviet.core.logs import init_sentry

    init_sentry(SENTRY_DSN)

# Apps whose admin pages department officers may use in full (accounts and platform settings excepted).
HANGVIET_OFFICER_APPS = ("sellers", "catalog", "ocop", "trace", "promotion", "orders")

# Panels: what a room adds to another room's page without that room importing it (dependencies point
# one way). Each slot lists templates that `{% panels "slot" %}` (core/templatetags/hv.py) includes with
# the page's context.
HANGVIET_PANELS: dict[str, list[str]] = {
    "account": ["sellers/_account_shops.html", "orders/_account_addresses.html"],
    "home": ["promotion/_home_panel.html"],
    "product_buy": ["network/_product_home.html", "orders/_add_to_cart.html"],
    "product_details": ["trace/_product_chains.html"],
    "officer_menu": ["reports/_officer_menu.html"],
    "cart": ["network/_cart_remote.html"],
    "shop_details": ["syndication/_shop_marketplaces.html"],
    "head_meta": ["syndication/_head_meta.html"],
    "page_end": ["syndication/_share.html"],
    # The seller centre's home: what needs doing now (<li> items), and how the shop is doing (sections).
    "seller_todo": [
        "orders/_seller_todo.html",
        "catalog/_seller_todo.html",
        "promotion/_seller_todo.html",
    ],
    "seller_stats": ["orders/_seller_stats.html", "trace/_seller_stats.html"],
    # The officer workspace's queues (<li> items with a count, each a link to the filtered list).
    "officer_queues": [
        "ocop/_officer_queues.html",
        "promotion/_officer_queues.html",
        "trace/_officer_queues.html",
        "orders/_officer_queues.html",
    ],
    # Links in the header for a signed-in user's roles (shop centre, officer workspace).
    "header_roles": ["sellers/_header_roles.html"],
    "seller_menu": [
        "orders/_seller_menu.html",
        "trace/_seller_menu.html",
        "promotion/_seller_menu.html",
        "syndication/_seller_menu.html",
    ],
}

# Providers: a read or write a lower room needs and a higher room answers (core/providers.py), so the
# lower room never imports the higher one. Each slot lists dotted paths of functions, called in order.
HANGVIET_PROVIDERS: dict[str, list[str]] = {
    # (product, today) -> the product's current OCOP certificate or None: the product page and API show it.
    "product_certificate": ["hangviet.ocop.queries.current_certificate"],
    # (user) -> role codes the user holds in that room ("seller_owner", "seller_staff").
    "account_roles": ["hangviet.sellers.queries.member_roles"],
    # (user) -> {section: JSON-ready data} added to the user's personal-data export.
    "personal_data": ["hangviet.sellers.queries.personal_data_of"],
    # (user) -> why the account may not be deleted yet, or "" (the user is a shop's only owner).
    "account_deletion_blockers": ["hangviet.sellers.queries.deletion_blocker"],
    # (user) -> None: forget the user in that room, inside the account deletion's transaction.
    "account_erasers": ["hangviet.sellers.services.forget_member"],
    # (product ids) -> {product id: units delivered}: the "đã bán" of product cards and pages.
    "sold_counts": ["hangviet.orders.queries.sold_counts"],
    # (product) -> {"rating": Rating(count, average), "reviews": newest visible}: the product page, JSON-LD.
    "product_reviews": ["hangviet.orders.queries.product_reviews"],
    # (seller) -> Rating over the shop's visible reviews: the shop page.
    "shop_rating": ["hangviet.orders.queries.shop_rating"],
}

# Periodic tasks: dotted path of a django.tasks task → interval in seconds (run by `hangviet worker`).
HANGVIET_PERIODIC_TASKS: dict[str, int] = {
    "hangviet.ocop.tasks.expire_certificates": 24 * 3600,
    "hangviet.ocop.tasks.notify_expiring_certificates": 24 * 3600,
    "hangviet.orders.tasks.expire_unpaid_orders": 300,
    "hangviet.orders.tasks.lapse_unanswered_orders": 300,
    "hangviet.orders.tasks.purge_idempotency_keys": 3600,
    "hangviet.syndication.tasks.refresh_platform_feed": 900,
    "hangviet.network.tasks.sync_peers": HANGVIET_NETWORK_SYNC_SECONDS,
    "hangviet.network.tasks.purge_message_log": 24 * 3600,
    "hangviet.network.tasks.retry_outbox": 30,
    "hangviet.network.tasks.recheck_registry_keys": HANGVIET_NETWORK_LOOKUP_SECONDS,
}

# Called with each new orders.OrderEvent inside the transaction of the status change (the network sends
# the new state of an order placed from another province's node; orders does not import the network).
HANGVIET_ORDER_EVENT_HOOKS: list[str] = ["hangviet.network.seller_side.order_event_recorded"]
