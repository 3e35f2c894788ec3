"""The panel's answer about a comparable decision, and the precedent register."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from cards.models import CardKind
from cards.services import active_card_set, card_view
from cases.access import editable_case
from cases.models import Outcome, Regeling
from maatwerk import searchterms
from maatwerk.paging import other_parameters
from privacy.logboek import Action, log_pairs

from . import services
from .forms import RegisterFilterForm, comparison_form
from .similar import Similar, similar_decisions


def _back(request, case):
    target = request.POST.get("next", "")
    if target.startswith(f"/casussen/{case.pk}/") and url_has_allowed_host_and_scheme(
            target, allowed_hosts=None):
        return target
    return case.step_url("besluit")


@require_POST
def answer(request, pk, other_pk):
    case = editable_case(request, pk)
    other = services.comparable_cases().filter(pk=other_pk).first()
    if other is None:
        raise Http404
    form = comparison_form(other, data=request.POST)
    saved = False
    if form.is_valid():
        services.answer(case, other, request.user, form.cleaned_data["verdict"],
                        form.cleaned_data["reason"])
        saved = True
    target = _back(request, case) + "#vergelijkbare-besluiten"
    if request.htmx or not saved:
        items = [i for i in similar_decisions(case, request.user) if i.case.pk == other.pk]
        item = items[0] if items else Similar(case=other, own_team=False)
        item.form = form if not saved else comparison_form(other, item.comparison)
        context = {"case": case, "item": item, "editable": True, "saved": saved,
                   "next": _back(request, case)}
        if request.htmx and items:
            return render(request, "precedents/_panel.html#entry", context)
        if request.htmx:  # no longer in the panel: the whole page again
            return HttpResponseClientRedirect(target)
        if not saved:
            # Without JavaScript: the answer again with its errors and the text as typed.
            messages.error(request, _("Je antwoord over %(ref)s is niet opgeslagen. Kijk bij "
                                      "je antwoord.") % {"ref": other.reference})
            return render(request, "precedents/answer.html", context)
    if saved:
        messages.success(request, _("Je antwoord over %(ref)s is opgeslagen.")
                         % {"ref": other.reference})
    if request.htmx:  # the decision is no longer in the panel: the whole page again
        return HttpResponseClientRedirect(target)
    return redirect(target)


@require_http_methods(["GET", "HEAD", "POST"])
def register(request):
    user = request.user
    if not (user.has_perm("cases.work_on_cases") or user.has_perm("reviews.review_decisions")
            or user.has_perm("privacy.view_policy_insight")):
        raise PermissionDenied
    if request.method == "POST":  # search words go in the body, never in the URL
        return searchterms.redirect_posted(request)
    card_set = active_card_set()
    signals = []
    if card_set:
        view = card_view(card_set, CardKind.SIGNALEN)
        signals = [(item.pk, item.text) for item in view.items_by_id.values()]
    regelingen = list(Regeling.objects.values_list("pk", "name"))
    years = sorted({d.year for d in services.comparable_cases().exclude(
        decided_at=None).dates("decided_at", "year")}, reverse=True)
    token = request.GET.get("zoek", "")
    words = searchterms.recall(request, token)
    data = request.GET.copy()
    data["q"] = words
    form = RegisterFilterForm(data, regelingen=regelingen, outcomes=Outcome.choices,
                              signals=signals, years=years)
    filters = form.cleaned_data if form.is_valid() else {}
    cards = services.register(
        query=words, regeling=filters.get("regeling"), outcome=filters.get("outcome", ""),
        signal=filters.get("signal"), year=filters.get("year"))
    page = Paginator(cards, 20).get_page(request.GET.get("pagina"))
    log_pairs(user, Action.LIST, [(c, "precedentenregister") for c in page.object_list],
              detail="precedentenregister")
    return render(request, "precedents/register.html", {
        "form": form, "page": page, "keep": other_parameters(request), "words": words,
        "regelingen": dict(regelingen),
    })
