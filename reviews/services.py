"""The review workflow and tegenspraak: every transition checked here, on every POST.

concept --submit--> ter beoordeling --approve--> besloten --reopen--> concept (next revision)
                    ter beoordeling --return-->  concept

Four eyes by authorship, not by role: only a teamleider of the case's team reviews, and never
a case they own or a decision whose content they recorded or changed in this revision,
whatever other roles they hold. Status change, review event and revision snapshot are
written together or not at all.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.decision import STATUS_CHANGE
from cases.models import Case, Status
from cases.pdf_cache import prepare_in_background

from .models import AdviceRequest, Comment, ReviewEvent, Revision
from .signals import decision_approved


class ReviewError(ValueError):
    """A transition that is not allowed; the message is shown to the user."""


# --- Who may do what ---------------------------------------------------------------------------


def is_reviewer(user, case):
    """A teamleider of the case's team who did not own, record or change this decision."""
    return user.is_teamleider_of(case.team_id) and not _own_work(user, case)


def _own_work(user, case):
    from cases.decision import content_authors

    return user.pk in (case.owner_id, case.decided_by_id) or user.pk in content_authors(case)


def can_comment(user, case):
    return case.status != Status.BESLOTEN and case.anonymised_at is None


def can_reopen(user, case):
    return case.status == Status.BESLOTEN and case.anonymised_at is None and (
        case.team_id in user.team_ids()
        and (user.has_perm("cases.work_on_cases") or user.has_perm("reviews.review_decisions"))
    )


def review_context(user, case):
    from cases.services import can_edit

    editable = can_edit(user, case)
    return {
        "can_submit": editable and case.is_decided,
        "can_review": (case.status == Status.TER_BEOORDELING
                       and user.is_teamleider_of(case.team_id) and is_reviewer(user, case)),
        "can_reopen": can_reopen(user, case),
        "can_ask_advice": editable,
        "can_comment": can_comment(user, case),
        "last_return": (
            ReviewEvent.objects.filter(case=case, kind=ReviewEvent.Kind.RETURNED)
            .select_related("actor").last()
            if case.status == Status.CONCEPT else None
        ),
    }


# --- Transitions -------------------------------------------------------------------------------


def _locked(case):
    return Case.objects.select_for_update().select_related("team").get(pk=case.pk)


@transaction.atomic
def submit(case, user):
    from cases.decision import problems as decision_problems
    from cases.services import can_edit

    case = _locked(case)
    if not can_edit(user, case):
        raise ReviewError(_("Je kunt deze casus niet aanbieden."))
    if not case.is_decided:
        raise ReviewError(_("Leg eerst je besluit vast bij de stap Besluit."))
    problems = decision_problems(case)
    if problems:
        raise ReviewError(_("Je besluit is nog niet compleet: ") + " ".join(problems.values()))
    case.status = Status.TER_BEOORDELING
    case.version += 1
    case._change_reason = STATUS_CHANGE
    case.save()
    ReviewEvent.objects.create(case=case, revision=case.revision, kind=ReviewEvent.Kind.SUBMITTED,
                               actor=user)
    leaders = get_user_model().objects.filter(
        teams=case.team_id, groups__permissions__codename="review_decisions", is_active=True
    ).exclude(pk=user.pk).distinct()
    transaction.on_commit(lambda: notify(
        leaders, _("Te beoordelen: %(ref)s") % {"ref": case.reference},
        _("Er staat een besluit voor je klaar om te beoordelen."), case))
    prepare_in_background(case)  # the teamleider's PDF is ready when they open it
    return case


@transaction.atomic
def return_case(case, user, comment):
    case = _locked(case)
    _check_review(case, user)
    if not comment.strip():
        raise ReviewError(_("Schrijf erbij waarom je het besluit terugstuurt."))
    case.status = Status.CONCEPT
    case.version += 1
    case._change_reason = STATUS_CHANGE
    case.save()
    ReviewEvent.objects.create(case=case, revision=case.revision, kind=ReviewEvent.Kind.RETURNED,
                               actor=user, comment=comment)
    transaction.on_commit(lambda: notify(
        [case.owner], _("Teruggestuurd: %(ref)s") % {"ref": case.reference},
        _("Je teamleider heeft je besluit teruggestuurd met een opmerking."), case))
    return case


