"""Teaminzicht: the team's approved decisions, aggregated.

A *DecisionFact* is one approved decision, seen through one of its regelingen: a case with
two regelingen has two facts, of which one is marked ``is_first`` (case-level figures count
only those, so no case counts twice). Facts are written at approval (insight.receivers) and
replaced when a reopened case is approved again: they hold a case's standing decision. They
are a summary table, so that the figures for a team at a million cases are a few indexed
GROUP BYs instead of walks over JSON lists and review events.

Facts hold no text and no inwoner data; the casemanager is kept for the spread between
casemanagers, which only the team's own teamleider sees.
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.models import Effort, Need, Outcome, Reputation


class DecisionFact(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    revision = models.PositiveSmallIntegerField()
    team = models.ForeignKey("accounts.Team", on_delete=models.CASCADE, related_name="+")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                              related_name="+")
    regeling = models.ForeignKey("cases.Regeling", on_delete=models.CASCADE, null=True,
                                 related_name="+")
    is_first = models.BooleanField(default=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    created_at = models.DateTimeField()
    decided_at = models.DateTimeField()
    approved_at = models.DateTimeField()
    # Whole hours: portable to aggregate (an average of intervals is not, on SQLite).
    hours_to_decision = models.PositiveIntegerField()
    hours_to_approval = models.PositiveIntegerField()
    returns = models.PositiveSmallIntegerField(default=0)
    yearly_cost = models.DecimalField(max_digits=12, decimal_places=2, null=True)
    one_off_cost = models.DecimalField(max_digits=12, decimal_places=2, null=True)
    perceived_effort = models.CharField(max_length=10, choices=Effort.choices, blank=True)
    perceived_need = models.CharField(max_length=10, choices=Need.choices, blank=True)
    perceived_reputation = models.CharField(max_length=10, choices=Reputation.choices,
                                            blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "regeling"],
                                               name="one_fact_per_case_regeling")]
        indexes = [models.Index(fields=["team", "approved_at"], name="fact_team_time"),
                   models.Index(fields=["approved_at"], name="fact_time")]
        permissions = [("view_teaminzicht", "Mag teaminzicht zien (eigen team of, als "
                                            "beleidsmaker, alle teams zonder namen)")]

    def __str__(self):
        return f"{self.case_id}/{self.regeling_id}"


class RegelingBudget(models.Model):
    """What a team means to spend per year on the chosen options under one regeling; set by
    the teamleider, shown beside the yearly cost of the decisions (never a limit)."""

    team = models.ForeignKey("accounts.Team", on_delete=models.CASCADE, related_name="budgets")
    regeling = models.ForeignKey("cases.Regeling", on_delete=models.CASCADE, related_name="+",
                                 verbose_name=_("regeling"))
    amount = models.DecimalField(_("budget per jaar (€)"), max_digits=12, decimal_places=2,
                                 validators=[MinValueValidator(0)])
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["team", "regeling"],
                                               name="one_budget_per_team_regeling")]
        permissions = [("set_budget", "Mag het budget per regeling van het eigen team zetten")]

    def __str__(self):
        return f"{self.team} · {self.regeling}: {self.amount}"
