"""The beleidsvraag workspace (views): the list, a new beleidsvraag, the workspace with its
answers per cluster (autosave like the walk), links, details, the end, and the history."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from cards.services import lessons
from cases.autosave import conflicts_by_name, text_response, whole_post_done
from cases.models import Case
from cases.walk.common import answer_units, autosave_answer, save_answers
from maatwerk.paging import other_parameters
from privacy.logboek import Action, log_pairs

from . import questions as services
from .forms import ConcludeForm, DetailsForm, LinkForm, NewQuestionForm, QuestionFilterForm
from .models import PolicyAnswer, PolicyQuestion, StructuralSignal

PURPOSE = "beleidsvraag"
# The lessons of the Lessenkaart for beleidsmakers (booklet: "Lessen voor beleidsmakers").
BELEIDSMAKER_LESSONS = ("l04", "l05")


def _may_work(user):
    if not user.has_perm("policy.work_on_policy_questions"):
        raise PermissionDenied


@require_safe
def question_list(request):
    _may_work(request.user)
    form = QuestionFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    page = Paginator(services.questions_for(status), 30).get_page(
        request.GET.get("pagina"))
    return render(request, "policy/questions.html", {"form": form, "page": page,
                                                     "keep": other_parameters(request)})


def _from_signal(request):
    """The signal a new beleidsvraag starts from (?signaal=… or the posted field)."""
    raw = request.POST.get("signaal") or request.GET.get("signaal") or ""
    if not raw.isdigit():
        return None
    return StructuralSignal.objects.select_related("team", "regeling").filter(
        pk=int(raw)).first()


@require_http_methods(["GET", "HEAD", "POST"])
def new_question(request):
    _may_work(request.user)
    signal = _from_signal(request)
    status = 200
    if request.method == "POST":
        form = NewQuestionForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                question = services.open_question(
                    request.user, title=data["title"], card_kind=data["card_kind"],
                    regeling=data["regeling"], teams=data["teams"],
                    signals=[signal] if signal else [])
            except services.QuestionError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("De beleidsvraag is geopend. Werk hem uit met "
                                            "de vragen van de kaart."))
                return redirect("policy:question", pk=question.pk)
        status = 400
    else:
        initial = {"card_kind": "vragen_maatwerk"}
        if signal:
            initial.update(regeling=signal.regeling_id, teams=[signal.team_id])
        form = NewQuestionForm(initial=initial)
    if signal:
        log_pairs(request.user, Action.VIEW, [(Case(pk=signal.case_id), PURPOSE)],
                  detail="nieuwe beleidsvraag")
    return render(request, "policy/question_new.html", {"form": form, "signal": signal},
                  status=status)


def _question(pk):
    return get_object_or_404(PolicyQuestion.objects.select_related(
        "regeling", "owner", "closed_by", "card_set"), pk=pk)


def _existing_answers(question):
    return {a.cluster_id: a for a in PolicyAnswer.objects.filter(question=question)}


@require_http_methods(["GET", "HEAD", "POST"])
def question(request, pk):
    """The workspace. A POST saves answers: one field through htmx, or all of them."""
    _may_work(request.user)
    question = _question(pk)
    clusters = services.clusters_of(question)
    rows = {"model": PolicyAnswer, "owner_field": "question"}
    if request.method == "POST":
        if not question.is_open:
            closed = _("Niet opgeslagen: deze beleidsvraag is afgerond. Open hem weer om de "
                       "antwoorden te wijzigen.")
            if request.htmx:  # a tab left open from before the end: the status line says so
                return text_response(closed, 409)
            messages.error(request, closed)
            return redirect("policy:question", pk=pk)
        if request.htmx:
            return autosave_answer(request, question, clusters, **rows)
        outcomes = save_answers(request, question, clusters, **rows)
        done = whole_post_done(request, outcomes, reverse("policy:question", args=[pk]))
        if done:
            return done
        return workspace(request, question, conflicts=conflicts_by_name(outcomes),
                         data=request.POST, status=400)
    return workspace(request, question)


def workspace(request, question, *, conflicts=None, data=None, status=200, **forms):
    editable = question.is_open
    url = reverse("policy:question", args=[question.pk])
    clusters = services.clusters_of(question)
    answers_form, versions = answer_units(question, clusters, data, editable, url,
                                          existing=_existing_answers(question))
    if data is not None:
        answers_form.is_valid()
    signals = list(question.signals.select_related("team", "regeling").order_by("-created_at"))
    precedents = services.linked_precedents(question)
    linkable = services.linkable_signals(question) if editable else []
    card = services.card_of(question)
    # Signal texts and precedent cards are written about one case each: showing them is a read.
    log_pairs(request.user, Action.LIST,
              [(Case(pk=s.case_id), PURPOSE) for s in signals + linkable]
              + [(p, PURPOSE) for p in precedents], detail=f"beleidsvraag {question.pk}")
    context = {
        "question": question, "card": card.card, "editable": editable,
        "sections": [(section, list(section.clusters.all())) for section in card.sections],
        "answers_form": answers_form, "answer_versions": versions, "conflicts": conflicts or {},
        "signals": signals, "precedents": precedents,
        "details_form": forms.get("details_form") or DetailsForm(initial={
            "version": question.version, "title": question.title,
            "regeling": question.regeling_id, "owner": question.owner_id,
            "teams": list(question.teams.values_list("pk", flat=True))}),
        "link_form": forms.get("link_form") or LinkForm(signals=linkable),
        "conclude_form": forms.get("conclude_form") or ConcludeForm(initial={
            "version": question.version,
            "status": question.status if not question.is_open else "aangepast",
            "effective_from": question.effective_from, "outcome": question.outcome}),
        "teams": list(question.teams.all()),
        "lessons": lessons(question.card_set, *BELEIDSMAKER_LESSONS),
    }
    return render(request, "policy/question.html", context, status=status)


def _submit(request, question, form, form_name, act, done):
    """A plain form of the workspace: valid values go to ``act``; a refusal of the service
    (QuestionError) or an invalid form shows the workspace again with the form as typed.
    ``done(values)`` is the message after a save."""
    if form.is_valid():
        try:
            act(form.cleaned_data)
        except services.QuestionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, done(form.cleaned_data))
            return redirect("policy:question", pk=question.pk)
    return workspace(request, question, status=400, **{form_name: form})


@require_POST
def details(request, pk):
    _may_work(request.user)
    question = _question(pk)
    return _submit(
        request, question, DetailsForm(request.POST), "details_form",
        lambda data: services.change_details(
            question, request.user, version=data["version"], title=data["title"],
            regeling=data["regeling"], owner=data["owner"], teams=data["teams"]),
        lambda data: _("De gegevens van de beleidsvraag zijn opgeslagen."))


@require_POST
def links(request, pk):
    """Link signals or a precedent, or undo one link."""
    _may_work(request.user)
    question = _question(pk)
    back = redirect(reverse("policy:question", args=[pk]) + "#koppelingen")
    if not question.is_open:
        messages.error(request, _("Deze beleidsvraag is afgerond. Open hem weer om iets te "
                                  "koppelen."))
        return back
    for name, kind in (("ontkoppel_signaal", "signal"), ("ontkoppel_precedent", "precedent")):
        raw = request.POST.get(name, "")
        if raw:
            if not raw.isdigit():
                messages.error(request, _("Dat kon niet: ververs de pagina."))
                return back
            target = (question.signals if kind == "signal" else question.precedents).filter(
                pk=int(raw)).first()
            if target is not None:
                services.unlink(question, request.user, **{kind: target})
                messages.success(request, _("De koppeling is verwijderd."))
            return back
    form = LinkForm(request.POST, signals=services.linkable_signals(question))
    if form.is_valid():
        data = form.cleaned_data
        try:
            precedent = (services.find_precedent(data["precedent"])
                         if data["precedent"].strip() else None)
        except services.QuestionError as error:
            form.add_error("precedent", str(error))
        else:
            if not data["signals"] and precedent is None:
                form.add_error(None, _("Kies een signaal of vul het kenmerk van een precedent "
                                       "in."))
            else:
                services.link(question, request.user, signals=data["signals"],
                              precedent=precedent)
                messages.success(request, _("Gekoppeld."))
                return back
    return workspace(request, question, link_form=form, status=400)


@require_POST
def conclude(request, pk):
    _may_work(request.user)
    question = _question(pk)
    return _submit(
        request, question, ConcludeForm(request.POST), "conclude_form",
        lambda data: services.conclude(
            question, request.user, version=data["version"], status=data["status"],
            effective_from=data["effective_from"], outcome=data["outcome"]),
        lambda data: _("De beleidsvraag is afgerond.") if data["status"] != "open"
        else _("De beleidsvraag is weer open."))


@require_safe
def history(request, pk):
    _may_work(request.user)
    question = _question(pk)
    return render(request, "policy/question_history.html", {
        "question": question, "entries": services.history(question)})
