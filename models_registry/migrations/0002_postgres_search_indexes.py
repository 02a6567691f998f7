"""PostgreSQL-only indexes: prefix matches on unit paths and trigram search on practices.

SQLite (the `make run` default) skips them; the queries work there, only slower.
"""

from django.db import migrations

from models_registry.pg_migrations import postgres_only

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS unit_path_prefix_idx ON models_registry_unit (path varchar_pattern_ops)",
    "CREATE INDEX IF NOT EXISTS practice_search_trgm_idx ON models_registry_practice USING gin (search_text gin_trgm_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS practice_search_trgm_idx",
    "DROP INDEX IF EXISTS unit_path_prefix_idx",
]


class Migration(migrations.Migration):
    dependencies = [("models_registry", "0001_initial")]

    operations = [postgres_only(FORWARD, BACKWARD)]
