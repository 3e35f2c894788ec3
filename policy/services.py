"""Aggregated signals for policy: totals, the signals that rang most, structural problems.
Never a single case, never an inwoner."""

from collections import Counter
from datetime import timedelta

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cards.models import CardKind
from cards.services import card_view
from cases.models import Case, Outcome, Regeling, SignalMark, Status, Structural
from maatwerk.paging import CappedCount

from .ranks import rank_of, rerank


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


# --- Solven with a reply --------------------------------------------------------------------

class SignalError(Exception):
    pass


def raise_signal(case):
    """At approval: a decision marked "also a structural problem" becomes a signal for
    beleidsmakers, with the text as approved."""
    from .models import StructuralSignal

    if case.structural != Structural.JA or not case.structural_description.strip():
        return None
    existing = set(Regeling.objects.filter(pk__in=case.regeling_ids or [])
                   .values_list("pk", flat=True))
    regelingen = [pk for pk in case.regeling_ids or [] if pk in existing]
    signal, _created = StructuralSignal.objects.update_or_create(
        case=case, revision=case.revision,
        defaults={"team_id": case.team_id, "raised_by_id": case.owner_id,
                  "description": case.structural_description,
                  "regeling_id": regelingen[0] if regelingen else None,
                  "created_at": timezone.now()})
    return signal


def signals_for_policy(status="", regeling=None):
    from .models import StructuralSignal

    signals = StructuralSignal.objects.select_related("team", "regeling", "owner")
    if status:
        signals = signals.filter(status=status)
    if regeling:
        # The rank too: the list's index then finds the regeling's signals in order.
        signals = signals.filter(regeling=regeling, regeling_rank=rank_of(regeling.pk))
    return signals.order_by("regeling_rank", "-created_at", "-pk")


@transaction.atomic
def handle_signal(signal, user, *, status, regeling, owner, reply, version):
    """A beleidsmaker takes a signal up, moves it on, and answers. Answered (overgenomen or
    niet overgenomen) needs a reply; anything past nieuw needs an owner."""
    from .models import ANSWERED, SignalStatus, StructuralSignal

    signal = StructuralSignal.objects.select_for_update().get(pk=signal.pk)
    if version != signal.version:
        raise SignalError(_("Iemand anders heeft dit signaal intussen gewijzigd. Kopieer je "
                            "antwoord, ververs de pagina en probeer het opnieuw."))
    if status != SignalStatus.NIEUW and owner is None:
        owner = user
    if status in ANSWERED and not reply.strip():
        raise SignalError(_("Schrijf een antwoord aan de casemanager: wat gebeurt er met dit "
                            "signaal, en waarom?"))
    answered_now = status in ANSWERED and (signal.status not in ANSWERED
                                           or reply != signal.reply)
    signal.status, signal.regeling, signal.owner, signal.reply = status, regeling, owner, reply
    if answered_now:
        signal.replied_at = timezone.now()
    signal.version += 1
    signal._history_user = user
    signal.save()
    if answered_now:
        from reviews.services import notify

        case = signal.case
        transaction.on_commit(lambda: notify(
            [signal.raised_by], _("Antwoord op je signaal voor beleid: %(ref)s")
            % {"ref": case.reference},
            _("Een beleidsmaker heeft je structurele signaal beantwoord."), case))
    return signal


def my_signals(user, limit=10):
    """The signals this casemanager raised, newest first, with status and reply."""
    from .models import StructuralSignal

    return list(StructuralSignal.objects.filter(raised_by=user)
                .select_related("case", "regeling", "owner")
                .order_by("-updated_at", "-pk")[:limit])


def open_signals(user, limit=8):
    """For a beleidsmaker's home: the signals not yet answered (their own first), and how
    many there are. Texts are not shown there: only dates, teams and regelingen."""
    from .models import ANSWERED, StructuralSignal

    signals = StructuralSignal.objects.exclude(status__in=ANSWERED)
    # Counted up to a thousand (CappedCount): at a million cases some 50 000 signals can be
    # open, and "meer dan 1.000" says as much as the number.
    return {
        "count": CappedCount.of(signals), "mine": CappedCount.of(signals.filter(owner=user)),
        "new": CappedCount.of(signals.filter(owner=None)),
        "latest": list(signals.select_related("team", "regeling", "owner")
                       .order_by("-created_at", "-pk")[:limit]),
    }


def backfill_signals(case_model=Case, regeling_model=Regeling, signal_model=None, batch=2000):
    """A signal for every approved decision marked "also a structural problem" that has none:
    for decisions approved before signals existed (migration 0002 passes its historical
    models) and for bulk-seeded ones (seed_demo). In batches by id."""
    if signal_model is None:
        from .models import StructuralSignal as signal_model
    regelingen = set(regeling_model.objects.values_list("pk", flat=True))
    last = 0
    while True:
        cases = list(case_model.objects.filter(status="besloten", structural="solven",
                                               pk__gt=last)
                     .exclude(structural_description="").exclude(decided_at=None)
                     .order_by("pk").values("pk", "revision", "team_id", "owner_id",
                                            "structural_description", "regeling_ids",
                                            "decided_at")[:batch])
        if not cases:
            if hasattr(signal_model, "regeling_rank"):  # not in migration 0002's model yet
                rerank(regeling_model, signal_model)
            return
        last = cases[-1]["pk"]
        signal_model.objects.bulk_create([signal_model(
            case_id=c["pk"], revision=c["revision"], team_id=c["team_id"],
            raised_by_id=c["owner_id"], description=c["structural_description"],
            regeling_id=next((pk for pk in c["regeling_ids"] or [] if pk in regelingen), None),
            created_at=c["decided_at"]) for c in cases], ignore_conflicts=True)
