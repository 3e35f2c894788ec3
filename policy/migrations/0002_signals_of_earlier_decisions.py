"""Signals for the decisions approved before solven had a reply: every approved decision
marked "also a structural problem" with a description."""

from django.db import migrations


def backfill(apps, schema_editor):
    from policy.services import backfill_signals

    backfill_signals(apps.get_model("cases", "Case"), apps.get_model("cases", "Regeling"),
                     apps.get_model("policy", "StructuralSignal"))


class Migration(migrations.Migration):
    dependencies = [("policy", "0001_initial"), ("cases", "0007_zaak_reference")]
    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
