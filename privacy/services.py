"""Retention (bewaartermijn) and the inzageverzoek (AVG art. 15)."""

from datetime import timedelta

from django.core.cache import caches
from django.db import transaction
from django.db.models import Case as DbCase
from django.db.models import CharField, F, Value, When
from django.db.models.functions import Cast, Concat, LPad
from django.test.utils import override_settings
from django.utils import timezone

from cases.models import (
    Answer,
    ArgumentWeight,
    Case,
    CostLine,
    Option,
    OwnArgument,
    OwnSignal,
    SignalMark,
    Status,
)

from .logboek import Action, log_access
from .models import ABANDONED, AccessLogEntry, RetentionRule

# --- Bewaartermijn -------------------------------------------------------------------------------

CASE_TEXT_FIELDS = ["request", "standard_outcome", "buikpijn", "mensbeeld_reflection",
                    "motivation", "proportionality", "deviated_rule", "legal_ground_article",
                    "decisive_reasoning", "inwoner_view", "against_weighing",
                    "structural_description", "inform", "evaluation_note"]


BATCH = 500  # cases loaded at a time: memory stays flat however many have expired


def expired_cases(now=None, batch=BATCH):
    """Cases whose retention period has passed, as (case, rule), by rule and then by id: a
    decided (approved) case counted from its decision, under the rule for its outcome; a case
    never decided (a concept, or one left under review) counted from its last change, under
    the ``ABANDONED`` rule. A generator that loads ``batch`` cases at a time (keyset paging
    on the id), so a purge of 300 000 cases never holds them all in memory."""
    now = now or timezone.now()
    for rule in RetentionRule.objects.order_by("outcome"):
        cutoff = now - timedelta(days=round(365.25 * rule.years))
        if rule.outcome == ABANDONED:
            cases = Case.objects.exclude(status=Status.BESLOTEN).filter(
                updated_at__lt=cutoff, anonymised_at=None)
        else:
            cases = Case.objects.filter(status=Status.BESLOTEN, outcome=rule.outcome,
                                        decided_at__lt=cutoff, anonymised_at=None)
        after = 0
        while True:
            chunk = list(cases.filter(pk__gt=after).select_related("team").order_by("pk")
                         [:batch])
            if chunk:
                after = chunk[-1].pk  # read now: a deleted case's pk becomes None
            for case in chunk:
                yield case, rule
            if len(chunk) < batch:
                break


CHILD_MODELS = (SignalMark, Answer, Option, CostLine, ArgumentWeight, OwnSignal, OwnArgument)


def _drop_history(case_ids):
    """simple-history keeps every old text; those go too."""
    from precedents.models import Comparison

    Case.history.filter(id__in=case_ids).delete()
    for model in (*CHILD_MODELS, Comparison):
        model.history.filter(case_id__in=case_ids).delete()


def _related(name):
    """The model behind one of Case's reverse relations (comments, revisions, …)."""
    return Case._meta.get_field(name).related_model


def _anonymous_title():
    """"Geanonimiseerde casus MW-000042", the case's reference (Case.reference) in SQL."""
    number = Cast("id", CharField())
    return Concat(Value("Geanonimiseerde casus MW-"),
                  DbCase(When(id__lt=10**6, then=LPad(number, 6, Value("0"))),
                         default=number),
                  output_field=CharField())


def anonymise(case, now=None):
    anonymise_many([case.pk], now)
    case.refresh_from_db()


@transaction.atomic
def anonymise_many(case_ids, now=None):
    """Every text, the inwoner's reference and the mensbeeld of these cases go; what was
    weighed and decided stays, for learning and verantwoording. A few set-based UPDATEs
    for a whole batch (issue 18: one case at a time did 35 cases/s, hours for a million)."""
    from insight.models import DecisionFact
    from policy.models import StructuralSignal

    now = now or timezone.now()
    Case.objects.filter(pk__in=case_ids).update(
        **dict.fromkeys(CASE_TEXT_FIELDS, ""), title=_anonymous_title(), inwoner_ref="",
        household="", age_bracket="", perceived_effort="", perceived_need="",
        perceived_reputation="", anonymised_at=now, updated_at=now, version=F("version") + 1)
    mine = {"case_id__in": case_ids}
    SignalMark.objects.filter(**mine).update(note="")
    Answer.objects.filter(**mine).update(text="")
    ArgumentWeight.objects.filter(**mine).update(note="")
    OwnSignal.objects.filter(**mine).update(note="", text="(eigen signaal)")
    OwnArgument.objects.filter(**mine).update(note="", text="(eigen argument)")
    CostLine.objects.filter(**mine).update(description="")
    _related("pdf_exports").objects.filter(**mine).delete()  # a kept PDF holds every text
    Option.objects.filter(**mine).update(
        description="", deviated_rule="",
        title=Concat(Value("Optie "), Cast("order", CharField()), output_field=CharField()))
    _related("comments").objects.filter(**mine).update(text="")
    _related("review_events").objects.filter(**mine).update(comment="")
    _related("advice_requests").objects.filter(**mine).update(question="")
    _related("comparisons").objects.filter(**mine).update(reason="")
    _related("revisions").objects.filter(**mine).delete()
    DecisionFact.objects.filter(**mine).update(
        perceived_effort="", perceived_need="", perceived_reputation="")
    StructuralSignal.objects.filter(**mine).update(description="")
    StructuralSignal.history.filter(**mine).delete()
    _drop_history(case_ids)


