from django.contrib import admin

from cases.bsn_guard import NoBsnAdminMixin

from .models import CardSet, TeamItem


@admin.register(CardSet)
class CardSetAdmin(admin.ModelAdmin):
    """Card sets are imported (manage.py import_cards), never edited by hand."""

    list_display = ["version", "title", "is_active", "imported_at"]
    readonly_fields = [f.name for f in CardSet._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TeamItem)
class TeamItemAdmin(NoBsnAdminMixin, admin.ModelAdmin):
    list_display = ["text", "team", "kind", "section_key", "stance", "is_active"]
    list_filter = ["team", "kind", "is_active"]
