"""The figures of teaminzicht, aggregated in SQL over DecisionFact (a constant number of
queries whatever the number of cases), and the small-cell suppression of the mensbeeld.

Scope: a teamleider sees their own teams, with the casemanagers' names in the spread; a
beleidsmaker sees all teams, the spread per team, and no person at all.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from statistics import median

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models import Avg, Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from accounts.models import Team, User
from cases.models import (
    Case,
    CostBearer,
    CostPeriod,
    Effort,
    Need,
    Outcome,
    Regeling,
    Reputation,
    Status,
)
from reviews.models import ReviewEvent

from .models import DecisionFact, RegelingBudget

SMALL_CELL = 5
OUTCOMES = [Outcome.MAATWERK, Outcome.OP_MAAT, Outcome.GEEN]


def outcome_labels():
    """The outcomes' names, in the order of every figure's columns."""
    return [outcome.label for outcome in OUTCOMES]


# --- Recording ------------------------------------------------------------------------------

def _hours(start, end):
    return max(0, int((end - start).total_seconds() // 3600))


def _own_net(option, period):
    if option is None:
        return None
    if not hasattr(option, "lines"):  # a migration's Option, from before cost lines
        return getattr(option, "yearly_cost" if period == CostPeriod.PER_JAAR
                       else "one_off_cost", None)
    if not option.lines():
        return None
    return option.net(period, CostBearer.EIGEN)


def facts_for(case, approved_at, returns, fact_model=DecisionFact):
    """The facts of one approved decision (unsaved): one per regeling, the first marked."""
    option = case.chosen_option
    regelingen = list(case.regeling_ids or []) or [None]
    decided_at = case.decided_at or approved_at
    return [fact_model(
        case_id=case.pk, revision=case.revision, team_id=case.team_id, owner_id=case.owner_id,
        regeling_id=regeling, is_first=index == 0, outcome=case.outcome,
        created_at=case.created_at, decided_at=decided_at, approved_at=approved_at,
        hours_to_decision=_hours(case.created_at, decided_at),
        hours_to_approval=_hours(case.created_at, approved_at),
        returns=returns,
        # The budget of a regeling is the organisation's own: its net cost, after income
        # and savings, from the chosen option's cost lines (None when it has none).
        yearly_cost=_own_net(option, CostPeriod.PER_JAAR),
        one_off_cost=_own_net(option, CostPeriod.EENMALIG),
        perceived_effort=case.perceived_effort, perceived_need=case.perceived_need,
        perceived_reputation=case.perceived_reputation,
    ) for index, regeling in enumerate(dict.fromkeys(regelingen))]


@transaction.atomic
def record_decision(case):
    """Called at approval: the case's standing decision replaces its earlier facts."""
    case = (Case.objects.select_related("chosen_option")
            .prefetch_related("chosen_option__cost_lines").get(pk=case.pk))
    events = ReviewEvent.objects.filter(case=case, revision=case.revision)
    approved = events.filter(kind=ReviewEvent.Kind.APPROVED).order_by("-created_at").first()
    returns = events.filter(kind=ReviewEvent.Kind.RETURNED).count()
    DecisionFact.objects.filter(case=case).delete()
    existing = {r for r in Regeling.objects.filter(pk__in=case.regeling_ids or [])
                .values_list("pk", flat=True)}
    case.regeling_ids = [pk for pk in case.regeling_ids or [] if pk in existing]
    DecisionFact.objects.bulk_create(
        facts_for(case, approved.created_at if approved else timezone.now(), returns))


def backfill(batch=2000, models=None):
    """Facts for every approved case that has none yet (the data migration, and after a
    bulk load). Keyset paging on id: memory stays flat at any number of cases. A migration
    passes its historical models (Case, ReviewEvent, DecisionFact, Regeling)."""
    Case_, Event, Fact, Regeling_ = models or (Case, ReviewEvent, DecisionFact, Regeling)
    regelingen = set(Regeling_.objects.values_list("pk", flat=True))
    last, made = 0, 0
    while True:
        cases = (Case_.objects.filter(status=Status.BESLOTEN, pk__gt=last)
                 .exclude(decided_at=None).exclude(outcome="")
                 .select_related("chosen_option").order_by("pk"))
        if models is None:
            cases = cases.prefetch_related("chosen_option__cost_lines")
        cases = list(cases[:batch])
        if not cases:
            return made
        last = cases[-1].pk
        ids = [c.pk for c in cases]
        done = set(Fact.objects.filter(case_id__in=ids).values_list("case_id", flat=True))
        approved, returns = {}, {}
        for case_id, revision, kind, at in (Event.objects.filter(case_id__in=ids)
                                            .values_list("case_id", "revision", "kind",
                                                         "created_at")):
            approved.setdefault(case_id, {})
            if kind == ReviewEvent.Kind.APPROVED:
                approved[case_id][revision] = max(at, approved[case_id].get(revision, at))
            elif kind == ReviewEvent.Kind.RETURNED:
                returns[(case_id, revision)] = returns.get((case_id, revision), 0) + 1
        facts = []
        for case in cases:
            at = approved.get(case.pk, {}).get(case.revision)
            if case.pk in done or at is None:
                continue
            case.regeling_ids = [pk for pk in case.regeling_ids or [] if pk in regelingen]
            facts += facts_for(case, at, returns.get((case.pk, case.revision), 0), Fact)
        Fact.objects.bulk_create(facts, batch_size=batch)
        made += len({f.case_id for f in facts})


