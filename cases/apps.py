from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "Casussen"

    def ready(self):
        from . import bsn_guard, signals  # noqa: F401

        bsn_guard.connect()
