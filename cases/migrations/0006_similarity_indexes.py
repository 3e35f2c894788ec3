"""On PostgreSQL, what the similar-decisions panel (precedents.similar) needs to stay fast at
scale: a stored Dutch text-search vector of the case's texts with its GIN index (ranking
reads the stored vector instead of parsing every matching row's text again), a GIN index on
the regelingen, and an index on decided cases by date. SQLite (development) needs none."""

from django.db import migrations

FORWARD = """
ALTER TABLE cases_case ADD COLUMN search_dutch tsvector GENERATED ALWAYS AS (
  to_tsvector('dutch'::regconfig,
    COALESCE(request, '') || ' ' || COALESCE(standard_outcome, '') || ' ' ||
    COALESCE(buikpijn, ''))
) STORED;
CREATE INDEX case_similar_text ON cases_case USING gin (search_dutch);
CREATE INDEX case_similar_regelingen ON cases_case USING gin (regeling_ids jsonb_path_ops);
CREATE INDEX case_decided_by_date ON cases_case (decided_at DESC) WHERE status = 'besloten';
"""

BACKWARD = """
DROP INDEX IF EXISTS case_decided_by_date;
DROP INDEX IF EXISTS case_similar_regelingen;
DROP INDEX IF EXISTS case_similar_text;
ALTER TABLE cases_case DROP COLUMN IF EXISTS search_dutch;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("cases", "0005_precedent_card")]

    operations = [migrations.RunPython(forward, backward)]
