from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightConfig(AppConfig):
    name = "insight"
    verbose_name = _("Teaminzicht")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import receivers  # noqa: F401 - records a fact at every approval

        post_migrate.connect(make_cache_table, sender=self)


def make_cache_table(using="default", **kwargs):
    """migrate also makes the table of the figures' cache (settings.CACHES["insight"]), so
    that `manage.py migrate` stays the one set-up step; a no-op for other backends."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)
