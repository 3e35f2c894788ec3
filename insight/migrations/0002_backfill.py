"""Facts for the decisions approved before teaminzicht existed."""

from django.db import migrations


def backfill(apps, schema_editor):
    from insight.services import backfill as run

    run(models=(apps.get_model("cases", "Case"), apps.get_model("reviews", "ReviewEvent"),
                apps.get_model("insight", "DecisionFact"), apps.get_model("cases", "Regeling")))


class Migration(migrations.Migration):
    dependencies = [
        ("insight", "0001_initial"),
        ("cases", "0007_zaak_reference"),
        ("reviews", "0001_initial"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
