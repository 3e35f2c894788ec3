"""Writing the logboek dataverwerkingen (security checklist #22–24).

Entries are written in autocommit mode, outside any transaction of the request
(ATOMIC_REQUESTS stays off, and callers log outside their atomic blocks), so an entry survives
a request that later fails or rolls back. An entry holds the pseudonymous case reference,
never names or free text.
"""


from .models import AccessLogEntry

Action = AccessLogEntry.Action


def _entry(user, action, case, purpose, detail):
    return AccessLogEntry(
        actor=user if user is not None and user.is_authenticated else None,
        actor_name=(user.get_username() if user is not None and user.is_authenticated
                    else "systeem" if user is None else "anoniem"),
        action=action,
        case_id=getattr(case, "pk", None),
        case_ref=getattr(case, "reference", "") if case is not None else "",
        purpose=purpose,
        detail=detail[:200],
    )


def log_access(user, action, case=None, purpose="", detail=""):
    return _entry(user, action, case, purpose, detail).save()


def log_many(user, action, cases, purpose="", detail=""):
    """One entry per case shown (a list of 3 cases → 3 entries), in one INSERT."""
    return log_pairs(user, action, ((case, purpose) for case in cases), detail)


def log_pairs(user, action, pairs, detail=""):
    """One entry per (case, purpose), in one INSERT."""
    entries = [_entry(user, action, case, purpose, detail) for case, purpose in pairs]
    if entries:
        AccessLogEntry.objects.bulk_create(entries)
    return len(entries)


def team_purpose(user):
    """Why this user reads the cases of their own team: a teamleider (who does not handle
    cases themselves) reviews them."""
    if user.has_perm("reviews.review_decisions") and not user.has_perm("cases.work_on_cases"):
        return "beoordeling"
    return "casusbehandeling"


def purpose_for(user, case):
    """Why this user reads this case, for the logboek."""
    if case.team_id in user.team_ids():
        return team_purpose(user)
    return "advies (tegenspraak)"