@transaction.atomic
def delete_cases(case_ids):
    """Delete the cases and everything below them, and their history, so no table keeps a
    copy of a text. simple-history would first write a last ("-") record of every deleted
    row (some 25 per case) only for _drop_history to remove it: its own switch,
    SIMPLE_HISTORY_ENABLED, is off while the batch is deleted. That switch is process-wide,
    so this is for the purge_expired command (its own process), not for a web request."""
    with override_settings(SIMPLE_HISTORY_ENABLED=False):
        Case.objects.filter(pk__in=case_ids).delete()
    _drop_history(case_ids)



def purge_expired(now=None, dry_run=True, actor=None):
    """Anonymise or delete expired cases, a batch at a time: yields (case reference, action,
    rule) for each. The cases come from ``expired_cases`` (BATCH at a time, keyset paging on
    the id); each run of up to BATCH cases under one rule is handled in one transaction of
    set-based statements, with a logboek entry per case."""
    batch, batch_rule = [], None
    for case, rule in expired_cases(now):
        if dry_run:
            yield case.reference, _action(rule), rule
            continue
        if batch and (rule.pk != batch_rule.pk or len(batch) >= BATCH):
            yield from _purge(batch, batch_rule, now, actor)
            batch = []
        batch.append((case.pk, case.reference))
        batch_rule = rule
    if batch:
        yield from _purge(batch, batch_rule, now, actor)
    if not dry_run:
        # Kept figures (insight.services.kept) may quote a structural text of a case just
        # anonymised: they are counted again.
        caches["insight"].clear()


def _action(rule):
    return "anonimiseren" if rule.anonymise else "verwijderen"


@transaction.atomic
def _purge(batch, rule, now, actor):
    ids = [pk for pk, _reference in batch]
    action = _action(rule)
    if rule.anonymise:
        anonymise_many(ids, now)
    else:
        delete_cases(ids)
    AccessLogEntry.objects.bulk_create([AccessLogEntry(
        actor=actor, actor_name=actor.get_username() if actor else "bewaartermijn",
        action=Action.PURGE, case_id=pk, case_ref=reference, purpose="bewaartermijn",
        detail=f"{action} na {rule.years} jaar") for pk, reference in batch])
    return [(reference, action, rule) for _pk, reference in batch]


# --- Inzageverzoek (AVG art. 15) ------------------------------------------------------------------


def inzage_cases(inwoner_ref):
    return list(
        Case.objects.filter(inwoner_ref__iexact=inwoner_ref.strip())
        .select_related("team", "owner", "card_set", "chosen_option", "decided_by")
        .order_by("created_at")
    ) if inwoner_ref.strip() else []


def _held_in_history(case):
    """Every change kept in the history (older texts included), as the Geschiedenis tab
    shows it."""
    from cases.history import case_history

    return [
        {"at": entry.at.isoformat(), "by": entry.user, "what": entry.what,
         "kind": entry.kind,
         "changes": [{"field": c.field, "old": str(c.old), "new": str(c.new)}
                     for c in entry.changes]}
        for entry in case_history(case)
    ]


def _case_export(case):
    """One case as held: the whole deliberation (with the mensbeeld and the tegenspraak:
    comments, answers, advice questions), the review remarks, every older text in the
    history and every approved revision's snapshot."""
    from cases.summary import build_summary, flatten_summary

    summary = build_summary(case)
    summary["review_remarks"] = [
        {"at": e.created_at.isoformat(), "by": str(e.actor), "kind": e.get_kind_display(),
         "comment": e.comment}
        for e in case.review_events.select_related("actor").order_by("created_at")
    ]
    summary["history"] = _held_in_history(case)
    summary["revisions"] = [
        {"number": r.number, "approved_at": r.approved_at.isoformat() if r.approved_at else None,
         "texts": [{"place": place, "text": text}
                   for place, text in flatten_summary(r.snapshot)]}
        for r in case.revisions.order_by("number")
    ]
    return summary


def inzage_export(user, inwoner_ref):
    """Everything held about one inwoner reference, and when and why it was consulted."""
    cases = inzage_cases(inwoner_ref)
    for case in cases:
        log_access(user, Action.EXPORT_INZAGE, case, purpose="inzageverzoek (AVG art. 15)")
    log = AccessLogEntry.objects.filter(case_id__in=[c.pk for c in cases]).order_by("at")
    return {
        "inwoner_ref": inwoner_ref.strip(),
        "exported_at": timezone.now().isoformat(),
        "exported_by": str(user),
        "cases": [_case_export(case) for case in cases],
        "consulted": [
            {"at": e.at.isoformat(), "by": e.actor_name, "action": e.get_action_display(),
             "purpose": e.purpose, "case": e.case_ref}
            for e in log
        ],
    }
