"""Roles are groups with permissions; this module is their single definition.

``sync_roles`` runs after every ``migrate`` so that every environment (production included)
has the same four groups with the same permissions.
"""

from django.contrib.auth.management import create_permissions
from django.utils.translation import gettext_lazy as _

CASEMANAGER = "casemanager"
TEAMLEIDER = "teamleider"
BELEIDSMAKER = "beleidsmaker"
BEHEERDER = "beheerder"

ROLE_LABELS = {
    CASEMANAGER: _("Casemanager"),
    TEAMLEIDER: _("Teamleider"),
    BELEIDSMAKER: _("Beleidsmaker"),
    BEHEERDER: _("Functioneel beheerder"),
}

ROLE_PERMISSIONS = {
    CASEMANAGER: ["cases.work_on_cases"],
    TEAMLEIDER: [
        "reviews.review_decisions",
        "accounts.edit_team_frame",
        "privacy.view_policy_insight",
        "insight.view_teaminzicht",
        "insight.set_budget",
    ],
    BELEIDSMAKER: ["privacy.view_policy_insight", "insight.view_teaminzicht",
                   "policy.handle_signals", "policy.work_on_policy_questions"],
    BEHEERDER: [
        "privacy.view_logboek",
        "privacy.export_inzage",
        "privacy.view_accesslogentry",
        "privacy.view_retentionrule",
        "privacy.change_retentionrule",
        "accounts.view_user",
        "accounts.add_user",
        "accounts.change_user",
        "accounts.view_team",
        "accounts.add_team",
        "accounts.change_team",
        "accounts.view_claimmapping",
        "accounts.add_claimmapping",
        "accounts.change_claimmapping",
        "accounts.delete_claimmapping",
        "zaaksysteem.view_transfer",
        "zaaksysteem.resend_transfer",
        "auth.view_group",
        "cases.view_regeling",
        "cases.add_regeling",
        "cases.change_regeling",
        "cards.view_cardset",
        "cards.view_teamitem",
        "cards.add_teamitem",
        "cards.change_teamitem",
        "cards.delete_teamitem",
    ],
}


def sync_roles(using="default"):
    from django.apps import apps
    from django.contrib.auth.models import Group, Permission

    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    for role, perms in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.using(using).get_or_create(name=role)
        wanted = []
        for perm in perms:
            app_label, codename = perm.split(".")
            wanted.append(
                Permission.objects.using(using).get(
                    content_type__app_label=app_label, codename=codename
                )
            )
        group.permissions.set(wanted)


def sync_roles_after_migrate(sender, using="default", plan=None, **kwargs):
    # post_migrate fires once per app; run after the last app so every permission exists.
    from django.apps import apps

    with_models = [a for a in apps.get_app_configs() if a.models_module is not None]
    if sender.name != with_models[-1].name:
        return
    sync_roles(using=using)
