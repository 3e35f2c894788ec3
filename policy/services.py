"""Aggregated signals for policy: totals, the signals that rang most, structural problems.
Never a single case, never an inwoner."""

from collections import Counter
from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone

from cards.models import CardKind
from cards.services import card_view
from cases.models import Case, Outcome, SignalMark, Status, Structural


def policy_insight(team_ids=None, since_days=365):
    since = timezone.now() - timedelta(days=since_days)
    cases = Case.objects.exclude(decided_at=None).filter(decided_at__gte=since)
    if team_ids is not None:
        cases = cases.filter(team_id__in=team_ids)
    totals = cases.aggregate(
        total=Count("pk"),
        maatwerk=Count("pk", filter=Q(outcome=Outcome.MAATWERK)),
        op_maat=Count("pk", filter=Q(outcome=Outcome.OP_MAAT)),
        geen=Count("pk", filter=Q(outcome=Outcome.GEEN)),
        structural=Count("pk", filter=Q(structural=Structural.JA)),
    )
    signal_counts = Counter(dict(
        SignalMark.objects.filter(case__in=cases, marked=True)
        .values_list("item_id").annotate(n=Count("case_id", distinct=True))
        .values_list("item_id", "n")
    ))
    # Texts only of approved decisions: a concept or a decision under review can still
    # change, and is not for policy yet.
    structural = list(
        cases.filter(structural=Structural.JA, status=Status.BESLOTEN)
        .exclude(structural_description="")
        .select_related("team").order_by("-decided_at")
        .values("pk", "decided_at", "team__name", "outcome", "regeling_ids",
                "structural_description")[:100]
    )
    return {"totals": totals, "signal_counts": signal_counts, "structural": structural}


def top_signals(card_set, counts, limit=10):
    view = card_view(card_set, CardKind.SIGNALEN)
    ranked = [(view.items_by_id[pk], n) for pk, n in counts.most_common() if pk in view.items_by_id]
    return ranked[:limit]
