from django.apps import AppConfig


class PolicyConfig(AppConfig):
    """Beleid: what the decisions of teams say to policy (fixen → solven), aggregated."""

    name = "policy"
    verbose_name = "Beleid"
