"""Local development: DEBUG on unless told otherwise, SQLite and inline tasks by default."""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)

# The `make run` demo signs in with a password alone unless asked (make run prints this).
SECOND_FACTOR_REQUIRED = env_bool("SECOND_FACTOR_REQUIRED", False)
