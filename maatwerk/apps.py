"""Dutch names in beheer for third-party apps that have none (issue 16, item 5). Their
model and field names are translated in locale/nl (LOCALE_PATHS)."""

from axes.apps import AppConfig as AxesAppConfig
from django_tasks_db.apps import TasksAppConfig


class AxesConfig(AxesAppConfig):
    verbose_name = "Inlogbeveiliging"


class TasksConfig(TasksAppConfig):
    verbose_name = "Achtergrondtaken"
