"""PostgreSQL-only: take ``search_text`` out of the two covering B-tree indexes (0006, 0007).

A B-tree index row holds at most about 2.7 kB, so a registration with an ordinary 10 kB summary could not be
saved (PostgreSQL refused the index row, and the user saw the "database restarting" page with the form lost).
Searching keeps the trigram GIN index (0002), which takes text of any length; the list's order and scope keep
practice_unit_recent_idx (0005).
"""

from django.db import migrations

from models_registry.pg_migrations import postgres_only

FORWARD = [
    "DROP INDEX IF EXISTS practice_recent_search_idx",
    "DROP INDEX IF EXISTS practice_unit_search_idx",
]
BACKWARD = [
    "CREATE INDEX IF NOT EXISTS practice_recent_search_idx ON models_registry_practice "
    "(created_at DESC, id DESC) INCLUDE (unit_id, search_text)",
    "CREATE INDEX IF NOT EXISTS practice_unit_search_idx ON models_registry_practice (unit_id) INCLUDE (search_text)",
]


class Migration(migrations.Migration):
    dependencies = [("models_registry", "0008_submission_token")]

    operations = [postgres_only(FORWARD, BACKWARD)]
