"""Logboek dataverwerkingen and retention (bewaartermijn).

The *logboek* records every read and export of a case's personal data — who, when, which
case (pseudonymous reference), what, why and with what result — as the AVG asks (the ZGW
audit trail records changes only; the AVG also asks who *looked*). It is append-only.
The *bewaartermijn* (retention period) is configurable per decision outcome.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(RuntimeError):
    pass


class AccessLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("The logboek is append-only.")

    def delete(self):
        raise AppendOnlyError("The logboek is append-only.")


class AccessLogEntry(models.Model):
    class Action(models.TextChoices):
        VIEW = "inzien", _("Casus ingezien")
        LIST = "lijst", _("Casus getoond in een lijst")
        EDIT = "wijzigen", _("Casus gewijzigd")
        EXPORT_PDF = "pdf", _("Verantwoording (PDF) gedownload")
        EXPORT_INZAGE = "inzage", _("Inzageverzoek geëxporteerd")
        PURGE = "bewaartermijn", _("Verwijderd of geanonimiseerd na bewaartermijn")
        DENIED = "geweigerd", _("Toegang geweigerd")
        TRANSFER = "zaaksysteem", _("Verantwoording naar het zaaksysteem")

    at = models.DateTimeField(_("tijdstip"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("wie"),
    )
    actor_name = models.CharField(_("naam"), max_length=150)
    action = models.CharField(_("handeling"), max_length=20, choices=Action.choices)
    case_id = models.BigIntegerField(_("casus (id)"), null=True, blank=True, db_index=True)
    case_ref = models.CharField(_("casusnummer"), max_length=20, blank=True)
    purpose = models.CharField(_("doel"), max_length=60, blank=True)
    detail = models.CharField(_("toelichting"), max_length=200, blank=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("logboekregel")
        verbose_name_plural = _("logboek dataverwerkingen")
        permissions = [
            ("view_logboek", "Mag het logboek dataverwerkingen lezen"),
            ("export_inzage", "Mag inzageverzoeken uitvoeren"),
            ("view_policy_insight", "Mag geaggregeerde signalen voor beleid zien"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.case_ref}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("The logboek is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The logboek is append-only.")


# The retention rule for a case that was never decided (a concept or a case under review),
# counted from its last change: an abandoned case is not kept forever.
ABANDONED = "onbesloten"


def _rule_choices():
    from cases.models import Outcome

    return [*Outcome.choices, (ABANDONED, _("Nooit besloten (verlaten casus)"))]


class RetentionRule(models.Model):
    """How long a case is kept: per outcome counted from the decision, and for a case that was
    never decided counted from its last change (``ABANDONED``)."""

    outcome = models.CharField(_("besluit"), max_length=10, unique=True, choices=_rule_choices)
    years = models.PositiveSmallIntegerField(_("bewaartermijn in jaren"))
    anonymise = models.BooleanField(
        _("anonimiseren in plaats van verwijderen"), default=True,
        help_text=_("Anonimiseren bewaart de afweging zonder persoonsgegevens, voor leren en "
                    "verantwoording; verwijderen haalt de hele casus weg."),
    )

    class Meta:
        ordering = ["outcome"]
        verbose_name = _("bewaartermijn")
        verbose_name_plural = _("bewaartermijnen")

    def __str__(self):
        return f"{self.get_outcome_display()}: {self.years} jaar"