@transaction.atomic
def approve(case, user, comment=""):
    from cases.summary import build_summary

    case = _locked(case)
    _check_review(case, user)
    case.status = Status.BESLOTEN
    case.version += 1
    case._change_reason = STATUS_CHANGE
    case.save()
    event = ReviewEvent.objects.create(case=case, revision=case.revision,
                                       kind=ReviewEvent.Kind.APPROVED, actor=user,
                                       comment=comment)
    Revision.objects.create(case=case, number=case.revision, snapshot=build_summary(case),
                            approved_by=user, approved_at=event.created_at)
    # The tegenspraak ends with the decision: advisers no longer read the case.
    case.advice_requests.filter(ended_at=None).update(ended_at=event.created_at,
                                                      end_reason="besloten")
    decision_approved.send(sender=approve, case=case, user=user)
    transaction.on_commit(lambda: notify(
        [case.owner], _("Goedgekeurd: %(ref)s") % {"ref": case.reference},
        _("Je teamleider heeft je besluit goedgekeurd."), case))
    prepare_in_background(case)  # for the case file and the zaaksysteem
    return case


@transaction.atomic
def reopen(case, user, reason):
    case = _locked(case)
    if not can_reopen(user, case):
        raise ReviewError(_("Je kunt deze casus niet heropenen."))
    if not reason.strip():
        raise ReviewError(_("Schrijf erbij waarom je de casus heropent."))
    from cases.decision import fresh_decision

    case.revision += 1
    case.status = Status.CONCEPT
    for name, value in fresh_decision().items():  # the old decision stays in its revision
        setattr(case, name, value)
    case.version += 1
    case._history_user = user
    case._change_reason = STATUS_CHANGE
    case.save()
    ReviewEvent.objects.create(case=case, revision=case.revision, kind=ReviewEvent.Kind.REOPENED,
                               actor=user, comment=reason)
    return case


def _check_review(case, user):
    if case.status != Status.TER_BEOORDELING:
        raise ReviewError(_("Deze casus staat niet (meer) ter beoordeling."))
    if not user.is_teamleider_of(case.team_id):
        raise ReviewError(_("Alleen de teamleider van dit team kan beoordelen."))
    if _own_work(user, case):
        raise ReviewError(_("Je kunt dit besluit niet beoordelen: je hebt eraan meegeschreven "
                            "of het vastgelegd. Dat beoordeelt een ander (vier ogen)."))


# --- Tegenspraak ---------------------------------------------------------------------------------


def possible_advisers(user):
    """Colleagues who can be asked for advice (anyone who works on or reviews cases)."""
    return (
        get_user_model().objects.filter(is_active=True)
        .filter(Q(groups__permissions__codename="work_on_cases")
                | Q(groups__permissions__codename="review_decisions"))
        .exclude(pk=user.pk).distinct().order_by("first_name", "last_name", "username")
    )


@transaction.atomic
def ask_advice(case, user, adviser, question):
    from cases.services import can_edit

    if not can_edit(user, case):
        raise ReviewError(_("Je kunt voor deze casus geen advies vragen."))
    if adviser.pk == user.pk:
        raise ReviewError(_("Vraag een collega, niet jezelf."))
    request, created = AdviceRequest.objects.get_or_create(
        case=case, adviser=adviser,
        defaults={"requested_by": user, "question": question},
    )
    if not created:
        request.question, request.done_at, request.ended_at = question, None, None
        request.end_reason = ""
        request.requested_by = user
        request.save(update_fields=["question", "done_at", "ended_at", "end_reason",
                                    "requested_by"])
    transaction.on_commit(lambda: notify(
        [adviser], _("Advies gevraagd: %(ref)s") % {"ref": case.reference},
        _("Een collega vraagt je om tegenspraak bij een afweging."), case))
    return request


def withdraw_advice(case, user, request_pk):
    """End an advice request before the case is decided: the adviser no longer reads the
    case. Whoever may change the case may withdraw it. True when one was withdrawn."""
    from cases.services import can_edit

    if not can_edit(user, case):
        raise ReviewError(_("Je kunt deze adviesvraag niet intrekken."))
    return bool(AdviceRequest.objects.filter(pk=request_pk, case=case, ended_at=None).update(
        ended_at=timezone.now(), end_reason="ingetrokken"))


def mark_advice_done(case, user):
    return AdviceRequest.objects.filter(case=case, adviser=user, done_at=None).update(
        done_at=timezone.now())


def add_comment(case, user, text, *, item=None, option=None, parent=None):
    """A comment on the whole, an argument or an option; or an answer to a comment (one
    level: an answer is about what its comment is about, and is not answered itself)."""
    if not can_comment(user, case):
        raise ReviewError(_("Bij een besloten casus kun je geen opmerkingen meer plaatsen."))
    if parent is not None:
        if parent.case_id != case.pk:
            raise ReviewError(_("Deze opmerking hoort niet bij deze casus."))
        parent = Comment.objects.get(pk=parent.parent_id) if parent.parent_id else parent
        item, option = parent.item, parent.option
    target = (Comment.Target.ARGUMENT if item is not None
              else Comment.Target.OPTION if option is not None else Comment.Target.CASE)
    return Comment.objects.create(case=case, revision=case.revision, author=user, target=target,
                                  item=item, option=option, parent=parent, text=text)


