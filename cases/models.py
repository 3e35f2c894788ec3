"""A case (*casus*) and its deliberation (*afweging*).

A casemanager logs a case that gives them *buikpijn* — the professional's feeling that the
standard outcome would harm the inwoner (the citizen concerned) in a way the rule never
intended — and is walked through the cards: *Signalen* (signals marked on the Signalenkaart),
*Verkennen* (answers to the Vragenkaart's Tijdens questions, and the options with their
costs), *Afwegen* (the professional's own weights on the Argumentenkaart, per maatwerk option)
and *Besluit* (the decision and its motivation), then *Na het besluit*.

The app never decides: weights are the professional's own judgement and are shown back in
words (which arguments weighed how heavily), never added up or turned into an outcome.

Every editable row carries a ``version`` for optimistic locking (cases.editing) and a
history (django-simple-history) that feeds the Geschiedenis tab and conflict messages.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cards.models import Stance

from .validators import (
    validate_inwoner_ref,
    validate_no_bsn,
    validate_no_null_bytes,
    validate_zaak_reference,
)

TEXT_SHORT = 200
TEXT_NOTE = 2000
TEXT_LONG = 5000
TEXT_MOTIVATION = 10000
MAX_COST = Decimal("99999999.99")

TEXT_VALIDATORS = [validate_no_null_bytes, validate_no_bsn]
cost_validators = [MinValueValidator(Decimal("0")), MaxValueValidator(MAX_COST)]


class Regeling(models.Model):
    """A scheme or law a case touches (Participatiewet, Wmo, …); the list is kept by beheer."""

    name = models.CharField(_("naam"), max_length=100, unique=True)
    is_active = models.BooleanField(_("actief"), default=True)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("regeling")
        verbose_name_plural = _("regelingen")

    def __str__(self):
        return self.name


class Status(models.TextChoices):
    CONCEPT = "concept", _("Concept")
    TER_BEOORDELING = "ter_beoordeling", _("Ter beoordeling")
    BESLOTEN = "besloten", _("Besloten")


class Household(models.TextChoices):
    ALLEENSTAAND = "alleenstaand", _("Alleenstaand")
    ALLEENSTAANDE_OUDER = "alleenstaande_ouder", _("Alleenstaande ouder")
    PAAR = "paar", _("Samenwonend zonder kinderen")
    GEZIN = "gezin", _("Samenwonend met kinderen")
    ANDERS = "anders", _("Anders")


class AgeBracket(models.TextChoices):
    TOT_18 = "tot18", _("Jonger dan 18")
    JONG = "18-26", _("18 tot 27 jaar")
    MIDDEN = "27-44", _("27 tot 45 jaar")
    OUDER = "45-66", _("45 tot 67 jaar")
    AOW = "67plus", _("67 jaar of ouder")


class Effort(models.TextChoices):
    WEINIG = "weinig", _("Weinig inzet")
    GEMIDDELD = "gemiddeld", _("Gemiddelde inzet")
    VEEL = "veel", _("Veel inzet")
    ONBEKEND = "onbekend", _("Weet ik niet")


class Need(models.TextChoices):
    WEINIG = "weinig", _("Weinig hulpbehoevend")
    GEMIDDELD = "gemiddeld", _("Enigszins hulpbehoevend")
    VEEL = "veel", _("Zeer hulpbehoevend")
    ONBEKEND = "onbekend", _("Weet ik niet")


class Reputation(models.TextChoices):
    NEGATIEF = "negatief", _("Negatief")
    NEUTRAAL = "neutraal", _("Neutraal")
    POSITIEF = "positief", _("Positief")
    ONBEKEND = "onbekend", _("Weet ik niet")


class Outcome(models.TextChoices):
    MAATWERK = "maatwerk", _("Maatwerk toepassen")
    OP_MAAT = "op_maat", _("Dienstverlening op maat binnen de regels")
    GEEN = "geen", _("Geen maatwerk")


class Heard(models.TextChoices):
    """Was the inwoner heard before the decision (zienswijze, Awb art. 4:8)?"""

    JA = "ja", _("Ja, de inwoner heeft zijn of haar kant verteld")
    NEE = "nee", _("Nee")


class LegalGround(models.TextChoices):
    HARDHEIDSCLAUSULE = "hardheidsclausule", _("Hardheidsclausule in de wet of regeling")
    BIJZONDERE_OMSTANDIGHEDEN = "4:84", _(
        "Bijzondere omstandigheden bij een beleidsregel (artikel 4:84 Awb)"
    )
    ABBB = "abbb", _("Algemene beginselen van behoorlijk bestuur (zoals evenredigheid)")
    EIGEN_REGEL = "eigen_regel", _("Afwijking van een eigen werkafspraak of procedure")
    ANDERS = "anders", _("Andere grond (licht toe in de motivering)")


class Structural(models.TextChoices):
    NEE = "fixen", _("Nee, dit speelt alleen in deze casus (fixen)")
    JA = "solven", _("Ja, dit is ook een structureel probleem (solven)")
    ONBEKEND = "onbekend", _("Weet ik nog niet")


class EvaluationResult(models.TextChoices):
    WERKT = "werkt", _("De gekozen optie werkt")
    DEELS = "deels", _("De gekozen optie werkt deels")
    WERKT_NIET = "werkt_niet", _("De gekozen optie werkt niet")


class CaseQuerySet(models.QuerySet):
    def for_user(self, user):
        """The one team-scoped entry point for reading cases (security checklist #11).

        A user sees the cases of their own teams, and a case they were asked to advise on."""
        if not user.is_authenticated:
            return self.none()
        from reviews.models import AdviceRequest

        # An adviser reads the case until the request ends (withdrawn, or the case decided).
        advised = AdviceRequest.objects.filter(case=OuterRef("pk"), adviser=user,
                                               ended_at=None)
        return self.filter(Q(team_id__in=user.team_ids()) | Q(Exists(advised)))

    def of_team(self, user):
        """Only the cases of the user's own teams (not the advised ones)."""
        return self.filter(team_id__in=user.team_ids())


class Case(models.Model):
    """A citizen case and its deliberation. Holds no BSN, only a pseudonymous reference."""

    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="cases")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="cases",
        verbose_name=_("casemanager"),
    )
    card_set = models.ForeignKey(
        "cards.CardSet", on_delete=models.PROTECT, related_name="cases",
        verbose_name=_("kaartenset"),
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.CONCEPT, db_index=True
    )
    revision = models.PositiveSmallIntegerField(_("herziening"), default=1)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # 1. Casus
    title = models.CharField(
        _("titel"), max_length=TEXT_SHORT, validators=TEXT_VALIDATORS,
        help_text=_("Een korte werktitel, zonder naam of BSN van de inwoner."),
    )
    inwoner_ref = models.CharField(
        _("inwonerreferentie"), max_length=40, blank=True, db_index=True,
        validators=[validate_inwoner_ref],
        help_text=_("Een pseudoniem kenmerk uit je eigen systeem, zoals een dossiernummer. "
                    "Nooit een BSN."),
    )
    zaak_reference = models.CharField(
        _("zaak in het zaaksysteem"), max_length=1000, blank=True,
        validators=[validate_zaak_reference],
        help_text=_("Het zaaknummer of de URL van de zaak, zoals je die in het zaaksysteem "
                    "ziet. Na goedkeuring gaat de verantwoording naar die zaak."),
    )
    household = models.CharField(
        _("huishouden"), max_length=30, choices=Household.choices, blank=True
    )
    age_bracket = models.CharField(
        _("leeftijd"), max_length=10, choices=AgeBracket.choices, blank=True
    )
    regeling_ids = models.JSONField(_("regelingen"), default=list, blank=True)
    request = models.TextField(
        _("vraag van de inwoner"), max_length=TEXT_LONG, blank=True,
        validators=TEXT_VALIDATORS,
    )
    standard_outcome = models.TextField(
        _("standaarduitkomst"), max_length=TEXT_LONG, blank=True,
        validators=TEXT_VALIDATORS,
        help_text=_("Wat zou de standaardprocedure opleveren?"),
    )
    buikpijn = models.TextField(
        _("buikpijn"), max_length=TEXT_LONG, blank=True, validators=TEXT_VALIDATORS,
        help_text=_("Waar krijg je buikpijn van? Zeg het in je eigen woorden."),
    )
    deadline = models.DateField(_("uiterste datum"), null=True, blank=True, db_index=True)

    # 4. Afwegen: "Toets je mensbeeld"
    perceived_effort = models.CharField(
        _("inzet van de inwoner"), max_length=10, choices=Effort.choices, blank=True
    )
    perceived_need = models.CharField(
        _("hulpbehoevendheid"), max_length=10, choices=Need.choices, blank=True
    )
    perceived_reputation = models.CharField(
        _("reputatie"), max_length=10, choices=Reputation.choices, blank=True
    )
    mensbeeld_reflection = models.TextField(
        _("zou je hetzelfde besluiten als je beeld anders was?"), max_length=TEXT_NOTE,
        blank=True, validators=TEXT_VALIDATORS,
    )

    # 5. Besluit
    outcome = models.CharField(_("besluit"), max_length=10, choices=Outcome.choices, blank=True)
    chosen_option = models.ForeignKey(
        "Option", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("gekozen optie"),
    )
    motivation = models.TextField(
        _("feiten en belangen"), max_length=TEXT_MOTIVATION, blank=True,
        validators=TEXT_VALIDATORS,
    )
    proportionality = models.TextField(
        _("evenredigheid"), max_length=TEXT_MOTIVATION, blank=True,
        validators=TEXT_VALIDATORS,
    )
    deviated_rule = models.CharField(
        _("regel waarvan je afwijkt"), max_length=300, blank=True,
        validators=TEXT_VALIDATORS,
    )
    legal_ground = models.CharField(
        _("grond voor de afwijking"), max_length=20, choices=LegalGround.choices, blank=True
    )
    legal_ground_article = models.CharField(
        _("artikel"), max_length=200, blank=True, validators=TEXT_VALIDATORS,
        help_text=_("Bij een hardheidsclausule: welk artikel, van welke wet of regeling?"),
    )
    # The arguments that tipped the decision (Awb art. 3:46): "w<ArgumentWeight id>" for an
    # argument of the card, "o<OwnArgument id>" for an own argument. Checked on recording.
    decisive_keys = models.JSONField(_("doorslaggevende argumenten"), default=list, blank=True)
    decisive_reasoning = models.TextField(
        _("waarom die argumenten zwaarder wegen"), max_length=TEXT_MOTIVATION, blank=True,
        validators=TEXT_VALIDATORS,
    )
    inwoner_heard = models.CharField(
        _("inwoner gehoord"), max_length=3, choices=Heard.choices, blank=True
    )
    inwoner_view = models.TextField(
        _("zienswijze van de inwoner"), max_length=TEXT_LONG, blank=True,
        validators=TEXT_VALIDATORS,
    )
    # No longer asked (the app computes no lean to decide against); old values stay in history.
    against_weighing = models.TextField(
        _("besloten tegen de weging in (niet meer gevraagd)"), max_length=TEXT_LONG,
        blank=True, validators=TEXT_VALIDATORS,
    )
    structural = models.CharField(
        _("is dit een structureel probleem?"), max_length=10, choices=Structural.choices,
        blank=True,
    )
    structural_description = models.TextField(
        _("beschrijving voor beleidsmakers"), max_length=TEXT_LONG, blank=True,
        validators=TEXT_VALIDATORS,
    )
    inform = models.TextField(
        _("wie moet je informeren?"), max_length=TEXT_NOTE, blank=True,
        validators=TEXT_VALIDATORS,
    )
    evaluation_date = models.DateField(_("evaluatiedatum"), null=True, blank=True)
    # The precedent card (casuïstiek): a short anonymous account of the decision, reviewed and
    # approved with it; approved cards form the organisation's precedent register.
    precedent_situation = models.TextField(
        _("situatie"), max_length=TEXT_NOTE, blank=True, validators=TEXT_VALIDATORS)
    precedent_question = models.TextField(
        _("vraag"), max_length=TEXT_NOTE, blank=True, validators=TEXT_VALIDATORS)
    precedent_decision = models.TextField(
        _("besluit"), max_length=TEXT_NOTE, blank=True, validators=TEXT_VALIDATORS)
    precedent_decisive = models.TextField(
        _("wat gaf de doorslag"), max_length=TEXT_NOTE, blank=True, validators=TEXT_VALIDATORS)
    decided_at = models.DateTimeField(_("besluit vastgelegd op"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("besluit vastgelegd door"),
    )

    # 6. Na het besluit
    evaluation_result = models.CharField(
        _("werkt de gekozen optie?"), max_length=12, choices=EvaluationResult.choices,
        blank=True,
    )
    evaluation_note = models.TextField(
        _("toelichting op de evaluatie"), max_length=TEXT_LONG, blank=True,
        validators=TEXT_VALIDATORS,
    )

    # Retention (privacy.retention): set when the personal data was removed.
    anonymised_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("casus")
        verbose_name_plural = _("casussen")
        permissions = [("work_on_cases", "Mag casussen aanmaken en afwegen")]
        indexes = [
            models.Index(fields=["team", "status", "deadline"], name="case_team_status_deadline"),
            models.Index(fields=["owner", "status"], name="case_owner_status"),
            models.Index(fields=["team", "-updated_at"], name="case_team_updated"),
            models.Index(fields=["owner", "-updated_at"], name="case_owner_updated"),
            # Search by reference (cases.services.reference_matches): an exact, case-blind
            # lookup instead of the full-text plan.
            models.Index(Upper("inwoner_ref"), name="case_inwoner_ref_upper"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return self.step_url("casus")

    def step_url(self, step):
        return reverse("cases:step", kwargs={"pk": self.pk, "step": step})

    @property
    def reference(self):
        """Pseudonymous case reference used in documents and the logboek."""
        return f"MW-{self.pk:06d}"

    @property
    def is_editable(self):
        return self.status == Status.CONCEPT and self.anonymised_at is None

    @property
    def is_decided(self):
        return self.decided_at is not None


class VersionedChild(models.Model):
    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True


class SignalMark(VersionedChild):
    """A signal of the Signalenkaart that rang for this case, with what the professional saw."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="signal_marks")
    item = models.ForeignKey("cards.Item", on_delete=models.PROTECT, related_name="+")
    marked = models.BooleanField(default=False)
    note = models.TextField(
        _("wat zag of hoorde je?"), max_length=TEXT_NOTE, blank=True,
        validators=TEXT_VALIDATORS,
    )

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "item"], name="unique_signal_mark")
        ]

    def __str__(self):
        return f"{self.case_id}: {self.item_id}"


class Answer(VersionedChild):
    """The professional's answer to one question cluster of the Vragenkaart."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="answers")
    cluster = models.ForeignKey("cards.Cluster", on_delete=models.PROTECT, related_name="+")
    text = models.TextField(
        _("antwoord"), max_length=TEXT_LONG, blank=True, validators=TEXT_VALIDATORS
    )

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "cluster"], name="unique_answer")
        ]

    def __str__(self):
        return self.text[:60]


