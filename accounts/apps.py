from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Gebruikers en teams"

    def ready(self):
        from . import roles, signals  # noqa: F401

        post_migrate.connect(roles.sync_roles_after_migrate, dispatch_uid="accounts.sync_roles")
