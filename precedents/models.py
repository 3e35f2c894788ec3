"""How a decision relates to comparable earlier decisions (rechtsgelijkheid).

The precedent card itself lives on the case (``Case.precedent_*``): it is written with the
decision, reviewed and approved with it. A *Comparison* is the professional's answer about
one earlier decision the app showed as similar: comparable, and the relevant difference is
…; or not comparable, because … . The answers are part of the motivation."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.models import TEXT_NOTE, TEXT_VALIDATORS


class Verdict(models.TextChoices):
    COMPARABLE = "vergelijkbaar", _("Vergelijkbaar — het relevante verschil is …")
    NOT_COMPARABLE = "niet_vergelijkbaar", _("Niet vergelijkbaar, omdat …")


class Comparison(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="comparisons")
    # The earlier decision. It may be deleted after its retention period; its reference stays.
    other = models.ForeignKey("cases.Case", on_delete=models.SET_NULL, null=True,
                              related_name="+")
    other_ref = models.CharField(max_length=20)
    verdict = models.CharField(_("vergelijkbaar?"), max_length=20, choices=Verdict.choices,
                               blank=True)
    reason = models.TextField(_("toelichting"), max_length=TEXT_NOTE, blank=True,
                              validators=TEXT_VALIDATORS)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["case", "other"],
                                               name="one_answer_per_earlier_decision")]

    def __str__(self):
        return f"{self.case_id} ~ {self.other_ref}"
