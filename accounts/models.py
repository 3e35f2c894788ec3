"""Users, teams and the team's frame.

*Team*: a team of uitvoerders (e.g. a wijkteam). Every case belongs to one team and is only
visible to that team (and to colleagues asked for advice on that one case).
*Teamkader* (the team's frame): the teamleider's answers to the *Vóór* questions of the
Vragenkaart, shown to casemanagers beside their deliberation.
"""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .roles import ROLE_LABELS


class Team(models.Model):
    name = models.CharField(_("naam"), max_length=100, unique=True)
    slug = models.SlugField(_("korte naam"), max_length=100, unique=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        permissions = [("edit_team_frame", "Mag het teamkader (Vóór-vragen) invullen")]

    def __str__(self):
        return self.name


class User(AbstractUser):
    """A professional using the app. Roles are groups (accounts.roles)."""

    teams = models.ManyToManyField(
        Team, related_name="members", blank=True, verbose_name=_("teams")
    )
    # The identity provider's subject ("sub") for a user who logs in through OpenID Connect;
    # empty for a local account. A login is matched on this, never on a name or an e-mail.
    oidc_subject = models.CharField(
        _("kenmerk bij de identity provider"), max_length=255, unique=True, null=True,
        blank=True, editable=False)

    # Role and team changes are audited (security checklist #14); no password hashes in history.
    history = HistoricalRecords(
        m2m_fields=["teams", "groups"],
        excluded_fields=["password", "last_login"],
    )

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")

    def __str__(self):
        return self.get_full_name() or self.username

    @property
    def display_name(self):
        return str(self)

    def has_role(self, role):
        return any(group.name == role for group in self.groups.all())

    def team_ids(self):
        """Ids of the user's teams, cached on the instance for the request."""
        if not hasattr(self, "_team_ids"):
            self._team_ids = list(self.teams.values_list("id", flat=True))
        return self._team_ids

    def is_teamleider_of(self, team_id):
        return team_id in self.team_ids() and self.has_perm("reviews.review_decisions")


class ClaimMapping(models.Model):
    """One value of the identity provider's groups claim, mapped to a role and/or a team.

    Functioneel beheer maintains this table. At every login through OpenID Connect the user's
    roles and teams are set from the rows matching the values in their claim: the identity
    provider is the source of truth, and a value without a row gives nothing."""

    claim_value = models.CharField(
        _("waarde in de groups-claim"), max_length=255, unique=True,
        help_text=_("Precies zoals de identity provider hem stuurt, bijvoorbeeld "
                    "'maatwerk-wijkteam-noord'."))
    role = models.CharField(_("rol"), max_length=30, blank=True, choices=list(ROLE_LABELS.items()))
    team = models.ForeignKey(Team, on_delete=models.CASCADE, null=True, blank=True,
                             related_name="claim_mappings", verbose_name=_("team"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["claim_value"]
        verbose_name = _("koppeling groep → rol/team")
        verbose_name_plural = _("koppelingen groep → rol/team")
        constraints = [models.CheckConstraint(
            condition=~models.Q(role="") | models.Q(team__isnull=False),
            name="claim_mapping_gives_something")]

    def __str__(self):
        return self.claim_value


# The Vóór cluster about oneself ("Wat is mijn uitgangspositie ten aanzien van maatwerk?"):
# each professional answers it for themselves; the teamleider answers the other Vóór
# clusters (the legal and the organisation's frame) for the team.
PERSONAL_FRAME_CLUSTERS = frozenset({"v03"})


def is_personal_question(question_key):
    return question_key.split(".")[0] in PERSONAL_FRAME_CLUSTERS


class TeamFrameAnswer(models.Model):
    """The teamleider's answer to one *Vóór* question of the Vragenkaart, for the team.

    Keyed by the question's stable key, so answers survive a new card-set version."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="frame_answers")
    question_key = models.CharField(_("vraag"), max_length=80)
    text = models.TextField(_("antwoord"), max_length=5000, blank=True)
    updated_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("bijgewerkt door"))
    updated_at = models.DateTimeField(_("bijgewerkt op"), auto_now=True)
    version = models.PositiveIntegerField(_("versie"), default=1)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["team", "question_key"], name="unique_frame_answer")
        ]
        verbose_name = _("antwoord teamkader")
        verbose_name_plural = _("antwoorden teamkader")

    def __str__(self):
        return f"{self.team}: {self.question_key}"


class PersonalFrameAnswer(models.Model):
    """A professional's own answer to one personal *Vóór* question ("mijn uitgangspositie"),
    answered once and shown to them beside every walk. Only they read and change it."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="frame_answers",
                             verbose_name=_("gebruiker"))
    question_key = models.CharField(_("vraag"), max_length=80)
    text = models.TextField(_("antwoord"), max_length=5000, blank=True)
    updated_at = models.DateTimeField(_("bijgewerkt op"), auto_now=True)
    version = models.PositiveIntegerField(_("versie"), default=1)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "question_key"],
                                    name="unique_personal_frame_answer")
        ]
        verbose_name = _("eigen antwoord vóór-vraag")
        verbose_name_plural = _("eigen antwoorden vóór-vragen")

    def __str__(self):
        return f"{self.user}: {self.question_key}"
