"""PostgreSQL-only: the practice list's capped count of a search, from an index alone.

The list counts search matches up to 500 (CappedCountPaginator), unit by unit of the user's scope. With
``search_text`` carried in an index on ``unit_id`` the words are tested without visiting the table: at 500,000
practices a province-wide "dan van kheo" count went from ~6 ms of scattered page reads to ~2 ms (bench/run.py).
"""

from django.db import migrations

from models_registry.pg_migrations import postgres_only

FORWARD = [
    "CREATE INDEX IF NOT EXISTS practice_unit_search_idx ON models_registry_practice (unit_id) INCLUDE (search_text)",
]
BACKWARD = ["DROP INDEX IF EXISTS practice_unit_search_idx"]


class Migration(migrations.Migration):
    dependencies = [("models_registry", "0006_practice_recent_search_index")]

    operations = [postgres_only(FORWARD, BACKWARD)]
