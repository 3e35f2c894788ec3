from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightConfig(AppConfig):
    name = "insight"
    verbose_name = _("Teaminzicht")

    def ready(self):
        from . import receivers  # noqa: F401 - records a fact at every approval
