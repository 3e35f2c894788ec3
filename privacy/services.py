"""Retention (bewaartermijn) and the inzageverzoek (AVG art. 15)."""

from datetime import timedelta

from django.db import transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
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


def _drop_history(case_id):
    """simple-history keeps every old text; those go too."""
    from precedents.models import Comparison

    Case.history.filter(id=case_id).delete()
    for model in (*CHILD_MODELS, Comparison):
        model.history.filter(case_id=case_id).delete()


@transaction.atomic
def anonymise(case, now=None):
    now = now or timezone.now()
    for name in CASE_TEXT_FIELDS:
        setattr(case, name, "")
    case.title = f"Geanonimiseerde casus {case.reference}"
    case.inwoner_ref = ""
    case.household = case.age_bracket = ""
    case.perceived_effort = case.perceived_need = case.perceived_reputation = ""
    case.anonymised_at = now
    case.version += 1
    case.save_without_historical_record()
    SignalMark.objects.filter(case=case).update(note="")
    Answer.objects.filter(case=case).update(text="")
    ArgumentWeight.objects.filter(case=case).update(note="")
    OwnSignal.objects.filter(case=case).update(note="", text="(eigen signaal)")
    OwnArgument.objects.filter(case=case).update(note="", text="(eigen argument)")
    CostLine.objects.filter(case=case).update(description="")
    case.pdf_exports.all().delete()  # a kept PDF holds every text
    Option.objects.filter(case=case).update(
        description="", deviated_rule="",
        title=Concat(Value("Optie "), Cast("order", CharField()), output_field=CharField()))
    case.comments.update(text="")
    case.review_events.update(comment="")
    case.advice_requests.update(question="")
    case.comparisons.update(reason="")
    case.revisions.all().delete()
    from insight.models import DecisionFact
    from policy.models import StructuralSignal

    DecisionFact.objects.filter(case=case).update(
        perceived_effort="", perceived_need="", perceived_reputation="")
    StructuralSignal.objects.filter(case=case).update(description="")
    StructuralSignal.history.filter(case_id=case.pk).delete()
    _drop_history(case.pk)


@transaction.atomic
def delete_case(case):
    """Delete the case and everything below it. Deleting makes simple-history write a last
    ("-") record of the case and of every child row, texts included: the history goes after
    the delete, so no table keeps a copy."""
    case_id = case.pk
    case.delete()
    _drop_history(case_id)


def purge_expired(now=None, dry_run=True, actor=None):
    """Anonymise or delete expired cases, one at a time, in batches: yields (case reference,
    action, rule) for each. Anonymised cases no longer match, deleted ones are gone, and the
    id keyset moves on, so each batch is fresh."""
    for case, rule in expired_cases(now):
        action = "anonimiseren" if rule.anonymise else "verwijderen"
        if dry_run:
            yield case.reference, action, rule
            continue
        reference, case_id = case.reference, case.pk
        if rule.anonymise:
            anonymise(case, now)
        else:
            delete_case(case)
        entry = AccessLogEntry(actor=actor, actor_name=actor.get_username() if actor else
                               "bewaartermijn", action=Action.PURGE, case_id=case_id,
                               case_ref=reference, purpose="bewaartermijn",
                               detail=f"{action} na {rule.years} jaar")
        entry.save()
        yield reference, action, rule


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
