"""Tests run on the machine's real PostgreSQL and Redis (see Makefile)."""

import os

import dj_database_url

from .base import *  # noqa: F403
from .base import BASE_DIR

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/danvan"), conn_max_age=0
    )
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / "var" / "test-media"
# Most tests call tasks inline; the worker test (tests/reporting/test_worker.py) uses the real broker.
# CELERY_EAGER=0 lets the worker test's subprocess and its requests use the real broker.
CELERY_TASK_ALWAYS_EAGER = os.environ.get("CELERY_EAGER", "1").strip().lower() in {"1", "true", "yes", "on"}
AXES_ENABLED = True
# Most tests sign in with force_login; tests/accounts turn the second factor on and prove it is enforced.
SECOND_FACTOR_REQUIRED = False