# --- Scope and filters ----------------------------------------------------------------------

@dataclass
class Scope:
    team_ids: list | None  # None: all teams
    personal: bool  # casemanagers by name (the own teamleider only)


def scope_for(user):
    if user.has_perm("reviews.review_decisions"):
        return Scope(team_ids=user.team_ids(), personal=True)
    return Scope(team_ids=None, personal=False)


@dataclass
class Filters:
    start: date
    end: date
    regeling: Regeling | None = None

    @classmethod
    def default(cls):
        today = timezone.localdate()
        return cls(start=today.replace(year=today.year - 1) + timedelta(days=1), end=today)

    def bounds(self):
        tz = timezone.get_current_timezone()
        return (datetime.combine(self.start, time.min, tz),
                datetime.combine(self.end + timedelta(days=1), time.min, tz))


def _facts(scope, filters, per_regeling=False):
    """The facts in scope and period. Case-level figures take one fact per case (the first,
    or the one of the chosen regeling); per-regeling figures take all."""
    start, end = filters.bounds()
    facts = DecisionFact.objects.filter(approved_at__gte=start, approved_at__lt=end)
    if scope.team_ids is not None:
        facts = facts.filter(team_id__in=scope.team_ids)
    if filters.regeling:
        return facts.filter(regeling=filters.regeling)
    return facts if per_regeling else facts.filter(is_first=True)


def _measures():
    """What every row of figures counts: decisions, per outcome, how many were sent back,
    the average lead times and the yearly cost of the chosen options."""
    return {"n": Count("pk"),
            **{o.value: Count("pk", filter=Q(outcome=o.value)) for o in OUTCOMES},
            "returned": Count("pk", filter=Q(returns__gt=0)),
            "to_decision": Avg("hours_to_decision"), "to_approval": Avg("hours_to_approval"),
            "yearly_cost": Sum("yearly_cost")}


def _days(hours):
    return None if hours is None else round(Decimal(hours) / 24, 1)


# --- The figures ----------------------------------------------------------------------------

@dataclass
class Insight:
    scope: Scope
    filters: Filters
    totals: dict = field(default_factory=dict)
    by_regeling: list = field(default_factory=list)
    months: list = field(default_factory=list)
    spread: list = field(default_factory=list)
    mensbeeld: list = field(default_factory=list)
    spread_summary: list = field(default_factory=list)
    counted_at: datetime | None = None  # set when the figures came from the cache


# Figures over all teams that are kept (``kept``), by name: what the background worker may
# count again. Each takes the key's arguments as strings.
KEPT = {
    "teaminzicht": "insight.services.all_teams_insight",
    "signalen-voor-beleid": "policy.services.policy_insight",
}


KEEP_FOR = 24 * 3600


def _kept_key(name, args, language):
    return ":".join([name, *args, language])


def _count(name, args):
    from django.utils.module_loading import import_string

    return import_string(KEPT[name])(*args)


def _count_and_keep(name, args, language):
    with translation.override(language):
        found = (_count(name, args), timezone.now())
    # Kept for a day: past the max age it is still shown, with its time, while the worker
    # counts it again (``kept``); unused for a day, it is counted in the request.
    caches["insight"].set(_kept_key(name, args, language), found, KEEP_FOR)
    return found


@task()
def recount(name, args, language):
    """The background worker counts kept figures again before they are too old to show."""
    if name in KEPT:
        _count_and_keep(name, [str(a) for a in args], language)


def kept(name, *args):
    """The figures ``KEPT[name](*args)``, counted at most once per
    settings.MAATWERK_INSIGHT_MAX_AGE seconds and kept in the "insight" cache that every web
    worker shares: (value, counted_at). For figures over all teams, which at a million cases
    aggregate some 300 000 decisions (issue 18). Older than the max age, the kept figures are
    still shown (with their time) while the background worker counts them again, so only
    the first view after a start, a purge or a day unused waits for the count. counted_at
    is None when they were counted for this request only (a max age of 0)."""
    args = [str(a) for a in args]
    max_age = settings.MAATWERK_INSIGHT_MAX_AGE
    if not max_age:
        return _count(name, args), None
    language = translation.get_language()
    key = _kept_key(name, args, language)
    cache = caches["insight"]
    found = cache.get(key)
    if found is None:
        return _count_and_keep(name, args, language)
    if timezone.now() - found[1] > timedelta(seconds=max_age) and cache.add(
            key + ":recount", True, max_age):  # one recount per key at a time
        recount.enqueue(name, args, language)
    return found


