"""Signals for the decisions approved before solven had a reply: every approved decision
marked "also a structural problem" with a description."""

from django.db import migrations

BATCH = 2000


def backfill(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    Regeling = apps.get_model("cases", "Regeling")
    Signal = apps.get_model("policy", "StructuralSignal")
    regelingen = set(Regeling.objects.values_list("pk", flat=True))
    last = 0
    while True:
        cases = list(Case.objects.filter(status="besloten", structural="solven", pk__gt=last)
                     .exclude(structural_description="").exclude(decided_at=None)
                     .order_by("pk").values("pk", "revision", "team_id", "owner_id",
                                            "structural_description", "regeling_ids",
                                            "decided_at")[:BATCH])
        if not cases:
            return
        last = cases[-1]["pk"]
        Signal.objects.bulk_create([Signal(
            case_id=c["pk"], revision=c["revision"], team_id=c["team_id"],
            raised_by_id=c["owner_id"], description=c["structural_description"],
            regeling_id=next((pk for pk in c["regeling_ids"] or [] if pk in regelingen), None),
            created_at=c["decided_at"]) for c in cases], ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("policy", "0001_initial"), ("cases", "0007_zaak_reference")]
    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
