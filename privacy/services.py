"""Retention (bewaartermijn) and the inzageverzoek (AVG art. 15)."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from cases.models import (
    Answer,
    ArgumentWeight,
    Case,
    Option,
    OwnArgument,
    OwnSignal,
    SignalMark,
    Status,
)

from .logboek import Action, log_access
from .models import AccessLogEntry, RetentionRule

# --- Bewaartermijn -------------------------------------------------------------------------------

CASE_TEXT_FIELDS = ["request", "standard_outcome", "buikpijn", "mensbeeld_reflection",
                    "motivation", "proportionality", "deviated_rule", "legal_ground_article",
                    "decisive_reasoning", "inwoner_view", "against_weighing",
                    "structural_description", "inform", "evaluation_note"]


def expired_cases(now=None):
    """Decided cases whose retention period, counted from the decision, has passed."""
    now = now or timezone.now()
    expired = []
    for rule in RetentionRule.objects.all():
        cutoff = now - timedelta(days=round(365.25 * rule.years))
        cases = Case.objects.filter(status=Status.BESLOTEN, outcome=rule.outcome,
                                    decided_at__lt=cutoff, anonymised_at=None)
        expired += [(case, rule) for case in cases.select_related("team")]
    return sorted(expired, key=lambda pair: pair[0].pk)


def _drop_history(case):
    """simple-history keeps every old text; those go too."""
    Case.history.filter(id=case.pk).delete()
    for model in (SignalMark, Answer, Option, ArgumentWeight, OwnSignal, OwnArgument):
        model.history.filter(case_id=case.pk).delete()


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
    Option.objects.filter(case=case).update(description="", deviated_rule="")
    case.comments.update(text="")
    case.review_events.update(comment="")
    case.advice_requests.update(question="")
    case.revisions.all().delete()
    _drop_history(case)


@transaction.atomic
def delete_case(case):
    _drop_history(case)
    case.delete()


def purge_expired(now=None, dry_run=True, actor=None):
    """Anonymise or delete expired cases. Returns [(case reference, action)]."""
    done = []
    for case, rule in expired_cases(now):
        action = "anonimiseren" if rule.anonymise else "verwijderen"
        done.append((case.reference, action, rule))
        if dry_run:
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
    return done


# --- Inzageverzoek (AVG art. 15) ------------------------------------------------------------------


def inzage_cases(inwoner_ref):
    return list(
        Case.objects.filter(inwoner_ref__iexact=inwoner_ref.strip())
        .select_related("team", "owner", "card_set", "chosen_option", "decided_by")
        .order_by("created_at")
    ) if inwoner_ref.strip() else []


def inzage_export(user, inwoner_ref):
    """Everything held about one inwoner reference, and when and why it was consulted."""
    from cases.summary import build_summary

    cases = inzage_cases(inwoner_ref)
    for case in cases:
        log_access(user, Action.EXPORT_INZAGE, case, purpose="inzageverzoek (AVG art. 15)")
    log = AccessLogEntry.objects.filter(case_id__in=[c.pk for c in cases]).order_by("at")
    return {
        "inwoner_ref": inwoner_ref.strip(),
        "exported_at": timezone.now().isoformat(),
        "exported_by": str(user),
        "cases": [build_summary(case) for case in cases],
        "consulted": [
            {"at": e.at.isoformat(), "by": e.actor_name, "action": e.get_action_display(),
             "purpose": e.purpose, "case": e.case_ref}
            for e in log
        ],
    }
