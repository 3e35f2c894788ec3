"""The beleidsvraag workspace: a beleidsmaker works a structural problem through the
Vragenkaart beleid or the Vragenkaart maatwerk, links the signals that raised it and the
precedents that show it, and closes it, often with a change of policy "per" a date.

A change reaches the teams concerned (their Vóór frame: the walk's sidebar and the team
frame page) and the casemanagers whose signals it answers (with their signal, on the case and
on their home page).
"""

import re
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cards.services import active_card_set, card_view

from .models import PolicyAnswer, PolicyQuestion, QuestionStatus, StructuralSignal


class QuestionError(Exception):
    pass


@transaction.atomic
def open_question(user, *, title, card_kind, regeling=None, teams=(), signals=()):
    card_set = active_card_set()
    if card_set is None:
        raise QuestionError(_("Er is geen actieve kaartenset. Vraag functioneel beheer om de "
                              "kaarten te laden."))
    question = PolicyQuestion.objects.create(title=title, card_kind=card_kind,
                                             card_set=card_set, regeling=regeling, owner=user)
    question.teams.set(teams)
    question.signals.set(signals)
    return question


def card_of(question):
    return card_view(question.card_set, question.card_kind)


def clusters_of(question):
    return [cluster for section in card_of(question).sections
            for cluster in section.clusters.all()]


def questions_for(status=""):
    """All beleidsvragen (beleidsmakers work on them together): open ones first."""
    found = PolicyQuestion.objects.select_related("regeling", "owner").annotate(
        n_signals=Count("signals", distinct=True))
    if status:
        found = found.filter(status=status)
    return found.order_by("-status", "closed_at", "-created_at", "-pk")


def open_questions(user, limit=8):
    """For a beleidsmaker's home: open beleidsvragen, their own first."""
    found = PolicyQuestion.objects.filter(status=QuestionStatus.OPEN).select_related("regeling")
    return {"count": found.count(),
            "latest": list(found.annotate(own=Q(owner=user)).order_by("-own", "-updated_at")
                           [:limit])}


# --- Links: signals and precedents ------------------------------------------------------------


def linkable_signals(question, limit=50):
    """Signals not yet linked, those of the question's regeling first."""
    signals = (StructuralSignal.objects.exclude(policy_questions=question)
               .select_related("team", "regeling"))
    if question.regeling_id:
        signals = signals.annotate(same=Q(regeling=question.regeling_id)).order_by(
            "-same", "-created_at")
    return list(signals[:limit])


REFERENCE = re.compile(r"^\s*(?:MW-?)?0*(?P<pk>\d{1,9})\s*$", re.IGNORECASE)


def find_precedent(reference):
    """The approved decision with a precedent card for a reference as the register shows it
    (MW-000123)."""
    from precedents.services import comparable_cases

    match = REFERENCE.match(reference or "")
    case = None
    if match:
        case = (comparable_cases().exclude(precedent_situation="")
                .filter(pk=int(match["pk"])).first())
    if case is None:
        raise QuestionError(_("Geen precedent gevonden met kenmerk %(ref)s. Neem het kenmerk "
                              "over uit het precedentenregister, bijvoorbeeld MW-000123.")
                            % {"ref": reference.strip() or "…"})
    return case


def linked_precedents(question):
    from precedents.services import comparable_cases

    return list(comparable_cases().filter(pk__in=question.precedents.values("pk"))
                .order_by("-decided_at").only(
                    "pk", "outcome", "decided_at", "precedent_situation", "precedent_question",
                    "precedent_decision", "precedent_decisive"))


def _touch(question, user, reason):
    question._history_user = user
    question._change_reason = reason
    question.version += 1
    question.save(update_fields=["version", "updated_at"])


def _signal_name(signal):
    return _("signaal van %(team)s van %(date)s") % {
        "team": signal.team, "date": date_format(signal.created_at, "j F Y")}


@transaction.atomic
def link(question, user, *, signals=(), precedent=None):
    """Link signals and a precedent; the history names what was linked (not its text)."""
    named = [_signal_name(s) for s in signals]
    if signals:
        question.signals.add(*signals)
    if precedent is not None:
        question.precedents.add(precedent)
        named.append(_("precedent %(ref)s") % {"ref": precedent.reference})
    _touch(question, user, _("Gekoppeld: %(what)s") % {"what": "; ".join(named)})


@transaction.atomic
def unlink(question, user, *, signal=None, precedent=None):
    if signal is not None:
        question.signals.remove(signal)
        what = _signal_name(signal)
    else:
        question.precedents.remove(precedent)
        what = _("precedent %(ref)s") % {"ref": precedent.reference}
    _touch(question, user, _("Ontkoppeld: %(what)s") % {"what": what})


# --- Details and the end ----------------------------------------------------------------------


def _locked(question, version):
    locked = PolicyQuestion.objects.select_for_update().get(pk=question.pk)
    if version != locked.version:
        raise QuestionError(_("Iemand anders heeft deze beleidsvraag intussen gewijzigd. "
                              "Kopieer je tekst, ververs de pagina en probeer het opnieuw."))
    return locked


@transaction.atomic
def change_details(question, user, *, version, title, regeling, owner, teams):
    question = _locked(question, version)
    question.title, question.regeling, question.owner = title, regeling, owner
    question.version += 1
    question._history_user = user
    question.save()
    question.teams.set(teams)
    return question


