"""Domain rules of the walk, called by views, commands and tests alike."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Count, Exists, Max, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cards.models import CardKind, Stance
from cards.services import active_card_set, card_view

from .editing import save_versioned, upsert_versioned
from .models import (
    WEIGHT_POINTS,
    Answer,
    ArgumentWeight,
    Case,
    Option,
    OptionKind,
    Outcome,
    OwnArgument,
    OwnSignal,
    SignalMark,
    Structural,
    Weight,
)

YEARS = range(1, 6)


class WalkError(ValueError):
    """A rule of the walk was not met; the message is shown to the user."""


# --- Permissions ---------------------------------------------------------------------------


def can_edit(user, case):
    """Casemanagers of the case's team edit a concept; decided cases are read-only."""
    return (
        case.is_editable
        and user.has_perm("cases.work_on_cases")
        and case.team_id in user.team_ids()
    )


def can_follow_up(user, case):
    """Na het besluit (execution, learning, evaluation) stays open after approval."""
    return (
        case.is_decided
        and case.anonymised_at is None
        and user.has_perm("cases.work_on_cases")
        and case.team_id in user.team_ids()
    )


# --- Creating ------------------------------------------------------------------------------


@transaction.atomic
def create_case(user, team, title, **fields):
    card_set = active_card_set()
    if card_set is None:
        raise WalkError(_("Er is geen kaartenset geladen. Vraag functioneel beheer om hulp."))
    case = Case.objects.create(owner=user, team=team, card_set=card_set, title=title, **fields)
    Option.objects.create(
        case=case, order=1, is_standard=True, kind=OptionKind.STANDAARD,
        title=_("Standaardprocedure"),
        description=fields.get("standard_outcome", ""),
    )
    return case


def add_option(case, **fields):
    """A new option after the existing ones (option 1 is always the standard procedure)."""
    order = (case.options.aggregate(top=Max("order"))["top"] or 0) + 1
    return Option.objects.create(case=case, order=order, **fields)


def add_own_signal(case, section_key, text, note="", team_item=None):
    """A signal the professional adds, apart from the booklet's sentences."""
    return OwnSignal.objects.create(case=case, section_key=section_key, text=text, note=note,
                                    team_item=team_item)


def add_own_argument(case, option, section_key, stance, text, weight=Weight.GEWICHT, note="",
                     team_item=None):
    """An argument the professional adds for one option, theme and side."""
    return OwnArgument.objects.create(case=case, option=option, section_key=section_key,
                                      stance=stance, text=text, weight=weight, note=note,
                                      team_item=team_item)


def save_case(case, user, **values):
    """Change fields of the case row as ``user`` (commands, demo data, tests): the same
    merge and history as an edit in the walk."""
    return save_versioned(Case.objects.all(), case.pk, Case.objects.get(pk=case.pk).version,
                          values, user=user)


def mark_signal(case, item, note="", *, marked=True, user=None):
    return upsert_versioned(SignalMark, {"case": case, "item": item}, 0,
                            {"marked": marked, "note": note}, user=user).obj


def weigh(case, option, item, weight, note="", *, user=None):
    """The professional's weight for one argument of the card, for one option."""
    row = ArgumentWeight.objects.filter(option=option, item=item).first()
    return upsert_versioned(ArgumentWeight, {"case": case, "option": option, "item": item},
                            row.version if row else 0, {"weight": weight, "note": note},
                            user=user).obj


def answer(case, cluster, text, *, user=None):
    row = Answer.objects.filter(case=case, cluster=cluster).first()
    return upsert_versioned(Answer, {"case": case, "cluster": cluster},
                            row.version if row else 0, {"text": text}, user=user).obj


# --- Progress ------------------------------------------------------------------------------

STEPS = [
    ("casus", gettext_lazy("Casus")),
    ("signalen", gettext_lazy("Signalen")),
    ("verkennen", gettext_lazy("Verkennen")),
    ("afwegen", gettext_lazy("Afwegen")),
    ("besluit", gettext_lazy("Besluit")),
    ("na", gettext_lazy("Na het besluit")),
]