class OptionKind(models.TextChoices):
    STANDAARD = "standaard", _("Standaard")
    OP_MAAT = "op_maat", _("Op maat binnen de regels")
    MAATWERK = "maatwerk", _("Maatwerk: afwijking van regels")


class RuleType(models.TextChoices):
    ORGANISATIE = "organisatie", _("Regel of procedure van de eigen organisatie")
    WET = "wet", _("Wet- of regelgeving")


class CostBearer(models.TextChoices):
    EIGEN = "eigen", _("Eigen organisatie")
    ANDERE = "andere", _("Andere organisatie")
    INWONER = "inwoner", _("Inwoner")


class CostPeriod(models.TextChoices):
    EENMALIG = "eenmalig", _("Eenmalig")
    PER_JAAR = "per_jaar", _("Per jaar")


class CostDirection(models.TextChoices):
    KOSTEN = "kosten", _("Kosten")
    OPBRENGST = "opbrengst", _("Opbrengst of besparing")


class Option(VersionedChild):
    """A way from the current to the desired situation. Option 1 is always the standard
    procedure."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="options")
    order = models.PositiveSmallIntegerField()
    is_standard = models.BooleanField(default=False)
    title = models.CharField(
        _("titel"), max_length=TEXT_SHORT, validators=TEXT_VALIDATORS
    )
    description = models.TextField(
        _("omschrijving"), max_length=TEXT_LONG, blank=True, validators=TEXT_VALIDATORS
    )
    kind = models.CharField(
        _("soort"), max_length=10, choices=OptionKind.choices, default=OptionKind.MAATWERK
    )
    deviated_rule = models.CharField(
        _("van welke regel wijk je af?"), max_length=300, blank=True,
        validators=TEXT_VALIDATORS,
    )
    rule_type = models.CharField(
        _("soort regel"), max_length=12, choices=RuleType.choices, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["order"]

    def __str__(self):
        return f"{self.order}. {self.title}"

    @property
    def comment_target(self):
        """How a comment names this option (reviews: "option:<id>")."""
        return f"option:{self.pk}"

    def lines(self):
        """The option's cost lines (prefetch ``cost_lines`` for a list of options)."""
        return list(self.cost_lines.all())

    def net(self, period, party=None):
        """Net cost (costs minus income and savings) of one period, for one party or all.
        A negative net is a saving."""
        return sum((line.signed for line in self.lines()
                    if line.period == period and (party is None or line.party == party)),
                   Decimal(0))

    def cumulative_cost(self, years, party=None):
        """Net cost over ``years`` years: one-off lines once, yearly lines each year."""
        return self.net(CostPeriod.EENMALIG, party) + self.net(CostPeriod.PER_JAAR, party) * years