# --- Reading -------------------------------------------------------------------------------------


def case_comments(case):
    """Comments grouped by what they are about; each carries its answers (``.replies``)."""
    comments = list(Comment.objects.filter(case=case).select_related("author", "item", "option"))
    replies = {}
    for comment in comments:
        if comment.parent_id:
            replies.setdefault(comment.parent_id, []).append(comment)
    comments = [c for c in comments if not c.parent_id]
    grouped = {"general": [], "by_item": {}, "by_key": {}, "by_option": {}, "all": comments}
    for comment in comments:
        comment.replies = replies.get(comment.pk, [])
        if comment.item_id:
            grouped["by_item"].setdefault(comment.item_id, []).append(comment)
            grouped["by_key"].setdefault(comment.item.key, []).append(comment)
        elif comment.option_id:
            grouped["by_option"].setdefault(comment.option_id, []).append(comment)
        else:
            grouped["general"].append(comment)
    return grouped


def review_trail(case):
    events = ReviewEvent.objects.filter(case=case).select_related("actor")
    return [
        {"kind": e.kind, "kind_label": e.get_kind_display(), "actor": str(e.actor),
         "at": e.created_at.isoformat(), "comment": e.comment, "revision": e.revision}
        for e in events
    ]


def waiting_for(user):
    """What is waiting for this user on the home page."""
    if not user.is_authenticated:
        return {}
    today = timezone.localdate()
    waiting = {}
    if user.has_perm("reviews.review_decisions"):
        waiting["to_review"] = review_queue(user)[:20]
    # Every case this user still reads as an adviser: open questions first.
    waiting["advice"] = sorted(
        AdviceRequest.objects.filter(adviser=user, ended_at=None)
        .select_related("case", "requested_by").order_by("created_at")[:20],
        key=lambda r: r.done_at is not None)
    if user.has_perm("cases.work_on_cases"):
        mine = Case.objects.filter(owner=user, anonymised_at=None)
        returned_ids = ReviewEvent.objects.filter(
            case__owner=user, case__status=Status.CONCEPT, kind=ReviewEvent.Kind.RETURNED
        ).values("case_id")
        waiting["returned"] = list(mine.filter(pk__in=returned_ids, status=Status.CONCEPT)
                                   .order_by("deadline")[:20])
        waiting["advice_given"] = list(
            AdviceRequest.objects.filter(requested_by=user, case__status=Status.CONCEPT,
                                         done_at__gte=timezone.now() - ADVICE_SHOWN)
            .select_related("case", "adviser").order_by("-done_at")[:20])
        waiting["evaluations"] = list(
            mine.filter(evaluation_date__lte=today, evaluation_result="")
            .exclude(decided_at=None).order_by("evaluation_date")[:20]
        )
        waiting["concepts"] = list(mine.filter(status=Status.CONCEPT).order_by("-updated_at")[:5])
    return waiting


def log_waiting(user, waiting):
    """The home page names cases: one logboek entry per case shown, with why it is shown."""
    from privacy.logboek import Action, log_pairs, team_purpose

    shown = {}
    for key, rows in waiting.items():
        for row in rows:
            case = getattr(row, "case", row)
            purpose = {"advice": "advies (tegenspraak)", "to_review": "beoordeling"}.get(
                key, team_purpose(user))
            shown.setdefault(case.pk, (case, purpose))
    return log_pairs(user, Action.LIST, shown.values(), detail="startpagina")


# Advice given stays on the requester's home page this long (or until the case moves on).
ADVICE_SHOWN = timedelta(days=30)


def review_queue(user):
    """Cases of the teamleider's own teams awaiting review, oldest deadline first."""
    from django.db.models import F

    return (
        Case.objects.filter(team_id__in=user.team_ids(), status=Status.TER_BEOORDELING)
        .select_related("owner", "team")
        .order_by(F("deadline").asc(nulls_last=True), "updated_at")
    )


# --- Mail ----------------------------------------------------------------------------------------


def notify(users, subject, body, case):
    """Optional e-mail (off unless MAATWERK_SEND_EMAIL); holds only the case reference."""
    if not settings.MAATWERK_SEND_EMAIL:
        return 0
    link = settings.MAATWERK_BASE_URL.rstrip("/") + reverse("cases:detail", args=[case.pk])
    recipients = [u.email for u in users if u.email]
    if not recipients:
        return 0
    return send_mail(f"[Maatwerk] {subject}", f"{body}\n\n{case.reference}: {link}\n",
                     settings.DEFAULT_FROM_EMAIL, recipients)
