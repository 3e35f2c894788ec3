from django.contrib import admin

from .models import AccessLogEntry, RetentionRule


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(admin.ModelAdmin):
    """The logboek is append-only: readable by beheer, never changed."""

    list_display = ["at", "actor_name", "action", "case_ref", "purpose", "detail"]
    list_filter = ["action", "purpose"]
    search_fields = ["case_ref", "actor_name"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RetentionRule)
class RetentionRuleAdmin(admin.ModelAdmin):
    list_display = ["__str__", "years", "anonymise"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