class CostLine(models.Model):
    """One cost, income or saving of an option, for one party: options often cost one
    party and save another (issue 16). Amounts are entered as positive numbers; the
    direction says which way the money goes."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="cost_lines")
    option = models.ForeignKey(Option, on_delete=models.CASCADE, related_name="cost_lines")
    direction = models.CharField(_("kosten of opbrengst"), max_length=10,
                                 choices=CostDirection.choices, default=CostDirection.KOSTEN)
    period = models.CharField(_("eenmalig of per jaar"), max_length=10,
                              choices=CostPeriod.choices, default=CostPeriod.EENMALIG)
    party = models.CharField(_("voor wie"), max_length=10, choices=CostBearer.choices,
                             default=CostBearer.EIGEN)
    amount = models.DecimalField(_("bedrag (€)"), max_digits=10, decimal_places=2,
                                 validators=cost_validators)
    description = models.CharField(_("waarvoor"), max_length=200, blank=True,
                                   validators=TEXT_VALIDATORS)

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("kostenregel")
        verbose_name_plural = _("kostenregels")

    def __str__(self):
        return f"{self.get_direction_display()} {self.amount} ({self.get_party_display()})"

    @property
    def signed(self):
        """The amount as a net cost: income and savings count negative."""
        return self.amount if self.direction == CostDirection.KOSTEN else -self.amount


class Weight(models.TextChoices):
    """The professional's own weight for an argument. An argument starts *niet bekeken*;
    *n.v.t.* is a choice. Weights are words, never numbers: nothing adds them up."""

    NIET_BEKEKEN = "", _("niet bekeken")
    NVT = "nvt", _("n.v.t.")
    LICHT = "licht", _("licht")
    GEMIDDELD = "gemiddeld", _("gemiddeld")
    ZWAAR = "zwaar", _("zwaar")

    @classmethod
    def weighed(cls):
        """Heaviest first: how the weighing is shown back."""
        return [cls.ZWAAR, cls.GEMIDDELD, cls.LICHT]


class ArgumentWeight(VersionedChild):
    """The professional's weight for one argument of the Argumentenkaart, for one option."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="weights")
    option = models.ForeignKey(Option, on_delete=models.CASCADE, related_name="weights")
    item = models.ForeignKey("cards.Item", on_delete=models.PROTECT, related_name="+")
    weight = models.CharField(_("gewicht"), max_length=10, choices=Weight.choices, blank=True,
                              default=Weight.NIET_BEKEKEN)
    note = models.TextField(
        _("waarom hier?"), max_length=TEXT_NOTE, blank=True, validators=TEXT_VALIDATORS
    )

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["option", "item"], name="unique_argument_weight")
        ]

    def __str__(self):
        return f"{self.option_id}: {self.item_id} {self.weight}"


