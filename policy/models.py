"""Solven with a reply: a structural problem a casemanager raised with an approved decision,
taken up by a beleidsmaker, who answers.

A StructuralSignal is made at approval (policy.receivers) from the decision's structural
description, so a beleidsmaker only ever reads the text of an approved decision, as it was
approved. The casemanager who raised it sees its status and the reply on the case and on
their home page.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.models import TEXT_LONG, TEXT_VALIDATORS


class SignalStatus(models.TextChoices):
    NIEUW = "nieuw", _("Nieuw")
    IN_BEHANDELING = "in_behandeling", _("In behandeling")
    OVERGENOMEN = "overgenomen", _("Overgenomen")
    NIET_OVERGENOMEN = "niet_overgenomen", _("Niet overgenomen")


ANSWERED = (SignalStatus.OVERGENOMEN, SignalStatus.NIET_OVERGENOMEN)


class StructuralSignal(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE,
                             related_name="structural_signals")
    revision = models.PositiveSmallIntegerField()
    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="+")
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="raised_signals")
    description = models.TextField(_("beschrijving"), max_length=TEXT_LONG)
    regeling = models.ForeignKey("cases.Regeling", on_delete=models.SET_NULL, null=True,
                                 blank=True, related_name="+", verbose_name=_("regeling"))
    status = models.CharField(_("status"), max_length=20, choices=SignalStatus.choices,
                              default=SignalStatus.NIEUW, db_index=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                              blank=True, related_name="owned_signals",
                              verbose_name=_("beleidsmaker"))
    reply = models.TextField(_("antwoord aan de casemanager"), max_length=TEXT_LONG,
                             blank=True, validators=TEXT_VALIDATORS)
    replied_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords(excluded_fields=["description"])

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["case", "revision"],
                                               name="one_signal_per_revision")]
        permissions = [("handle_signals", "Mag structurele signalen oppakken en beantwoorden")]
        verbose_name = _("structureel signaal")
        verbose_name_plural = _("structurele signalen")

    def __str__(self):
        return f"{self.get_status_display()} ({self.case_id})"

    @property
    def answered(self):
        return self.status in ANSWERED
