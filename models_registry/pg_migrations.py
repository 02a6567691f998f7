"""Migration helper for PostgreSQL-only SQL (extensions, trigram and covering indexes).

SQLite, the `make run` default, skips these statements: the queries still work there, only slower.
Migrations import this module, so keep its behaviour stable.
"""

from django.db import migrations


def _executor(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return apply


def postgres_only(forward, backward):
    """A RunPython operation that executes ``forward`` (and, reversed, ``backward``) on PostgreSQL only."""
    return migrations.RunPython(_executor(forward), _executor(backward))
