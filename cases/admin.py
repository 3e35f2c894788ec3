from django.contrib import admin

from cases.bsn_guard import NoBsnAdminMixin

from .models import Regeling


@admin.register(Regeling)
class RegelingAdmin(NoBsnAdminMixin, admin.ModelAdmin):
    """The list of regelingen casemanagers choose from, kept by functioneel beheer.
    Regelingen are switched off, never deleted: old cases refer to them."""

    list_display = ["name", "is_active", "order"]
    list_editable = ["is_active", "order"]

    def has_delete_permission(self, request, obj=None):
        return False