def with_progress(queryset):
    """Annotate what is filled in per step, in the same single query."""
    return queryset.annotate(
        n_signals=Count("signal_marks", filter=Q(signal_marks__marked=True), distinct=True),
        has_own_signal=Exists(OwnSignal.objects.filter(case=OuterRef("pk"))),
        n_answers=Count("answers", filter=~Q(answers__text=""), distinct=True),
        n_options=Count("options", distinct=True),
        has_weight=Exists(
            ArgumentWeight.objects.filter(case=OuterRef("pk")).exclude(weight=Weight.NVT)
        ),
        has_own_argument=Exists(OwnArgument.objects.filter(case=OuterRef("pk"))),
    )


@dataclass
class StepState:
    key: str
    label: str
    state: str  # "leeg" | "bezig" | "ingevuld"
    available: bool = True

    @property
    def state_label(self):
        return {"leeg": _("nog leeg"), "bezig": _("begonnen"), "ingevuld": _("ingevuld")}[
            self.state
        ]


def step_states(case):
    """Where the user is and what is filled in. ``case`` comes from with_progress()."""
    casus_fields = [case.request, case.standard_outcome, case.buikpijn, case.inwoner_ref]
    casus = "ingevuld" if all(casus_fields) else ("bezig" if any(casus_fields) else "leeg")
    signals = "ingevuld" if (case.n_signals or case.has_own_signal) else "leeg"
    explore = (
        "ingevuld" if case.n_answers and case.n_options > 1
        else "bezig" if case.n_answers or case.n_options > 1 else "leeg"
    )
    weigh = "ingevuld" if (case.has_weight or case.has_own_argument) else "leeg"
    decision = "ingevuld" if case.decided_at else ("bezig" if case.outcome else "leeg")
    after = "ingevuld" if case.evaluation_result else "leeg"
    states = dict(zip([k for k, _label in STEPS],
                      [casus, signals, explore, weigh, decision, after], strict=True))
    return [
        StepState(key, label, states[key], available=(key != "na" or case.is_decided))
        for key, label in STEPS
    ]


# --- The weighing, drawn back as a picture -------------------------------------------------


@dataclass
class ThemeBalance:
    key: str
    title: str
    voor: int = 0
    tegen: int = 0
    voor_count: int = 0
    tegen_count: int = 0

    @property
    def tilt(self):
        """-1 (voor side heavier), 0, 1 (tegen side heavier): only for drawing."""
        return (self.tegen > self.voor) - (self.voor > self.tegen)

    @property
    def beam_angle(self):
        total = self.voor + self.tegen
        if not total:
            return 0
        return round(12 * (self.tegen - self.voor) / max(total, 6), 2)

    @property
    def is_empty(self):
        return not (self.voor_count or self.tegen_count)

    def beam_ends(self, cx=110, cy=52, half=78):
        """Beam end points for the SVG picture, tilted by beam_angle degrees."""
        import math

        angle = math.radians(self.beam_angle)
        dx, dy = half * math.cos(angle), half * math.sin(angle)
        return {"lx": round(cx - dx, 1), "ly": round(cy - dy, 1),
                "rx": round(cx + dx, 1), "ry": round(cy + dy, 1)}

    @property
    def ends(self):
        return self.beam_ends()


