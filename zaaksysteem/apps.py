from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ZaaksysteemConfig(AppConfig):
    name = "zaaksysteem"
    verbose_name = _("Zaaksysteem")

    def ready(self):
        from . import checks, receivers  # noqa: F401 - deploy checks; approval signal
