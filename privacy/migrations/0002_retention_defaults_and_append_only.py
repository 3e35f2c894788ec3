"""Default retention periods, and on PostgreSQL a trigger that refuses UPDATE and DELETE on
the logboek, so not even a bug in the app (or a raw SQL statement) can rewrite it."""

from django.db import migrations

DEFAULT_YEARS = {"maatwerk": 7, "op_maat": 7, "geen": 7}

TRIGGER = """
CREATE OR REPLACE FUNCTION privacy_logboek_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'The logboek is append-only';
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER privacy_logboek_append_only
  BEFORE UPDATE OR DELETE ON privacy_accesslogentry
  FOR EACH ROW EXECUTE FUNCTION privacy_logboek_append_only();
"""

DROP_TRIGGER = """
DROP TRIGGER IF EXISTS privacy_logboek_append_only ON privacy_accesslogentry;
DROP FUNCTION IF EXISTS privacy_logboek_append_only();
"""


def add_defaults(apps, schema_editor):
    RetentionRule = apps.get_model("privacy", "RetentionRule")
    for outcome, years in DEFAULT_YEARS.items():
        RetentionRule.objects.get_or_create(outcome=outcome, defaults={"years": years})


def add_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TRIGGER)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_TRIGGER)


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_initial")]

    operations = [
        migrations.RunPython(add_defaults, migrations.RunPython.noop),
        migrations.RunPython(add_trigger, drop_trigger),
    ]