class OwnSignal(VersionedChild):
    """A signal the professional adds for this case (or takes from the team's additions).
    Always shown as an own addition, apart from the booklet's sentences."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="own_signals")
    section_key = models.CharField(max_length=40)
    text = models.CharField(_("signaal"), max_length=300, validators=TEXT_VALIDATORS)
    note = models.TextField(
        _("wat zag of hoorde je?"), max_length=TEXT_NOTE, blank=True,
        validators=TEXT_VALIDATORS,
    )
    team_item = models.ForeignKey(
        "cards.TeamItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.text


class OwnArgument(VersionedChild):
    """An argument the professional adds, per option, theme and stance."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="own_arguments")
    option = models.ForeignKey(Option, on_delete=models.CASCADE, related_name="own_arguments")
    section_key = models.CharField(max_length=40)
    stance = models.CharField(max_length=5, choices=Stance.choices)
    text = models.CharField(_("argument"), max_length=300, validators=TEXT_VALIDATORS)
    weight = models.CharField(_("gewicht"), max_length=10, choices=Weight.choices,
                              default=Weight.GEMIDDELD)
    note = models.TextField(
        _("waarom hier?"), max_length=TEXT_NOTE, blank=True, validators=TEXT_VALIDATORS
    )
    team_item = models.ForeignKey(
        "cards.TeamItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.text


class PdfExport(models.Model):
    """The verantwoording as rendered for one content of the deliberation (issue 18): kept so
    that the next download, the teamleider's, or the zaaksysteem's does not render it again.
    ``key`` is a hash of everything the PDF shows (cases.pdf_cache.content_key); a change to
    the case makes a new key, and the old PDF is dropped when the new one is made."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="pdf_exports")
    # The SHA-256 digest as bytes: as 64 hex characters it was text, and a run of nine digits
    # in it could pass the BSN check (cases.bsn_guard) and refuse the save.
    key = models.BinaryField(max_length=32)
    pdf = models.BinaryField()
    made_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "key"],
                                               name="unique_pdf_per_content")]
        verbose_name = _("verantwoording (PDF)")
        verbose_name_plural = _("verantwoordingen (PDF)")

    def __str__(self):
        return f"{self.case_id}: {bytes(self.key).hex()[:12]}"