def weighing_picture(card_set, option, weights, own_arguments):
    """Per theme, the professional's own weights voor and tegen for one option.

    ``weights`` are this option's ArgumentWeight rows, ``own_arguments`` its OwnArgument rows.
    This is shown back as a picture; it is never turned into an outcome."""
    view = card_view(card_set, CardKind.ARGUMENTEN)
    themes = {s.key: ThemeBalance(s.key, s.title) for s in view.sections}
    stance_of = {}
    theme_of = {}
    for section in view.sections:
        for cluster in section.clusters.all():
            for item in cluster.items.all():
                stance_of[item.pk] = cluster.stance
                theme_of[item.pk] = section.key
    rows = [(theme_of.get(w.item_id), stance_of.get(w.item_id), w.weight) for w in weights
            if w.option_id == option.pk]
    rows += [(a.section_key, a.stance, a.weight) for a in own_arguments
             if a.option_id == option.pk]
    for theme_key, stance, weight in rows:
        points = WEIGHT_POINTS.get(weight, 0)
        if theme_key not in themes or not points:
            continue
        balance = themes[theme_key]
        if stance == Stance.VOOR:
            balance.voor += points
            balance.voor_count += 1
        else:
            balance.tegen += points
            balance.tegen_count += 1
    return list(themes.values())


def picture_leans(balances):
    """'voor', 'tegen' or None: which side the professional's own weights make heavier."""
    voor = sum(b.voor for b in balances)
    tegen = sum(b.tegen for b in balances)
    if voor == tegen:
        return None
    return Stance.VOOR if voor > tegen else Stance.TEGEN


def weighed_options(case):
    return [o for o in case.options.all() if o.kind == OptionKind.MAATWERK]


def decision_goes_against_picture(case, pictures):
    """True when the decision points the other way than the professional's own weighing.

    ``pictures`` maps option id → list of ThemeBalance. Used only to ask for an explanation
    ("besloten tegen de weging in, omdat…"); the app never decides."""
    if not case.outcome:
        return False
    leans = {option_id: picture_leans(balances) for option_id, balances in pictures.items()}
    if case.outcome == Outcome.MAATWERK:
        chosen = case.chosen_option_id
        if chosen in leans:
            return leans[chosen] == Stance.TEGEN
        return bool(leans) and all(lean == Stance.TEGEN for lean in leans.values())
    return any(lean == Stance.VOOR for lean in leans.values())


def pictures_for(case, options, weights, own_arguments):
    return {
        option.pk: weighing_picture(case.card_set, option, weights, own_arguments)
        for option in options
        if option.kind == OptionKind.MAATWERK
    }


def case_pictures(case):
    """The weighing picture of every maatwerk option of the case."""
    options = list(case.options.all())
    return pictures_for(case, options, weights_for(case),
                        list(OwnArgument.objects.filter(case=case)))


# --- Costs over the years ------------------------------------------------------------------


@dataclass
class CostComparison:
    options: list
    rows: list  # [(year, [cost per option])]
    crossings: list = field(default_factory=list)
    chart: dict = field(default_factory=dict)


def cost_comparison(options):
    """Cumulative cost per option over 1–5 years and where the lines cross."""
    costed = [o for o in options if o.one_off_cost is not None or o.yearly_cost is not None]
    rows = [(year, [o.cumulative_cost(year) for o in costed]) for year in YEARS]
    crossings = []
    for i, a in enumerate(costed):
        for b in costed[i + 1 :]:
            da = (a.one_off_cost or 0) - (b.one_off_cost or 0)
            dy = (b.yearly_cost or 0) - (a.yearly_cost or 0)
            if dy == 0:
                continue
            year = Decimal(da) / Decimal(dy)  # a(t) == b(t)
            if 0 < year <= 5:
                cheaper_after = a if (a.yearly_cost or 0) < (b.yearly_cost or 0) else b
                other = b if cheaper_after is a else a
                crossings.append({
                    "year": year.quantize(Decimal("0.1")),
                    "cheaper": cheaper_after,
                    "other": other,
                })
    return CostComparison(options=costed, rows=rows, crossings=crossings,
                          chart=_cost_chart(costed, rows))


