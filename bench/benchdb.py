"""The throwaway PostgreSQL database each benchmark script builds beside the configured one, and Django set up on it.

Run the scripts as `python bench/<name>.py`: this directory is then on sys.path, so they import this module directly.
"""

import contextlib
import os
import sys
from urllib.parse import urlparse, urlunparse


def bench_database_url(suffix):
    """(url, parts, name) of `<configured database>_bench_<suffix>`; PostgreSQL only."""
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/danvan")
    parts = urlparse(base)
    if not parts.scheme.startswith("postgres"):
        sys.exit(f"bench/{suffix}.py needs a PostgreSQL DATABASE_URL")
    name = (parts.path.lstrip("/") or "danvan") + f"_bench_{suffix}"
    return urlunparse(parts._replace(path=f"/{name}")), parts, name


def admin_connection(parts):
    """An autocommit connection to the server's `postgres` database, to create and drop the bench database."""
    import psycopg2

    connection = psycopg2.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password,
        dbname="postgres",
    )
    connection.autocommit = True
    return connection


@contextlib.contextmanager
def throwaway_database(parts, name, *, reuse=False, keep=False):
    """Create database ``name`` afresh (unless ``reuse``) for the block, and drop it afterwards (unless ``keep``),
    closing Django's connections to it first."""
    admin = admin_connection(parts)
    try:
        if not reuse:
            with admin.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
                cursor.execute(f'CREATE DATABASE "{name}"')
        try:
            yield
        finally:
            from django.apps import apps

            if apps.ready:
                from django.db import connections

                connections.close_all()
            if not keep:
                with admin.cursor() as cursor:
                    cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
    finally:
        admin.close()


def setup_django(url):
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danvan.settings.dev")
    os.environ["DEBUG"] = "false"  # DEBUG keeps every SQL query in memory
    import django

    django.setup()
