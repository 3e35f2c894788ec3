from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import Team, TeamFrameAnswer, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin, SimpleHistoryAdmin):
    list_display = ["username", "first_name", "last_name", "is_active", "role_list", "team_list"]
    list_filter = ["is_active", "groups", "teams"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets[:2],
        (_("Rollen en teams"), {"fields": ["is_active", "is_staff", "groups", "teams"]}),
        (_("Belangrijke datums"), {"fields": ["last_login", "date_joined"]}),
    ]
    readonly_fields = ["last_login", "date_joined"]
    filter_horizontal = ["groups", "teams"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups", "teams")

    @admin.display(description=_("rollen"))
    def role_list(self, obj):
        return ", ".join(g.name for g in obj.groups.all())

    @admin.display(description=_("teams"))
    def team_list(self, obj):
        return ", ".join(t.name for t in obj.teams.all())


@admin.register(Team)
class TeamAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(TeamFrameAnswer)
class TeamFrameAnswerAdmin(SimpleHistoryAdmin):
    list_display = ["team", "question_key", "updated_by", "updated_at"]
    list_filter = ["team"]
    readonly_fields = ["updated_by", "updated_at", "version"]

    def has_add_permission(self, request):
        return False
