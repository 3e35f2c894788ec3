"""The case list's search on a stored text vector (issue 18, goal 3).

Migration 0002 served the list search with a GIN index on a to_tsvector(...) expression. At a
million cases a common word matches 100 000 of them: PostgreSQL read them all from the index
and intersected them with the team's cases (20 ms), and computing the vector per row instead
was slower still. The list search is always within the user's teams (a few thousand cases at
most), so the text vector is now stored per case and tested on the team's own rows, which
takes about a millisecond at any size; the expression index is no longer used and is dropped.
SQLite (development) searches with LIKE and needs neither.
"""

from django.db import migrations

FORWARD = """
ALTER TABLE cases_case ADD COLUMN search_list tsvector GENERATED ALWAYS AS (
  to_tsvector('dutch'::regconfig,
    COALESCE(title, '') || ' ' || COALESCE(inwoner_ref, '') || ' ' ||
    COALESCE(request, '') || ' ' || COALESCE(buikpijn, '') || ' ' ||
    COALESCE(standard_outcome, ''))
) STORED;
DROP INDEX IF EXISTS case_search_dutch;
"""

BACKWARD = """
ALTER TABLE cases_case DROP COLUMN IF EXISTS search_list;
CREATE INDEX IF NOT EXISTS case_search_dutch ON cases_case USING gin (
  to_tsvector('dutch'::regconfig,
    COALESCE(title, '') || ' ' || COALESCE(inwoner_ref, '') || ' ' ||
    COALESCE(request, '') || ' ' || COALESCE(buikpijn, '') || ' ' ||
    COALESCE(standard_outcome, ''))
);
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("cases", "0010_pdf_export")]

    operations = [migrations.RunPython(forward, backward)]
