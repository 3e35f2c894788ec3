"""Case search on PostgreSQL: Dutch full-text search over the case's title, reference and
texts, served by a GIN index on exactly the expression cases.services.search_cases uses.
SQLite (development) searches with LIKE and needs no index."""

from django.db import migrations

INDEX = """
CREATE INDEX IF NOT EXISTS case_search_dutch ON cases_case USING gin (
  to_tsvector('dutch'::regconfig,
    COALESCE(title, '') || ' ' || COALESCE(inwoner_ref, '') || ' ' ||
    COALESCE(request, '') || ' ' || COALESCE(buikpijn, '') || ' ' ||
    COALESCE(standard_outcome, ''))
)
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INDEX)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS case_search_dutch")


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
