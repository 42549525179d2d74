"""Settings come from the environment (12-factor); defaults give the embedded SQLite set-up."""

import datetime
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
# With DEBUG on, errors still show the portal's Russian pages (core.middleware); set this for Django's technical
# 500 page with the traceback (a developer's switch, never for a demo in front of users).
DEBUG_TECHNICAL_500 = env.bool("DEBUG_TECHNICAL_500", default=False)
# The built-in key is for development only: the portal's WSGI application and Celery worker refuse to start with it
# when DEBUG is off, and `check --deploy` reports it (core.checks.refuse_built_in_secret_key).
BUILT_IN_SECRET_KEY = "insecure-dev-key-change-me-" + "x" * 40
SECRET_KEY = env("SECRET_KEY", default=BUILT_IN_SECRET_KEY)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # Django's widget templates for the project's template engine (FORM_RENDERER below)
    "allauth",
    "allauth.account",
    "rest_framework",
    "knox",  # API tokens: per device, stored hashed, expiring (accounts.tokens)
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "auditlog",
    # project apps, lowest layer first (the layers: docs/architecture.md)
    "core",
    "schools",
    "accounts",
    "identification",
    "partnerships",
    "roadmaps",
    "mentoring",
    "monitoring",
    "monitoring.reports",  # annual reports: a sub-app of monitoring with its own migrations
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "core.middleware.SecurityHeadersMiddleware",  # CSP, Permissions-Policy, no-store for signed-in pages and the API
    "core.middleware.ErrorPagesMiddleware",  # Russian 400/403/404/500 pages also with DEBUG on (last: sees the user)
]

ROOT_URLCONF = "config.urls"
CSRF_FAILURE_VIEW = "core.errors.csrf_failure"
WSGI_APPLICATION = "config.wsgi.application"

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
                "core.context_processors.navigation",
                "accounts.context_processors.roles",
            ],
        },
    },
]

# Widgets render through the project's templates, so templates/django/forms/widgets/select.html can word the empty
# choice of every select in one place: «— выберите —» (a value is required) or «— не выбрано —» (may stay empty)
# instead of Django's «---------». Filters (django-filter) offer «все» instead; a field may name its own.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
FILTERS_EMPTY_CHOICE_LABEL = "все"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
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
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"

# django-allauth: e-mail sign-in, no public sign-up (accounts.adapters.NoSignupAdapter)
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ADAPTER = "accounts.adapters.NoSignupAdapter"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}

SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_SAVE_EVERY_REQUEST = False

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", "Русский")]
TIME_ZONE = env("TIME_ZONE", default="Europe/Moscow")
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Uploaded files are private: no MEDIA_URL is served; views check permissions and stream them.
PRIVATE_STORAGE_ROOT = MEDIA_ROOT / "private"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="portal@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Links in e-mails sent by background jobs (no request to take the host from)
PORTAL_URL = env("PORTAL_URL", default="http://127.0.0.1:8000").rstrip("/")
# The yearly annual reports (monitoring.reports): the day («ДД.ММ») and hour the beat builds every municipality's report
ANNUAL_REPORT_DATE = env("ANNUAL_REPORT_DATE", default="30.06")
ANNUAL_REPORT_HOUR = env.int("ANNUAL_REPORT_HOUR", default=6)
# versions of the annual report one person may ask for in a day (each builds a 17-page PDF): a bound, not a quota
ANNUAL_REPORT_VERSIONS_PER_DAY = env.int("ANNUAL_REPORT_VERSIONS_PER_DAY", default=10)
# Identification (docs/methodology.md, «Охват»): below this share of the region's schools with results in a data year
# and procedure, the run page warns and an official list is approved only with an explicit confirmation
IDENTIFICATION_MIN_COVERAGE_PCT = env.float("IDENTIFICATION_MIN_COVERAGE_PCT", default=80.0)

# Celery: no broker configured → tasks run eagerly in the web process (embedded default).
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL or "cache+memory://")
CELERY_TASK_TRACK_STARTED = True
# A task's message is acknowledged when the task ends (acks_late), so a worker killed outright leaves it in Redis, which
# hands it out again after the visibility timeout; a pool process lost alone (hard limit, out of memory) gets its
# message acknowledged, not requeued (reject_on_worker_lost off): a requeued copy would find the job held by a
# heartbeat a few seconds old and do nothing, or loop on a task that always hits the hard limit. Either way the
# heartbeat stops and the stale sweep fails the job within minutes; a copy delivered later runs only if it is still
# the job's message and no live execution holds it (core.jobs.tasks.claim_refusal; docs/jobs.md).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = False
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# The broker connection lost mid-task: the running task finishes. Redis hands its unacknowledged message out again
# only after the visibility timeout (25 min), so cancelling would stall the job that long for a second's blip; a
# redelivered copy of a task that did finish finds its job done and does nothing (the tasks check the job's state).
# Said explicitly: Celery 5 warns at every worker start that its default changes in Celery 6.
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = False
# Jobs never stick (docs/jobs.md): every task has a soft limit (the job is marked failed with a message) and a hard
# one (the worker process is killed; the heartbeat stops and the stale-job beat marks the row failed); the broker
# redelivers an unacknowledged message only after the visibility timeout, longer than the hard limit, so a running task
# is never run twice.
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=15 * 60)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=CELERY_TASK_SOFT_TIME_LIMIT + 5 * 60)
# a queued job (its message waits behind others) is stale after JOB_STALE_MINUTES without movement; a job held by a
# running task is stale after JOB_HEARTBEAT_STALE_SECONDS: its task's heartbeat thread beats every JOB_HEARTBEAT_SECONDS
JOB_STALE_MINUTES = env.int("JOB_STALE_MINUTES", default=CELERY_TASK_TIME_LIMIT // 60 + 10)
JOB_HEARTBEAT_SECONDS = env.int("JOB_HEARTBEAT_SECONDS", default=20)
JOB_HEARTBEAT_STALE_SECONDS = env.int("JOB_HEARTBEAT_STALE_SECONDS", default=120)
# Memory guard (docs/operations.md): a worker child whose resident memory passed this many kilobytes after a task is
# replaced by a fresh one, so memory a large build took is given back; a single build is bounded by the report's
# caps (core/limits.py). 0 — no guard.
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env.int("CELERY_WORKER_MAX_MEMORY_PER_CHILD", default=1_000_000) or None
# Broker down: queuing fails within seconds (bounded connection and publish retries) instead of ~20 s of retries;
# results are not kept (pages read the jobs' own rows), so publishing never waits on the result store.
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_TASK_TIME_LIMIT + 5 * 60,
    "socket_connect_timeout": 2,
    "socket_timeout": 10,
    "max_retries": 1,
}
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.5, "interval_max": 1}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 2

