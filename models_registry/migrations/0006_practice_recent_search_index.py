"""PostgreSQL-only: a covering index for searching the practice list.

The list searches ``search_text`` and shows the newest first. With ``unit_id`` and ``search_text`` carried in an
index on (created_at DESC, id DESC), PostgreSQL reads the newest entries, tests the words and the scope from the
index alone, and visits the table only for the 25 rows it shows. At 500,000 practices a province-wide search
("dan van kheo" in Thanh Hóa) went from reading ~2,500 scattered table pages (15–35 ms) to 4 ms (bench/run.py).
SQLite (the `make run` default) has no INCLUDE; it skips this index.
"""

from django.db import migrations

from models_registry.pg_migrations import postgres_only

FORWARD = [
    "CREATE INDEX IF NOT EXISTS practice_recent_search_idx ON models_registry_practice "
    "(created_at DESC, id DESC) INCLUDE (unit_id, search_text)",
]
BACKWARD = ["DROP INDEX IF EXISTS practice_recent_search_idx"]


class Migration(migrations.Migration):
    dependencies = [("models_registry", "0005_practice_unit_recent_index")]

    operations = [postgres_only(FORWARD, BACKWARD)]
