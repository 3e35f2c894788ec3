"""Four eyes: review by the teamleider, tegenspraak by colleagues, revisions.

*Tegenspraak*: the booklet asks professionals to seek advice and counter-argument from
colleagues; an AdviceRequest gives one named colleague access to one case.
A Revision is the frozen summary of a deliberation at approval; reopening a decided case
starts the next revision.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.models import TEXT_LONG, TEXT_NOTE, TEXT_VALIDATORS


class ReviewEvent(models.Model):
    class Kind(models.TextChoices):
        SUBMITTED = "aangeboden", _("Ter beoordeling aangeboden")
        RETURNED = "teruggestuurd", _("Teruggestuurd")
        APPROVED = "goedgekeurd", _("Goedgekeurd")
        REOPENED = "heropend", _("Heropend")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="review_events")
    revision = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    comment = models.TextField(max_length=TEXT_LONG, blank=True, validators=TEXT_VALIDATORS)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        permissions = [("review_decisions", "Mag besluiten van het eigen team beoordelen")]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.case_id})"


class AdviceRequest(models.Model):
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="advice_requests"
    )
    adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="advice_requests",
        verbose_name=_("collega"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    question = models.TextField(
        _("je vraag aan je collega"), max_length=TEXT_NOTE, blank=True, validators=TEXT_VALIDATORS
    )
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)
    # The adviser reads the case until the request ends: withdrawn by the requester, or the
    # case is decided (approved). An ended request gives no access, also after a reopening.
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(max_length=12, blank=True, choices=[
        ("ingetrokken", _("ingetrokken")), ("besloten", _("casus besloten"))])

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["case", "adviser"], name="unique_advice_request")
        ]

    def __str__(self):
        return f"{self.adviser} ({self.case_id})"


class Comment(models.Model):
    """Advice or a review remark, on the deliberation as a whole, one argument or one option;
    or an answer to such a comment (one level: answers are not answered)."""

    class Target(models.TextChoices):
        CASE = "case", _("De afweging als geheel")
        ARGUMENT = "argument", _("Een argument")
        OPTION = "option", _("Een optie")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="comments")
    revision = models.PositiveSmallIntegerField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    target = models.CharField(max_length=10, choices=Target.choices, default=Target.CASE)
    item = models.ForeignKey(
        "cards.Item", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    option = models.ForeignKey(
        "cases.Option", on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="answers",
        verbose_name=_("antwoord op"),
    )
    text = models.TextField(_("opmerking"), max_length=TEXT_LONG, validators=TEXT_VALIDATORS)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.text[:60]


class Revision(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveSmallIntegerField()
    snapshot = models.JSONField()
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField()

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="unique_revision")
        ]

    def __str__(self):
        return f"{self.case_id} r{self.number}"
