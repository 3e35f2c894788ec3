"""Domain rules of the walk, called by views, commands and tests alike.

The weighing shown back is in cases.weighing, costs in cases.costs, the decision record's
rules in cases.decision."""

import re
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cards.services import active_card_set

from .editing import upsert_versioned
from .models import (
    Answer,
    ArgumentWeight,
    Case,
    CostLine,
    Option,
    OptionKind,
    OwnArgument,
    OwnSignal,
    SignalMark,
    Weight,
)


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


def add_cost_line(option, **fields):
    """A cost, income or saving of ``option`` for one party (cases.models.CostLine)."""
    return CostLine.objects.create(case_id=option.case_id, option=option, **fields)


def add_own_argument(case, option, section_key, stance, text, weight=Weight.GEMIDDELD,
                     note="",
                     team_item=None):
    """An argument the professional adds for one option, theme and side."""
    return OwnArgument.objects.create(case=case, option=option, section_key=section_key,
                                      stance=stance, text=text, weight=weight, note=note,
                                      team_item=team_item)


def save_case(case, user, **values):
    """Change fields of the case row as ``user`` (commands, demo data, tests): the same
    merge, rules and history as an edit in the walk."""
    from .decision import save_case_row

    return save_case_row(case.pk, Case.objects.get(pk=case.pk).version, values, user=user)


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


PROGRESS_SQL = """
    SELECT
      EXISTS (SELECT 1 FROM {signalmark} WHERE case_id = %s AND marked),
      EXISTS (SELECT 1 FROM {ownsignal} WHERE case_id = %s),
      EXISTS (SELECT 1 FROM {answer} WHERE case_id = %s AND text <> ''),
      EXISTS (SELECT 1 FROM {option} WHERE case_id = %s AND NOT is_standard),
      EXISTS (SELECT 1 FROM {weight} WHERE case_id = %s AND weight IN ({weighed})),
      EXISTS (SELECT 1 FROM {ownargument} WHERE case_id = %s)
"""
PROGRESS_FLAGS = ("has_signal", "has_own_signal", "has_answer", "has_own_option", "has_weight",
                  "has_own_argument")


def attach_progress(case):
    """What is filled in per step, as flags on ``case``, in one small query of EXISTS tests
    that each stop at the first row. Written out because the ORM's annotations cost more to
    build and plan than to run: the case query with them took 4–5 ms per walk page, this one
    a fraction of a millisecond (docs/performance.md)."""
    weighed = list(Weight.weighed())
    sql = PROGRESS_SQL.format(
        signalmark=SignalMark._meta.db_table, ownsignal=OwnSignal._meta.db_table,
        answer=Answer._meta.db_table, option=Option._meta.db_table,
        weight=ArgumentWeight._meta.db_table, ownargument=OwnArgument._meta.db_table,
        weighed=", ".join(["%s"] * len(weighed)))
    with connection.cursor() as cursor:
        cursor.execute(sql, [case.pk] * 4 + [case.pk, *weighed, case.pk])
        row = cursor.fetchone()
    for name, value in zip(PROGRESS_FLAGS, row, strict=True):
        setattr(case, name, bool(value))
    return case


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
    """Where the user is and what is filled in. ``case`` has been through attach_progress()."""
    casus_fields = [case.request, case.standard_outcome, case.buikpijn, case.inwoner_ref]
    casus = "ingevuld" if all(casus_fields) else ("bezig" if any(casus_fields) else "leeg")
    signals = "ingevuld" if (case.has_signal or case.has_own_signal) else "leeg"
    explore = (
        "ingevuld" if case.has_answer and case.has_own_option
        else "bezig" if case.has_answer or case.has_own_option else "leeg"
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


# --- Loading what the walk pages need ------------------------------------------------------


def marks_by_item(case):
    return {m.item_id: m for m in SignalMark.objects.filter(case=case)}


def answers_by_cluster(case):
    return {a.cluster_id: a for a in Answer.objects.filter(case=case)}


# One word with a digit in it, as references are written: DOS-2026-0142, 12345, MW-000012.
REFERENCE_LIKE = re.compile(r"^[\w./-]*\d[\w./-]*$")


def reference_matches(queryset, query):
    """The cases whose inwoner reference (or own reference, MW-000012) is exactly ``query``,
    case-insensitive, through the index on UPPER(inwoner_ref); None when ``query`` does not
    look like a reference."""
    query = query.strip()
    if not REFERENCE_LIKE.match(query):
        return None
    own = re.fullmatch(r"(?i)MW-?0*(\d{1,9})", query)
    match = Q(inwoner_ref__iexact=query)
    if own:
        match |= Q(pk=int(own[1]))
    return queryset.filter(match)


def search_cases(queryset, query):
    """Search by title, reference and the case's texts.

    A word that looks like a reference and is one finds exactly those cases (an index
    lookup, whatever the number of cases). Otherwise, PostgreSQL: Dutch full-text search
    ("ontruimingen" finds "ontruiming") on the text vector stored per case (migration 0011:
    title, inwoner reference, request, buikpijn and standard outcome), tested on the rows of
    the user's teams that ``queryset`` holds.
    SQLite: every word must occur."""
    exact = reference_matches(queryset, query)
    if exact is not None and exact.exists():
        return exact
    if connection.vendor == "postgresql":
        from django.db.models import BooleanField
        from django.db.models.expressions import RawSQL

        table = Case._meta.db_table
        # The words are a parameter; the table name is the model's own.
        return queryset.filter(RawSQL(  # noqa: S611
            f"{table}.search_list @@ websearch_to_tsquery('dutch'::regconfig, %s)", [query],
            output_field=BooleanField()))
    for term in query.split()[:5]:
        queryset = queryset.filter(
            Q(title__icontains=term)
            | Q(request__icontains=term)
            | Q(buikpijn__icontains=term)
            | Q(standard_outcome__icontains=term)
            | Q(inwoner_ref__iexact=term)
        )
    return queryset