@transaction.atomic
def conclude(question, user, *, version, status, effective_from, outcome):
    """Close a beleidsvraag (policy changed per a date, or not changed, with the reasons), or
    open it again. A change needs its date and what changed; every end needs its reasons."""
    question = _locked(question, version)
    if status == QuestionStatus.AANGEPAST and effective_from is None:
        raise QuestionError(_("Vul in per wanneer het beleid is aangepast."))
    if status != QuestionStatus.OPEN and not outcome.strip():
        raise QuestionError(_("Schrijf de uitkomst: wat is er veranderd, of waarom niet? Teams "
                              "en casemanagers lezen dit."))
    newly_closed = status != QuestionStatus.OPEN and question.is_open
    question.status, question.outcome = status, outcome
    question.effective_from = effective_from if status == QuestionStatus.AANGEPAST else None
    if status == QuestionStatus.OPEN:
        question.closed_at = question.closed_by = None
    elif newly_closed or question.closed_at is None:
        question.closed_at, question.closed_by = timezone.now(), user
    question.version += 1
    question._history_user = user
    question.save()
    if newly_closed:
        transaction.on_commit(lambda: _tell_signal_raisers(question))
    return question


def _tell_signal_raisers(question):
    from reviews.services import notify

    for signal in question.signals.select_related("raised_by", "case"):
        notify([signal.raised_by], _("Uitkomst van een beleidsvraag bij je signaal: %(ref)s")
               % {"ref": signal.case.reference},
               _("De beleidsvraag die je signaal beantwoordt is afgerond."), signal.case)


# --- Where a change shows -------------------------------------------------------------------


def changes_for_team(team_id, limit=None):
    """Policy changes that concern this team (or every team), newest first."""
    changes = (PolicyQuestion.objects.filter(status=QuestionStatus.AANGEPAST)
               .filter(Q(teams=team_id) | Q(teams=None)).select_related("regeling", "closed_by")
               .distinct().order_by("-effective_from", "-closed_at"))
    return list(changes[:limit] if limit else changes)


def outcomes_by_signal(signals):
    """{signal pk: [closed beleidsvragen]} for signals shown to the casemanager who raised
    them."""
    found = {}
    through = PolicyQuestion.signals.through.objects.filter(
        structuralsignal_id__in=[s.pk for s in signals],
        policyquestion__status__in=[QuestionStatus.AANGEPAST, QuestionStatus.NIET_AANGEPAST],
    ).select_related("policyquestion", "policyquestion__closed_by")
    for row in through.order_by("-policyquestion__closed_at"):
        found.setdefault(row.structuralsignal_id, []).append(row.policyquestion)
    return found


def attach_outcomes(signals):
    found = outcomes_by_signal(signals)
    for signal in signals:
        signal.question_outcomes = found.get(signal.pk, [])
    return signals


# --- History ----------------------------------------------------------------------------------


@dataclass
class Entry:
    at: object
    user: object
    what: str
    changes: list  # (label, old, new)


TRACKED = ("title", "status", "regeling_id", "owner_id", "effective_from", "outcome")


def _shown(name, value, names):
    if value in (None, ""):
        return "—"
    if name == "status":
        return str(QuestionStatus(value).label)
    if name in ("regeling_id", "owner_id"):
        return names[name].get(value, "—")
    if name == "effective_from":
        return date_format(value, "j F Y")
    return value


def history(question):
    """Every change to the beleidsvraag and its answers: who, when, old → new; newest
    first."""
    from accounts.models import User
    from cases.models import Regeling

    records = list(question.history.select_related("history_user")
                   .order_by("history_date", "history_id"))
    names = {
        "regeling_id": dict(Regeling.objects.filter(
            pk__in={r.regeling_id for r in records}).values_list("pk", "name")),
        "owner_id": {u.pk: str(u) for u in User.objects.filter(
            pk__in={r.owner_id for r in records})},
    }
    entries, previous = [], None
    for record in records:
        changes = []
        for name in TRACKED:
            old = getattr(previous, name) if previous is not None else None
            new = getattr(record, name)
            if old == new or (previous is None and new in (None, "")):
                continue
            label = str(PolicyQuestion._meta.get_field(name.removesuffix("_id")).verbose_name)
            changes.append((label, _shown(name, old, names), _shown(name, new, names)))
        what = record.history_change_reason or (
            _("Beleidsvraag geopend") if previous is None else _("Gegevens gewijzigd"))
        if changes or record.history_change_reason or previous is None:
            entries.append(Entry(record.history_date, record.history_user, what, changes))
        previous = record
    headings = {c.pk: c.heading for c in clusters_of(question)}
    last = {}
    for record in (PolicyAnswer.history.filter(question_id=question.pk)
                   .select_related("history_user").order_by("history_date", "history_id")):
        old = last.get(record.cluster_id, "")
        last[record.cluster_id] = record.text
        if record.text != old:
            entries.append(Entry(record.history_date, record.history_user,
                                 _("Antwoord bij: %(vraag)s")
                                 % {"vraag": headings.get(record.cluster_id, "")},
                                 [(_("antwoord"), old or "—", record.text or "—")]))
    return sorted(entries, key=lambda e: e.at, reverse=True)
