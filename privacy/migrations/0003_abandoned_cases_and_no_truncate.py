"""A retention rule for cases that were never decided, and on PostgreSQL a trigger that refuses
TRUNCATE on the logboek (the row trigger of 0002 does not fire on TRUNCATE).

A superuser may still empty the table (Django's test runner flushes with TRUNCATE, and a
superuser can drop any trigger anyway); the app's own role must not be one. The stronger
deployment, where the app's role does not own the table at all, is in docs/deployment.md."""

from django.db import migrations, models

import privacy.models

TRIGGER = """
CREATE OR REPLACE FUNCTION privacy_logboek_no_truncate() RETURNS trigger AS $$
BEGIN
  IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    RETURN NULL;
  END IF;
  RAISE EXCEPTION 'The logboek is append-only';
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER privacy_logboek_no_truncate
  BEFORE TRUNCATE ON privacy_accesslogentry
  FOR EACH STATEMENT EXECUTE FUNCTION privacy_logboek_no_truncate();
"""

DROP_TRIGGER = """
DROP TRIGGER IF EXISTS privacy_logboek_no_truncate ON privacy_accesslogentry;
DROP FUNCTION IF EXISTS privacy_logboek_no_truncate();
"""


def add_abandoned_rule(apps, schema_editor):
    RetentionRule = apps.get_model("privacy", "RetentionRule")
    RetentionRule.objects.get_or_create(outcome=privacy.models.ABANDONED,
                                        defaults={"years": 2, "anonymise": False})


def add_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TRIGGER)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_TRIGGER)


class Migration(migrations.Migration):
    dependencies = [("privacy", "0002_retention_defaults_and_append_only")]

    operations = [
        migrations.AlterField(
            model_name="retentionrule",
            name="outcome",
            field=models.CharField(choices=privacy.models._rule_choices, max_length=10,
                                   unique=True, verbose_name="besluit"),
        ),
        migrations.RunPython(add_abandoned_rule, migrations.RunPython.noop),
        migrations.RunPython(add_trigger, drop_trigger),
    ]
