from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from cases.bsn_guard import NoBsnAdminMixin

from .models import ClaimMapping, Team, TeamFrameAnswer, User


@admin.register(User)
class UserAdmin(NoBsnAdminMixin, DjangoUserAdmin, SimpleHistoryAdmin):
    list_display = ["username", "first_name", "last_name", "is_active", "role_list", "team_list"]
    list_filter = ["is_active", "groups", "teams"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets[:2],
        (_("Rollen en teams"), {"fields": ["is_active", "is_staff", "groups", "teams"]}),
        (_("Belangrijke datums"), {"fields": ["last_login", "date_joined"]}),
        (_("Inloggen via de organisatie"), {"fields": ["oidc_subject"]}),
    ]
    readonly_fields = ["last_login", "date_joined", "oidc_subject"]
    filter_horizontal = ["groups", "teams"]
    # What a beheerder may not change on their own account: another beheerder does that,
    # so nobody gives themselves a role (and every case of a team) unseen.
    OWN_LOCKED = ["is_active", "is_staff", "groups", "teams"]

    def has_change_permission(self, request, obj=None):
        # A superuser account (its password included) is changed by a superuser only.
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.pk == request.user.pk and not request.user.is_superuser:
            fields += self.OWN_LOCKED
        return fields

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups", "teams")

    @admin.display(description=_("rollen"))
    def role_list(self, obj):
        return ", ".join(g.name for g in obj.groups.all())

    @admin.display(description=_("teams"))
    def team_list(self, obj):
        return ", ".join(t.name for t in obj.teams.all())


@admin.register(Team)
class TeamAdmin(NoBsnAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(TeamFrameAnswer)
class TeamFrameAnswerAdmin(NoBsnAdminMixin, SimpleHistoryAdmin):
    list_display = ["team", "question_key", "updated_by", "updated_at"]
    list_filter = ["team"]
    readonly_fields = ["updated_by", "updated_at", "version"]

    def has_add_permission(self, request):
        return False


@admin.register(ClaimMapping)
class ClaimMappingAdmin(NoBsnAdminMixin, SimpleHistoryAdmin):
    """Which value of the identity provider's groups claim gives which role and team."""

    list_display = ["claim_value", "role", "team"]
    list_filter = ["role", "team"]
    search_fields = ["claim_value"]
