from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import Transfer


@admin.register(Transfer)
class TransferAdmin(admin.ModelAdmin):
    """Functioneel beheer sees every transfer and can start one again (e.g. after fixing the
    zaaksysteem's set-up); the case itself stays visible to its team only."""

    list_display = ["__str__", "status", "attempts", "updated_at", "error"]
    list_filter = ["status"]
    actions = ["resend"]
    readonly_fields = [f.name for f in Transfer._meta.fields]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("case")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Opnieuw naar het zaaksysteem sturen"),
                  permissions=["resend"])
    def resend(self, request, queryset):
        count = 0
        for transfer in queryset.select_related("case"):
            if services.request_transfer(transfer.case, request.user, transfer.revision):
                count += 1
        messages.success(request, ngettext("%(n)d verzending staat in de wachtrij.",
                                           "%(n)d verzendingen staan in de wachtrij.", count)
                         % {"n": count})

    def has_resend_permission(self, request):
        return request.user.has_perm("zaaksysteem.resend_transfer")
