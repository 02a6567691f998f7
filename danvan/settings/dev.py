"""Local development: DEBUG on unless told otherwise, SQLite and inline tasks by default."""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)
