"""Settings shared by every environment; values come from environment variables (see .env.example)."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = env("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "models_registry",
    "reporting",
    "accounts",
    "documents",
    "api",
]

MIDDLEWARE = [
    # First: settles the client address and scheme from a trusted proxy only, before anything reads them.
    "danvan.middleware.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Permissions-Policy everywhere; Cache-Control: no-store on pages for signed-in users.
    "danvan.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "danvan.middleware.PortalLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # A NUL character in any parameter is a 400, not a database error (danvan/middleware.py).
    "danvan.middleware.RejectNulMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session passed the second factor (accounts/second_factor.py).
    "django_otp.middleware.OTPMiddleware",
    "accounts.second_factor.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Says "saved, the e-mail/report will follow" when the task broker was down (models_registry/queueing.py).
    "models_registry.web.middleware.DeferredTaskMessagesMiddleware",
    # A 503 page in Vietnamese while the database restarts, instead of a server error.
    "models_registry.web.middleware.DatabaseUnavailableMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # AxesMiddleware must be last: it turns a lockout into a response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "danvan.urls"
WSGI_APPLICATION = "danvan.wsgi.application"

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
                "models_registry.web.context_processors.portal",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Fail fast when the database is unreachable instead of hanging the request (and /healthz).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses locked-out credentials before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "models_registry.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sessions end after a working day of inactivity and when the browser closes (shared office PCs).
SESSION_COOKIE_AGE = int(env("SESSION_COOKIE_AGE", str(8 * 3600)))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
# api/translations: Vietnamese for the REST framework's own messages that the API sends (401, 404, field errors).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "api" / "translations"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
FORMAT_MODULE_PATH = ["danvan.formats"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
# Uploaded evidence is private: no MEDIA_URL is served; downloads go through permission-checked views.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Static files are served from the app directories in development and from STATIC_ROOT after collectstatic.
WHITENOISE_USE_FINDERS = True
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
UPLOAD_MAX_BYTES = int(env("UPLOAD_MAX_BYTES", str(10 * 1024 * 1024)))

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# A mail server that stops answering must not hold a worker forever; the e-mail is retried later.
EMAIL_TIMEOUT = int(env("EMAIL_TIMEOUT", "20"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Cổng Dân vận khéo <no-reply@danvan.local>")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")

# Celery: with no REDIS_URL, tasks run inline so `make run` needs nothing else.
REDIS_URL = env("REDIS_URL", "")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_TIMEOUT = 3
# A task whose worker died unacknowledged is delivered again after the visibility timeout (acks_late).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(env("CELERY_VISIBILITY_TIMEOUT", "3600")),
    "max_retries": 2,
    # A Redis that accepts connections but does not answer must not hang a web request forever.
    "socket_timeout": 5,
    "socket_connect_timeout": 3,
}
# Publishing from a request: a few quick tries, then queue_or_defer leaves the work to the periodic sweep.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
# Periodic sweeps (celery beat). Work deferred while the broker or the mail server was down is picked up here.
CELERY_BEAT_SCHEDULE = {
    "notifications-send-pending": {
        "task": "models_registry.tasks.notifications_send_pending",
        "schedule": 300.0,
    },
    # Reports of every board on each cut-off date (REPORT_CUTOFFS); idempotent if it runs twice that day.
    "reports-schedule-cutoff": {
        "task": "reporting.tasks.reports_schedule_cutoff",
        "schedule": crontab(hour=17, minute=0),
    },
    "reports-fail-stale": {"task": "reporting.tasks.reports_fail_stale", "schedule": 300.0},
    "books-sweep": {"task": "documents.tasks.books_sweep", "schedule": 300.0},
    "submission-tokens-prune": {"task": "models_registry.tasks.submission_tokens_prune", "schedule": 24 * 3600.0},
}
# Reporting periods as (day, month); "start" lies in the year before the report's year (DESIGN §5).
REPORT_CUTOFFS = {
    "h1": {"start": (15, 12), "end": (14, 6)},
    "year": {"start": (15, 12), "end": (14, 12)},
}
# A report running this long without progress has lost its worker: the sweep marks it failed.
REPORT_STALE_AFTER = timedelta(minutes=int(env("REPORT_STALE_AFTER_MINUTES", "30")))
# Likewise for a book of models (documents.services.books.book_fail_stale).
BOOK_STALE_AFTER = timedelta(minutes=int(env("BOOK_STALE_AFTER_MINUTES", "15")))
# Processes that lay out a book's parts at once (pdfparts/layout.py); 0: one per core, at most 4.
BOOK_WORKERS = int(env("BOOK_WORKERS", "0"))
# The same for a report's body and annex parts (a summary of thousands of practices).
REPORT_WORKERS = int(env("REPORT_WORKERS", "0"))

# Login throttling (django-axes): five failures lock that username (from any address) for 15 minutes; twenty lock
# the client address (accounts/throttle.py: a commune office shares one address). The password change form counts
# its wrong old passwords as failures of the same username.
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_ADDRESS_FAILURE_LIMIT = int(env("AXES_ADDRESS_FAILURE_LIMIT", "20"))
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "accounts.throttle.AccountAndAddressHandler"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# The address axes counts is REMOTE_ADDR as TrustedProxyMiddleware left it, never a header the client wrote.
AXES_CLIENT_IP_CALLABLE = "danvan.middleware.client_address"

# Reverse proxies whose X-Forwarded-For / X-Forwarded-Proto are believed (addresses or networks, comma-separated).
# From anyone else those headers are dropped, so a client cannot pick its own address or claim HTTPS.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The admin's address; a deployment may move it off the well-known /admin/.
ADMIN_URL = env("ADMIN_URL", "admin/").strip("/") + "/"
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "payment=(), usb=(), interest-cohort=()"
)

# Second factor (django-otp): boards, provincial staff and administrators must verify a code after the password.
# Production forces it on; only the dev and test settings may turn it off.
SECOND_FACTOR_REQUIRED = True
OTP_TOTP_ISSUER = "Dân vận khéo"
CSRF_FAILURE_VIEW = "danvan.errors.csrf_failure"

# Content-Security-Policy (django-csp 4): no inline scripts or styles anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}, "danvan.security": {"level": "INFO"}},
}

# Caches: Redis when configured (shared by every web process, e.g. the API throttles and the open data files);
# local memory for `make run` without Redis.
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": "danvan"}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# The REST API (api/): personal tokens made in a page, or the browser session; one door per object (visible_to).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiTokenAuthentication",
        "api.authentication.VerifiedSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.TokenRateThrottle", "rest_framework.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "token": env("API_RATE_PER_TOKEN", "600/hour"),
        "anon": env("API_RATE_ANONYMOUS", "60/hour"),
    },
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "API Cổng Dân vận khéo",
    "DESCRIPTION": (
        "Mô hình, điển hình “Dân vận khéo”: đăng ký, đề nghị, xét duyệt, quyết định công nhận, đơn vị, báo cáo và "
        "thông báo. Xác thực bằng mã truy cập cá nhân (tiêu đề `Authorization: Token <mã>`), tạo tại trang "
        "“Mã truy cập API”. Mọi dữ liệu giới hạn trong phạm vi đơn vị của người dùng; ngoài phạm vi trả về 404."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "PracticeKindEnum": "models_registry.models.practices.PracticeKind",
        "UnitKindEnum": "models_registry.models.units.UnitKind",
        "UnitLevelEnum": "models_registry.models.units.UnitLevel",
        "RecognitionLevelEnum": "models_registry.models.practices.RecognitionLevel",
    },
}
# Personal API tokens: valid this many days at most (the page offers shorter).
API_TOKEN_MAX_DAYS = int(env("API_TOKEN_MAX_DAYS", "365"))
# Open data of recognized practices (/public/data.json, .csv, .xlsx): how long a built file is reused, and its licence.
OPEN_DATA_CACHE_SECONDS = int(env("OPEN_DATA_CACHE_SECONDS", "900"))
OPEN_DATA_LICENCE = {
    "name": env("OPEN_DATA_LICENCE_NAME", "Creative Commons Ghi công 4.0 Quốc tế (CC BY 4.0)"),
    "url": env("OPEN_DATA_LICENCE_URL", "https://creativecommons.org/licenses/by/4.0/deed.vi"),
}