def _cost_chart(options, rows, width=560, height=220, pad=84):
    """Geometry for a small SVG line chart (no JavaScript)."""
    if not options:
        return {}
    peak = max((max(costs) for _year, costs in rows), default=Decimal(0)) or Decimal(1)
    plot_w, plot_h = width - pad - 16, height - pad - 16

    def x(year):
        return round(pad + (year - 1) * plot_w / 4, 1)

    def y(value):
        return round(16 + plot_h - float(value) / float(peak) * plot_h, 1)

    lines = []
    for index, option in enumerate(options):
        points = " ".join(f"{x(year)},{y(costs[index])}" for year, costs in rows)
        lines.append({"option": option, "points": points, "style": index % 6})
    ticks = [{"x": x(year), "label": year} for year in YEARS]
    grid = [{"y": y(peak * f / 4), "label": peak * f / 4} for f in range(5)]
    return {"width": width, "height": height, "lines": lines, "ticks": ticks, "grid": grid,
            "left": pad, "bottom": 16 + plot_h, "right": width - 16}


# --- Recording the decision ----------------------------------------------------------------


def decision_problems(case):
    """What is still missing before the decision can be recorded (Dutch messages)."""
    against_picture = decision_goes_against_picture(case, case_pictures(case))
    problems = {}
    if not case.outcome:
        problems["outcome"] = _("Kies je besluit.")
    if not case.chosen_option_id:
        problems["chosen_option"] = _("Kies de optie die je uitvoert.")
    if not case.motivation.strip():
        problems["motivation"] = _("Beschrijf de feiten en belangen die je hebt gewogen.")
    if not case.proportionality.strip():
        problems["proportionality"] = _(
            "Leg uit waarom de uitkomst in verhouding staat tot het doel van de regel."
        )
    if case.outcome == Outcome.MAATWERK:
        if not case.deviated_rule.strip():
            problems["deviated_rule"] = _("Noem de regel waarvan je afwijkt.")
        if not case.legal_ground:
            problems["legal_ground"] = _("Kies de grond waarop je afwijkt.")
    if against_picture and not case.against_weighing.strip():
        problems["against_weighing"] = _(
            "Je besluit wijkt af van het beeld van je eigen weging. Leg kort uit waarom."
        )
    if case.structural == Structural.JA and not case.structural_description.strip():
        problems["structural_description"] = _(
            "Beschrijf het structurele probleem, zodat beleidsmakers ermee verder kunnen."
        )
    if case.outcome in (Outcome.MAATWERK, Outcome.OP_MAAT) and not case.evaluation_date:
        problems["evaluation_date"] = _("Kies een datum waarop je evalueert of het werkt.")
    return problems


@transaction.atomic
def record_decision(case, user):
    """Record the decision as this user's, when nothing is missing: returns the case and
    {field: what is missing}."""
    case = Case.objects.select_for_update().select_related("card_set").get(pk=case.pk)
    if not case.is_editable:
        raise WalkError(_("Dit besluit is al beoordeeld en kan niet meer wijzigen."))
    problems = decision_problems(case)
    if problems:
        return case, problems
    case.decided_at = timezone.now()
    case.decided_by = user
    case.version += 1
    case.save()
    return case, {}


# --- Loading what the walk pages need ------------------------------------------------------


def marks_by_item(case):
    return {m.item_id: m for m in SignalMark.objects.filter(case=case)}


def answers_by_cluster(case):
    return {a.cluster_id: a for a in Answer.objects.filter(case=case)}


def weights_for(case):
    return list(ArgumentWeight.objects.filter(case=case))



SEARCH_FIELDS = ["title", "inwoner_ref", "request", "buikpijn", "standard_outcome"]


def search_cases(queryset, query):
    """Search by title, reference and the case's texts.

    PostgreSQL: Dutch full-text search ("ontruimingen" finds "ontruiming"), served by the
    GIN index of migration 0002 on the same expression. SQLite: every word must occur."""
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        vector = SearchVector(*SEARCH_FIELDS, config="dutch")
        return queryset.annotate(search=vector).filter(
            search=SearchQuery(query, config="dutch", search_type="websearch"))
    for term in query.split()[:5]:
        queryset = queryset.filter(
            Q(title__icontains=term)
            | Q(request__icontains=term)
            | Q(buikpijn__icontains=term)
            | Q(standard_outcome__icontains=term)
            | Q(inwoner_ref__iexact=term)
        )
    return queryset