def all_teams_insight(start, end, regeling_id=""):
    """Teaminzicht over all teams (a beleidsmaker's) for a period, as ``kept`` counts it."""
    regeling = Regeling.objects.filter(pk=regeling_id).first() if regeling_id else None
    return team_insight(Scope(team_ids=None, personal=False),
                        Filters(date.fromisoformat(start), date.fromisoformat(end), regeling))


def insight_for(scope, filters):
    """The figures a user sees. A team's own are counted at each request (a few indexed
    GROUP BYs over the team's facts); those over all teams, a beleidsmaker's, are kept a
    while (``kept``) and the page says when they were counted."""
    if scope.team_ids is not None:
        return team_insight(scope, filters)
    data, data.counted_at = kept("teaminzicht", filters.start.isoformat(),
                                 filters.end.isoformat(),
                                 filters.regeling.pk if filters.regeling else "")
    return data


def team_insight(scope, filters):
    regeling_names = dict(Regeling.objects.values_list("pk", "name"))
    regeling_names[None] = str(_("Geen regeling"))
    facts = _facts(scope, filters)
    totals = facts.aggregate(**_measures())
    totals.update(counts=[totals[o.value] for o in OUTCOMES],
                  to_decision=_days(totals["to_decision"]),
                  to_approval=_days(totals["to_approval"]),
                  return_rate=_share(totals["returned"], totals["n"]))
    spread = _spread(scope, filters, regeling_names)
    return Insight(
        scope=scope, filters=filters, totals=totals,
        by_regeling=_by_regeling(scope, filters, regeling_names),
        months=_months(facts, filters), spread=spread, spread_summary=spread_summary(spread),
        mensbeeld=mensbeeld(facts))


def _share(part, whole):
    return round(100 * part / whole) if whole else None


def _by_regeling(scope, filters, names):
    rows = (_facts(scope, filters, per_regeling=True).values("regeling_id")
            .annotate(**_measures()).order_by())
    budgets = RegelingBudget.objects.all()
    if scope.team_ids is not None:
        budgets = budgets.filter(team_id__in=scope.team_ids)
    if filters.regeling:
        budgets = budgets.filter(regeling=filters.regeling)
    budget_by = {r["regeling_id"]: r["total"] for r in
                 budgets.values("regeling_id").annotate(total=Sum("amount")).order_by()}
    # The period's yearly cost against a year's budget: scale the budget to the period.
    years = Decimal((filters.end - filters.start).days + 1) / Decimal("365.25")
    result = []
    for row in rows:
        budget = budget_by.pop(row["regeling_id"], None)
        result.append(_regeling_row(row, names, budget, years))
    for regeling_id, budget in budget_by.items():  # a budget, no decisions yet
        result.append(_regeling_row({"regeling_id": regeling_id, "n": 0, "returned": 0,
                                     "to_decision": None, "to_approval": None,
                                     "yearly_cost": None, **dict.fromkeys(Outcome.values, 0)},
                                    names, budget, years))
    return sorted(result, key=lambda r: (-r["n"], r["name"]))


def _regeling_row(row, names, budget, years):
    period_budget = (budget * years).quantize(Decimal("1")) if budget is not None else None
    cost = Decimal(row["yearly_cost"] or 0).quantize(Decimal("0.01"))
    return {
        "regeling_id": row["regeling_id"], "name": names.get(row["regeling_id"], "?"),
        "n": row["n"], "counts": [row[o.value] for o in OUTCOMES],
        "maatwerk_share": _share(row[Outcome.MAATWERK.value], row["n"]),
        "returned": row["returned"], "return_rate": _share(row["returned"], row["n"]),
        "to_decision": _days(row["to_decision"]), "to_approval": _days(row["to_approval"]),
        "yearly_cost": cost, "budget": budget, "period_budget": period_budget,
        "budget_share": _share(cost, period_budget) if period_budget else None,
    }


def _months(facts, filters):
    counted = {}
    for row in (facts.annotate(month=TruncMonth("approved_at")).values("month", "outcome")
                .annotate(n=Count("pk")).order_by()):
        month = row["month"]
        month = month.date() if isinstance(month, datetime) else month
        counted.setdefault(month.replace(day=1), {})[row["outcome"]] = row["n"]
    months, current = [], filters.start.replace(day=1)
    while current <= filters.end:
        counts = counted.get(current, {})
        months.append({"month": current, "counts": [counts.get(o.value, 0) for o in OUTCOMES],
                       "n": sum(counts.values())})
        current = (current + timedelta(days=32)).replace(day=1)
    return months


