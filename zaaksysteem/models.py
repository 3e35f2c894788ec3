"""A transfer of one approved revision of a case to the zaaksysteem.

Every step's result (the zaak, the document, its link to the zaak, the besluit, its link to the
document) is stored as soon as the zaaksysteem answers, so a retry continues where the last
attempt stopped; before creating anything the transfer also looks it up by its own stable
identificatie, so a retry after a lost answer never creates a second document or besluit."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Transfer(models.Model):
    class Status(models.TextChoices):
        QUEUED = "wachtrij", _("In de wachtrij")
        SENT = "verzonden", _("Verzonden")
        FAILED = "mislukt", _("Mislukt")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="transfers",
                             verbose_name=_("casus"))
    revision = models.PositiveSmallIntegerField(_("herziening"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("aangevraagd door"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    next_attempt_at = models.DateTimeField(_("volgende poging"), null=True, blank=True)
    error = models.CharField(_("reden"), max_length=500, blank=True)
    zaak_url = models.URLField(_("zaak"), max_length=1000, blank=True)
    document_url = models.URLField(_("document"), max_length=1000, blank=True)
    zaakinformatieobject_url = models.URLField(_("koppeling zaak en document"), max_length=1000,
                                                blank=True)
    besluit_url = models.URLField(_("besluit"), max_length=1000, blank=True)
    besluitinformatieobject_url = models.URLField(_("koppeling besluit en document"),
                                                   max_length=1000, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("bijgewerkt op"), auto_now=True)
    sent_at = models.DateTimeField(_("verzonden op"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("verzending naar het zaaksysteem")
        verbose_name_plural = _("verzendingen naar het zaaksysteem")
        permissions = [("resend_transfer", "Mag een verzending opnieuw starten")]
        constraints = [models.UniqueConstraint(fields=["case", "revision"],
                                               name="one_transfer_per_revision")]

    def __str__(self):
        return f"{self.case.reference} r{self.revision}: {self.get_status_display()}"

    @property
    def identificatie(self):
        """Our own stable key for the document and the besluit of this revision."""
        return f"MAATWERK-{self.case_id}-{self.revision}"
