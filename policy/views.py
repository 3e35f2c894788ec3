"""Aggregated signals for beleidsmakers and teamleiders (never one case, never an inwoner),
and the structural signals a beleidsmaker takes up and answers (solven with a reply)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from cards.services import active_card_set
from cases.models import Case, Regeling
from insight.services import kept
from maatwerk.paging import CappedPaginator, other_parameters
from privacy.logboek import Action, log_access, log_pairs

from . import services
from .forms import SignalFilterForm, SignalForm
from .models import StructuralSignal

PURPOSE = "beleid (structureel signaal)"
TEXTS_PAGE = 25


@require_safe
def insight(request):
    user = request.user
    if not user.has_perm("privacy.view_policy_insight"):
        raise PermissionDenied
    # A teamleider sees their own teams; a beleidsmaker sees all teams, aggregated.
    team_ids = user.team_ids() if user.has_perm("reviews.review_decisions") else None
    if team_ids is None:  # all teams: counted once a quarter (insight.services.kept)
        data, counted_at = kept("signalen-voor-beleid")
    else:
        data, counted_at = services.policy_insight(team_ids=team_ids), None
    card_set = active_card_set()
    regelingen = dict(Regeling.objects.values_list("pk", "name"))
    # The newest hundred texts, TEXTS_PAGE to a page: what one reads at a time, and the page
    # stays the same size however many decisions there are (issue 18).
    texts = Paginator(data["structural"], TEXTS_PAGE).get_page(request.GET.get("teksten"))
    for row in texts:
        row["regelingen"] = [regelingen.get(pk, "") for pk in row.get("regeling_ids") or []]
    # A structural text is free text written about one case: showing it is a read.
    log_pairs(user, Action.LIST, [(Case(pk=row["pk"]), "beleid (structureel probleem)")
                                  for row in texts], detail="signalen voor beleid")
    return render(request, "policy/insight.html", {
        "data": data, "scope_all": team_ids is None, "counted_at": counted_at,
        "texts": texts, "keep": other_parameters(request, "teksten"),
        "top_signals": services.top_signals(card_set, data["signal_counts"]) if card_set else [],
    })


def _may_handle(user):
    if not user.has_perm("policy.handle_signals"):
        raise PermissionDenied


@require_safe
def signals(request):
    _may_handle(request.user)
    form = SignalFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    found = services.signals_for_policy(status=filters.get("status", ""),
                                        regeling=filters.get("regeling"))
    page = CappedPaginator(found, 30).get_page(request.GET.get("pagina"))
    log_pairs(request.user, Action.LIST, [(Case(pk=s.case_id), PURPOSE) for s in page],
              detail="structurele signalen")
    return render(request, "policy/signals.html", {"form": form, "page": page,
                                                   "keep": other_parameters(request)})


@require_http_methods(["GET", "HEAD", "POST"])
def signal(request, pk):
    _may_handle(request.user)
    signal = get_object_or_404(StructuralSignal.objects.select_related(
        "team", "regeling", "owner", "raised_by"), pk=pk)
    log_access(request.user, Action.VIEW, Case(pk=signal.case_id), PURPOSE)
    status = 200
    if request.method == "POST":
        form = SignalForm(request.POST, instance=StructuralSignal.objects.get(pk=pk))
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.handle_signal(signal, request.user, status=data["status"],
                                       regeling=data["regeling"], owner=data["owner"],
                                       reply=data["reply"], version=data["version"])
            except services.SignalError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Het signaal is bijgewerkt."))
                return redirect("policy:signal", pk=pk)
        status = 400
    else:
        form = SignalForm(instance=signal)
    return render(request, "policy/signal.html", {
        "signal": signal, "form": form,
        "questions": signal.policy_questions.select_related("regeling").order_by("-created_at"),
    }, status=status)