def _spread(scope, filters, names):
    """The share of maatwerk per regeling per casemanager (a teamleider's own team) or per
    team (a beleidsmaker): for the team to talk about, never a ranking."""
    by = "owner_id" if scope.personal else "team_id"
    rows = list(_facts(scope, filters, per_regeling=True).values(by, "regeling_id")
                .annotate(n=Count("pk"), maatwerk=Count("pk", filter=Q(outcome=Outcome.MAATWERK)))
                .order_by())
    ids = {row[by] for row in rows}
    who = ({u.pk: str(u) for u in User.objects.filter(pk__in=ids)} if scope.personal
           else dict(Team.objects.filter(pk__in=ids).values_list("pk", "name")))
    result = [{"who": who.get(row[by], "?"), "regeling": names.get(row["regeling_id"], "?"),
               "n": row["n"], "maatwerk": row["maatwerk"],
               "share": _share(row["maatwerk"], row["n"])} for row in rows]
    return sorted(result, key=lambda r: (r["regeling"], r["who"]))


def spread_summary(spread):
    """Per regeling, how far apart the shares of maatwerk lie: the lowest, the median and
    the highest share among those (teams or casemanagers) with at least SMALL_CELL
    decisions under it; a share of one or two decisions says nothing. With hundreds of
    teams this is what a beleidsmaker reads; the rows behind it are paged and in the CSV."""
    by_regeling = {}
    for row in spread:
        by_regeling.setdefault(row["regeling"], []).append(row)
    summary = []
    for regeling, rows in sorted(by_regeling.items()):
        shares = sorted(r["share"] for r in rows if r["n"] >= SMALL_CELL)
        summary.append({
            "regeling": regeling, "who": len(rows), "n": sum(r["n"] for r in rows),
            "counted": len(shares), "lowest": shares[0] if shares else None,
            "median": round(median(shares)) if shares else None,
            "highest": shares[-1] if shares else None})
    return summary


# --- Mensbeeld naast uitkomst ---------------------------------------------------------------

MENSBEELD = [
    ("perceived_effort", _("Ingeschatte inzet"), Effort),
    ("perceived_need", _("Ingeschatte hulpbehoevendheid"), Need),
    ("perceived_reputation", _("Reputatie"), Reputation),
]


def mensbeeld(facts):
    """For each of the three perceptions a table of level × outcome, counted in one query,
    with small cells suppressed (see ``suppress``)."""
    counts = {}
    for row in (facts.values("outcome", "perceived_effort", "perceived_need",
                             "perceived_reputation").annotate(n=Count("pk")).order_by()):
        for name, _label, _choices in MENSBEELD:
            key = (name, row[name] or "", row["outcome"])
            counts[key] = counts.get(key, 0) + row["n"]
    tables = []
    for name, label, choices in MENSBEELD:
        levels = [(value, str(text)) for value, text in choices.choices] + [
            ("", str(_("Niet ingevuld")))]
        grid = [[counts.get((name, value, o.value), 0) for o in OUTCOMES] for value, _t in levels]
        shown = suppress(grid)
        rows = []
        for (_value, text), cells in zip(levels, shown, strict=True):
            complete = all(cell is not None for cell in cells)
            total = sum(cells) if complete else None
            rows.append({"level": text, "cells": cells, "total": total,
                         "shares": [_share(c, total) for c in cells] if complete else None})
        tables.append({"name": name, "label": label, "rows": rows})
    return tables


def suppress(grid, threshold=SMALL_CELL):
    """Small-cell suppression: a count from 1 to threshold-1 is not shown (None). Then
    complementary suppression: a row or column with exactly one hidden cell hides its
    smallest other cell too, so that no hidden count can be worked out from the totals
    shown elsewhere (the outcome totals, the number of decisions)."""
    hidden = [[0 < cell < threshold for cell in row] for row in grid]
    changed = True
    while changed:
        changed = False
        lines = [[(r, c) for c in range(len(grid[0]))] for r in range(len(grid))]
        lines += [[(r, c) for r in range(len(grid))] for c in range(len(grid[0]))]
        for line in lines:
            flagged = [(r, c) for r, c in line if hidden[r][c]]
            others = [(grid[r][c], r, c) for r, c in line if not hidden[r][c]]
            if len(flagged) == 1 and others:
                _n, r, c = min(others)
                hidden[r][c] = True
                changed = True
    return [[None if hidden[r][c] else cell for c, cell in enumerate(row)]
            for r, row in enumerate(grid)]
