"""Vergelijkbare besluiten: the decided cases most like this one, best first, with why.

Similarity is explained, never a hidden score: shared regelingen, shared signals, similar
texts (request, standard outcome, buikpijn), a chosen option of a kind this case also
considers. Each ingredient is one bounded query (a top-N by the database), so the panel's
query count does not grow with the number of cases:

* regelingen: decided cases sharing one (JSON containment on PostgreSQL; on SQLite the most
  recent decided cases are compared in Python);
* text: PostgreSQL's Dutch full-text ranking on a stored vector of request, standard outcome
  and buikpijn (its GIN index; the most recent 2 000 matches ranked), words of this case
  OR-ed; on SQLite word overlap with recent decided cases;
* signals: the candidates found above, counted by shared marked signals (one grouped query).

The panel never decides anything: it shows earlier decisions, their outcome and why they are
shown; the professional says whether one is comparable and what the relevant difference is.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Q, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cases.models import Case, Option, SignalMark, Status

CANDIDATES = 50  # per ingredient
SQLITE_WINDOW = 500  # SQLite fallback: the most recent decided cases compared in Python
TEXT_FIELDS = ("request", "standard_outcome", "buikpijn")
_WORD = re.compile(r"[^\W\d_]{5,}")
STOP = {"omdat", "wordt", "worden", "zijn", "hebben", "heeft", "maar", "door", "voor",
        "naar", "over", "deze", "dat", "niet", "kunnen", "moeten", "zou", "zouden", "haar",
        "hun", "waar", "wanneer", "welke", "andere", "onder", "tussen", "tegen", "zonder",
        "mevrouw", "meneer", "inwoner"}


@dataclass
class Similar:
    case: Case
    reasons: list = field(default_factory=list)
    score: float = 0.0
    own_team: bool = False
    decisive: list = field(default_factory=list)
    comparison: object = None
    different_outcome: bool = False
    form: object = None  # the answer form, set by the page that shows the panel


def _words(case):
    words = []
    for name in TEXT_FIELDS:
        for word in _WORD.findall((getattr(case, name) or "").lower()):
            if word not in STOP and word not in words:
                words.append(word)
    return words[:12]


def _decided(case):
    return Case.objects.filter(status=Status.BESLOTEN).exclude(pk=case.pk)


# Each ingredient is exactly one query, also when this case gives it nothing to match (then
# it matches no row): the page's query count does not depend on the data.
NOTHING = Q(pk=-1)


def _by_regeling(case, scores, reasons):
    ids = [int(i) for i in case.regeling_ids or []]
    if connection.vendor == "postgresql":
        query = Q() if ids else NOTHING
        for pk in ids:
            query |= Q(regeling_ids__contains=[pk])
        rows = _decided(case).filter(query).order_by("-decided_at").values_list(
            "pk", "regeling_ids")[:CANDIDATES]
    else:
        rows = _decided(case).filter(Q() if ids else NOTHING).order_by(
            "-decided_at").values_list("pk", "regeling_ids")[:SQLITE_WINDOW]
    for pk, theirs in rows:
        shared = len(set(ids) & {int(i) for i in theirs or []})
        if shared:
            scores[pk] += 3 * shared
            reasons[pk].append(ngettext("zelfde regeling", "%(n)d dezelfde regelingen",
                                        shared) % {"n": shared})


def _by_signals(case, scores, reasons):
    # Counted among the candidates the other ingredients found: one grouped query over at
    # most 2 × CANDIDATES cases, whatever the number of decisions.
    mine = SignalMark.objects.filter(case=case, marked=True).values("item_id")
    candidates = list(scores) or [-1]
    rows = (SignalMark.objects.filter(marked=True, item_id__in=Subquery(mine),
                                      case_id__in=candidates)
            .values("case_id").annotate(n=Count("pk")).order_by("-n"))
    for row in rows:
        scores[row["case_id"]] += row["n"]
        reasons[row["case_id"]].append(ngettext("%(n)d hetzelfde signaal",
                                                "%(n)d dezelfde signalen", row["n"])
                                       % {"n": row["n"]})


TEXT_SQL = """
SELECT id, ts_rank(search_dutch, query) AS rank
FROM (
  SELECT id, search_dutch FROM cases_case
  WHERE status = 'besloten' AND id <> %(pk)s
    AND search_dutch @@ websearch_to_tsquery('dutch', %(words)s)
  ORDER BY decided_at DESC
  LIMIT %(window)s
) recent, websearch_to_tsquery('dutch', %(words)s) query
ORDER BY rank DESC
LIMIT %(limit)s
"""
TEXT_WINDOW = 2_000  # the most recent matching decisions are ranked


def _by_text(case, scores, reasons):
    words = _words(case)
    if connection.vendor == "postgresql":
        # The stored vector (migration cases 0006) with its GIN index finds the matches; the
        # most recent TEXT_WINDOW of them are ranked, so the cost has a ceiling.
        with connection.cursor() as cursor:
            cursor.execute(TEXT_SQL, {"pk": case.pk, "words": " or ".join(words) or "-",
                                      "window": TEXT_WINDOW if words else 0,
                                      "limit": CANDIDATES})
            rows = cursor.fetchall()
    else:
        window = _decided(case).filter(Q() if words else NOTHING).order_by(
            "-decided_at").values_list("pk", *TEXT_FIELDS)[:SQLITE_WINDOW]
        mine = set(words)
        rows = []
        for pk, *texts in window:
            theirs = set(_WORD.findall(" ".join(t or "" for t in texts).lower()))
            if overlap := len(mine & theirs):
                rows.append((pk, overlap / len(mine)))
        rows = sorted(rows, key=lambda r: -r[1])[:CANDIDATES]
    for pk, rank in rows:
        scores[pk] += min(2.0, 2 * float(rank) * (10 if connection.vendor == "postgresql"
                                                  else 1))
        reasons[pk].append(_("lijkende beschrijving"))


def similar_decisions(case, user, limit=5):
    """The decided cases most like ``case``, best first: [Similar]. Cases of other teams
    come with their precedent card only (the template shows nothing else of them)."""
    scores, reasons = defaultdict(float), defaultdict(list)
    _by_regeling(case, scores, reasons)
    _by_text(case, scores, reasons)
    _by_signals(case, scores, reasons)
    kinds = set(Option.objects.filter(case=case).values_list("kind", flat=True))
    top = sorted(scores, key=lambda pk: -scores[pk])[:limit * 3]
    cases = {c.pk: c for c in Case.objects.filter(pk__in=top).select_related(
        "chosen_option", "card_set")}
    for pk, other in cases.items():
        if other.chosen_option and other.chosen_option.kind in kinds - {"standaard"}:
            scores[pk] += 1
            reasons[pk].append(_("zelfde soort optie"))
    ranked = sorted(cases, key=lambda pk: (-scores[pk], -cases[pk].decided_at.timestamp()
                                           if cases[pk].decided_at else 0))[:limit]
    team_ids = set(user.team_ids())
    from .models import Comparison

    answers = {c.other_id: c for c in Comparison.objects.filter(case=case, other_id__in=ranked)}
    found = []
    for pk in ranked:
        other = cases[pk]
        found.append(Similar(
            case=other, reasons=reasons[pk], score=scores[pk],
            own_team=other.team_id in team_ids, comparison=answers.get(pk),
            different_outcome=bool(case.outcome) and other.outcome != case.outcome))
    _add_decisive(found)
    return found


def _add_decisive(found):
    """The doorslaggevende argumenten of the own team's cases: their options, weights and own
    arguments in three queries for all of them together, so the panel's query count is the
    same for one own-team case as for five."""
    from cases.models import ArgumentWeight, OptionKind, OwnArgument
    from cases.weighing import arguments_of, decisive_and_against

    own = [item.case for item in found if item.own_team]
    ids = [c.pk for c in own] or [-1]
    options, weights, own_arguments = defaultdict(list), defaultdict(list), defaultdict(list)
    for option in Option.objects.filter(case_id__in=ids, kind=OptionKind.MAATWERK):
        options[option.case_id].append(option)
    for row in ArgumentWeight.objects.filter(case_id__in=ids):
        weights[row.case_id].append(row)
    for row in OwnArgument.objects.filter(case_id__in=ids):
        own_arguments[row.case_id].append(row)
    for item in found:
        if item.own_team:
            pk = item.case.pk
            arguments = arguments_of(item.case, options[pk], weights[pk], own_arguments[pk])
            decisive, _against = decisive_and_against(item.case, arguments)
            item.decisive = [a.text for a in decisive]
