"""Answering about a comparable decision, and the precedent register."""

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from cases.decision import unrecord
from cases.models import Case, SignalMark, Status

from .models import Comparison

MAX_REGELINGEN = 10  # positions looked at in a case's regeling list (works on every database)


class ComparisonError(ValueError):
    pass


def comparable_cases():
    """Cases whose decision may be compared with: approved ones."""
    return Case.objects.filter(status=Status.BESLOTEN)


@transaction.atomic
def answer(case, other, user, verdict, reason):
    """Record the professional's answer about one earlier decision. The answers are part of
    the motivation: a recorded decision is un-recorded when one changes."""
    if other.pk == case.pk or other.status != Status.BESLOTEN:
        raise ComparisonError(_("Je kunt alleen vergelijken met een besloten casus."))
    comparison, created = Comparison.objects.get_or_create(
        case=case, other=other,
        defaults={"other_ref": other.reference, "verdict": verdict, "reason": reason,
                  "author": user})
    if not created and (comparison.verdict, comparison.reason) != (verdict, reason):
        comparison.verdict, comparison.reason, comparison.author = verdict, reason, user
        comparison.save()
    elif not created:
        return comparison
    unrecord(case.pk)
    return comparison


def has_regeling(pk):
    """Q for cases whose regeling list holds ``pk``, by position (JSON containment is not on
    SQLite)."""
    query = Q()
    for index in range(MAX_REGELINGEN):
        query |= Q(**{f"regeling_ids__{index}": pk})
    return query


def register(query="", regeling=None, outcome="", signal=None, year=None):
    """Approved precedent cards, newest first, filtered."""
    cards = comparable_cases().exclude(precedent_situation="").order_by("-decided_at", "-pk")
    if regeling:
        cards = cards.filter(has_regeling(regeling))
    if outcome:
        cards = cards.filter(outcome=outcome)
    if signal:
        cards = cards.filter(Exists(SignalMark.objects.filter(case=OuterRef("pk"),
                                                              item_id=signal, marked=True)))
    if year:
        cards = cards.filter(decided_at__year=year)
    for word in query.split()[:5]:
        cards = cards.filter(Q(precedent_situation__icontains=word)
                             | Q(precedent_question__icontains=word)
                             | Q(precedent_decision__icontains=word)
                             | Q(precedent_decisive__icontains=word))
    return cards.only("pk", "outcome", "decided_at", "regeling_ids", "precedent_situation",
                      "precedent_question", "precedent_decision", "precedent_decisive")
