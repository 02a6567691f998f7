"""The web benchmark (bench/run.py): production-like (DEBUG off, no debug toolbar), served by gunicorn locally.

Not for deployment: it keeps the development secret and plain HTTP, and it turns on BENCH_VIEWS (the floor view).
"""

import warnings

from .base import *  # noqa: F403
from .base import LOGGING

# The benchmark serves no static file; whitenoise's warning about the missing collectstatic directory is noise.
warnings.filterwarnings("ignore", message="No directory at")

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
# /bench/floor/: the cheapest authenticated Django page, the framework's floor the other pages are compared with.
BENCH_VIEWS = True
# Requests are logged by the load generator; the server's own INFO lines would only cost time.
LOGGING = {**LOGGING, "root": {"handlers": ["console"], "level": "WARNING"}}
