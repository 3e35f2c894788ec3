from django.apps import AppConfig


class PrecedentsConfig(AppConfig):
    name = "precedents"
    verbose_name = "Vergelijkbare besluiten en precedenten"