# Redis as the shared cache (rate-limit counters shared by every worker process); with Redis down, core.cache answers
# as a miss instead of raising (sign-in keeps working; /healthz reports the cache).
CACHES = {
    "default": env.cache("CACHE_URL", default="locmemcache://")
    if not env("REDIS_CACHE_URL", default="")
    else {"BACKEND": "core.cache.ResilientRedisCache", "LOCATION": env("REDIS_CACHE_URL"),
          "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}}
}

# Reverse proxies in front of the portal that append the client's address to X-Forwarded-For (nginx: 1). Only their
# entries are trusted, by the sign-in lockout (allauth) and the API throttles (DRF) alike; 0: REMOTE_ADDR.
NUM_PROXIES = env.int("NUM_PROXIES", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = NUM_PROXIES

REST_FRAMEWORK = {
    # knox first: DRF takes the WWW-Authenticate challenge from the first class, so a call without credentials (or
    # with a bad token) answers 401 «WWW-Authenticate: Token»; the session (with its CSRF check) still signs in the
    # browsable API and the pages' scripts when no token header is sent
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "core.api_auth.SessionAuthentication",  # DRF's, with the CSRF refusal in Russian
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "core.filters.StrictFilterBackend",  # django-filter's, reading yes/no and choices strictly (the API contract)
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "core.api.Pagination",
    "EXCEPTION_HANDLER": "core.api.exception_handler",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "core.schema.PortalAutoSchema",  # nullable fields as they answer (the API contract)
    # the client's address for throttling: REMOTE_ADDR, or the one NUM_PROXIES trusted proxies append to
    # X-Forwarded-For (never a value the client wrote itself)
    "NUM_PROXIES": NUM_PROXIES,
}
# API tokens (django-rest-knox, accounts.tokens): expiring, at most API_TOKENS_PER_USER devices (the oldest goes)
REST_KNOX = {"TOKEN_TTL": datetime.timedelta(days=env.int("API_TOKEN_TTL_DAYS", default=30)), "AUTO_REFRESH": False}
API_TOKENS_PER_USER = env.int("API_TOKENS_PER_USER", default=10)
SPECTACULAR_SETTINGS = {
    "TITLE": "API портала ШНОР/ШССУ",
    "DESCRIPTION": "Реестр школ, ежегодные данные, педагоги и сопровождение школ с низкими результатами.",
    "VERSION": "1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_INCLUDE_SCHEMA": False,
    # every operation documents its error answers (400/401/403/404/429): the schema says what the API does
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "core.schema.add_error_responses"],
}

# Imports: files above this size are refused before they are parsed.
IMPORT_MAX_UPLOAD_BYTES = env.int("IMPORT_MAX_UPLOAD_BYTES", default=10 * 1024 * 1024)
# an .xlsx unpacked (all its parts, as declared and as counted while unpacking): a 100,000-row sheet is ~60 MB
IMPORT_MAX_UNPACKED_BYTES = env.int("IMPORT_MAX_UNPACKED_BYTES", default=200 * 1024 * 1024)
# rows of a file (counted while reading) and the cells of a sheet's rectangle (rows × its farthest column, counted
# while unpacking, before the reader lays the sheet out in memory)
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=300_000)
IMPORT_MAX_CELLS = env.int("IMPORT_MAX_CELLS", default=10_000_000)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

AUDITLOG_INCLUDE_ALL_MODELS = False

# Security: strict in production, relaxed only when DEBUG is on.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
# core.middleware.SecurityHeadersMiddleware: no inline scripts anywhere (scripts are files in static/js/); inline
# style attributes stay allowed (style-src 'unsafe-inline': no script runs from them); Redoc's worker from blob:
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
PERMISSIONS_POLICY = ("camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=(), "
                      "browsing-topics=()")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # library chatter at INFO: WeasyPrint's layout steps (one line per page and repagination) and fontTools'
        # font subsetting while a PDF is built. Their warnings and errors still reach the console.
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Periodic jobs (Celery beat) are registered by each app from its ready() (core.registries.register_beat);
# config/celery.py hands them to beat.
