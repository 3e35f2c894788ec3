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

from .ranks import NO_REGELING_RANK


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
    # The place of the signal's regeling in the list of regelingen (order, name), kept here
    # so that the beleidsmaker's list, grouped by regeling, is one index scan at any number
    # of signals (a sort on a joined table cannot use an index). Kept by save() and, when
    # beheer reorders, renames, adds or removes a regeling, by policy.ranks.
    regeling_rank = models.PositiveSmallIntegerField(default=NO_REGELING_RANK, editable=False)

    history = HistoricalRecords(excluded_fields=["description", "regeling_rank"])

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["case", "revision"],
                                               name="one_signal_per_revision")]
        indexes = [
            models.Index(fields=["regeling_rank", "-created_at", "-id"], name="signal_by_regeling"),
            models.Index(fields=["status", "regeling_rank", "-created_at", "-id"],
                         name="signal_by_status_regeling"),
            # The beleidsmaker's home: the latest open signals, newest first.
            models.Index(fields=["-created_at", "-id"], name="signal_newest"),
        ]
        permissions = [("handle_signals", "Mag structurele signalen oppakken en beantwoorden")]
        verbose_name = _("structureel signaal")
        verbose_name_plural = _("structurele signalen")

    def __str__(self):
        return f"{self.get_status_display()} ({self.case_id})"

    def save(self, *args, **kwargs):
        from .ranks import rank_of

        self.regeling_rank = rank_of(self.regeling_id)
        fields = kwargs.get("update_fields")
        if fields is not None and {"regeling", "regeling_id"} & set(fields):
            kwargs["update_fields"] = {*fields, "regeling_rank"}
        super().save(*args, **kwargs)

    @property
    def answered(self):
        return self.status in ANSWERED


# --- The beleidsvraag: a policy question worked through a beleidsmakers' Vragenkaart ---------


class QuestionCard(models.TextChoices):
    BELEID = "vragen_beleid", _("Vragenkaart beleid")
    MAATWERK = "vragen_maatwerk", _("Vragenkaart maatwerk")


class QuestionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    AANGEPAST = "aangepast", _("Beleid aangepast")
    NIET_AANGEPAST = "niet_aangepast", _("Afgerond zonder aanpassing")


class PolicyQuestion(models.Model):
    """A beleidsvraag: one structural problem (often raised by several signals) worked
    through the Vragenkaart beleid or the Vragenkaart maatwerk, with signals and precedents
    linked. When it ends in a change, the teams concerned see it in their Vóór frame and the
    casemanagers whose signals it answers see it with their signal."""

    title = models.CharField(_("beleidsvraag"), max_length=200, validators=TEXT_VALIDATORS)
    card_kind = models.CharField(_("vragenkaart"), max_length=20, choices=QuestionCard.choices)
    card_set = models.ForeignKey("cards.CardSet", on_delete=models.PROTECT,
                                 related_name="policy_questions")
    regeling = models.ForeignKey("cases.Regeling", on_delete=models.SET_NULL, null=True,
                                 blank=True, related_name="+", verbose_name=_("regeling"))
    teams = models.ManyToManyField("accounts.Team", blank=True, related_name="policy_questions",
                                   verbose_name=_("teams die het aangaat"))
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                              related_name="policy_questions", verbose_name=_("beleidsmaker"))
    status = models.CharField(_("status"), max_length=20, choices=QuestionStatus.choices,
                              default=QuestionStatus.OPEN, db_index=True)
    effective_from = models.DateField(_("aangepast per"), null=True, blank=True)
    outcome = models.TextField(_("uitkomst"), max_length=TEXT_LONG, blank=True,
                               validators=TEXT_VALIDATORS)
    closed_at = models.DateTimeField(_("afgerond op"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  null=True, blank=True, related_name="+",
                                  verbose_name=_("afgerond door"))
    signals = models.ManyToManyField(StructuralSignal, blank=True,
                                     related_name="policy_questions")
    precedents = models.ManyToManyField("cases.Case", blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        permissions = [("work_on_policy_questions", "Mag beleidsvragen uitwerken")]
        verbose_name = _("beleidsvraag")
        verbose_name_plural = _("beleidsvragen")

    def __str__(self):
        return self.title

    @property
    def is_open(self):
        return self.status == QuestionStatus.OPEN

    @property
    def changed_policy(self):
        return self.status == QuestionStatus.AANGEPAST


class PolicyAnswer(models.Model):
    """The answer to one question cluster of the beleidsvraag's card."""

    question = models.ForeignKey(PolicyQuestion, on_delete=models.CASCADE,
                                 related_name="answers")
    cluster = models.ForeignKey("cards.Cluster", on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("antwoord"), max_length=TEXT_LONG, blank=True,
                            validators=TEXT_VALIDATORS)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["question", "cluster"],
                                               name="one_answer_per_policy_cluster")]
        verbose_name = _("antwoord bij een beleidsvraag")
        verbose_name_plural = _("antwoorden bij beleidsvragen")

    def __str__(self):
        return f"{self.question_id}: {self.cluster_id}"
