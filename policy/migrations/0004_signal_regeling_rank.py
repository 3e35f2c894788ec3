"""Each structural signal keeps its regeling's place in the list (issue 18): the
beleidsmaker's list, grouped by regeling, becomes one index scan."""

from django.conf import settings
from django.db import migrations, models


def rank_signals(apps, schema_editor):
    from policy.ranks import rerank

    rerank(apps.get_model("cases", "Regeling"), apps.get_model("policy", "StructuralSignal"))


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0004_personal_frame_answers'),
        ('cases', '0011_search_list_column'),
        ('policy', '0003_policy_questions'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='structuralsignal',
            name='regeling_rank',
            field=models.PositiveSmallIntegerField(default=32767, editable=False),
        ),
        migrations.AddIndex(
            model_name='structuralsignal',
            index=models.Index(fields=['regeling_rank', '-created_at', '-id'], name='signal_by_regeling'),
        ),
        migrations.AddIndex(
            model_name='structuralsignal',
            index=models.Index(fields=['status', 'regeling_rank', '-created_at', '-id'], name='signal_by_status_regeling'),
        ),
        migrations.RunPython(rank_signals, migrations.RunPython.noop),
    ]
