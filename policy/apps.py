from django.apps import AppConfig


class PolicyConfig(AppConfig):
    """Beleid: what the decisions of teams say to policy (fixen → solven), aggregated."""

    name = "policy"
    verbose_name = "Beleid"

    def ready(self):
        from . import receivers  # noqa: F401 - a structural signal at approval
