"""Case lists, a new case, the summary, the history tab and the PDF download."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from maatwerk import searchterms
from maatwerk.paging import CappedPaginator
from privacy.logboek import Action, log_access, log_many, purpose_for, team_purpose

from . import history, services
from .access import load_case
from .forms import NewCaseForm
from .models import Case, Regeling, Status
from .summary import build_summary, render_summary_page

PAGE_SIZE = 25


def _case_list(request, scope):
    user = request.user
    if not (user.has_perm("cases.work_on_cases") or user.has_perm("reviews.review_decisions")):
        raise PermissionDenied
    if request.method == "POST":
        # Search words can name an inwoner: they are posted, never put in a URL (URLs end up
        # in access logs and browser history). The URL carries a meaningless token.
        return searchterms.redirect_posted(request)
    cases = Case.objects.of_team(user).select_related("owner", "team")
    if scope == "mine":
        cases = cases.filter(owner=user)
    status = request.GET.get("status", "")
    if status in Status.values:
        cases = cases.filter(status=status)
    token = request.GET.get("zoek", "")
    query = searchterms.recall(request, token)
    if query:
        cases = services.search_cases(cases, query)
    order = request.GET.get("volgorde", "")
    cases = cases.order_by("deadline", "-updated_at") if order == "deadline" else cases.order_by(
        "-updated_at", "-pk")
    page = CappedPaginator(cases, PAGE_SIZE).get_page(request.GET.get("pagina"))
    log_many(user, Action.LIST, page.object_list, purpose=team_purpose(user),
             detail=f"lijst {scope}")
    regelingen = dict(Regeling.objects.values_list("pk", "name"))
    keep = urlencode({"zoek": token if query else "", "status": status, "volgorde": order})
    return render(request, "cases/list.html", {
        "scope": scope, "page": page, "status": status, "query": query, "order": order,
        "statuses": Status.choices, "regelingen": regelingen, "keep": keep,
        "can_create": user.has_perm("cases.work_on_cases") and bool(user.team_ids()),
    })


@require_http_methods(["GET", "HEAD", "POST"])
def my_cases(request):
    return _case_list(request, "mine")


@require_http_methods(["GET", "HEAD", "POST"])
def team_cases(request):
    return _case_list(request, "team")


@require_http_methods(["GET", "POST"])
def new_case(request):
    user = request.user
    if not user.has_perm("cases.work_on_cases") or not user.team_ids():
        raise PermissionDenied
    form = NewCaseForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.create_case(user, form.cleaned_data["team"],
                                        form.cleaned_data["title"],
                                        inwoner_ref=form.cleaned_data["inwoner_ref"])
        except services.WalkError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Je casus is aangemaakt. Vul aan wat je weet; alleen "
                                        "de titel is verplicht."))
            return redirect(case)
    return render(request, "cases/new.html", {"form": form})


HISTORY_PAGE_SIZE = 15  # change sessions per page


@require_safe
def case_history(request, pk):
    case = load_case(request, pk)
    page = Paginator(history.sessions(history.case_history(case)), HISTORY_PAGE_SIZE).get_page(
        request.GET.get("pagina"))
    return render(request, "cases/history.html", {
        "case": case, "page": page,
        "steps": services.step_states(case), "step": "geschiedenis",
    })


@require_safe
def case_summary(request, pk):
    return render_summary_page(request, load_case(request, pk))


@require_safe
def case_pdf(request, pk):
    """The verantwoording as a download; one that is not kept yet is made by the worker
    while the user waits on case_pdf_status (cases.pdf_cache)."""
    from . import pdf_cache

    case = load_case(request, pk, log=False)
    summary = build_summary(case)
    if settings.MAATWERK_PDF_BACKGROUND:
        pdf = pdf_cache.kept_pdf(case, summary)
        if pdf is None:
            task = pdf_cache.prepare_pdf.enqueue(case.pk)
            return redirect(f"{reverse('cases:pdf_status', args=[case.pk])}?taak={task.id}")
    else:
        pdf, _kept = pdf_cache.case_pdf(case, summary)
    log_access(request.user, Action.EXPORT_PDF, case, purpose_for(request.user, case))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="verantwoording-{case.reference}.pdf"'
    return response


@require_safe
def case_pdf_status(request, pk):
    """"De verantwoording wordt gemaakt": asks again every second (htmx) and starts the
    download once the PDF is there; without JavaScript a link asks again."""
    from .pdf_cache import pdf_state

    # The page shows the case's header (a read); its polls show only whether it is ready.
    case = load_case(request, pk, log=not request.htmx)
    state = pdf_state(case, request.GET.get("taak"))
    context = {"case": case, "ready": state.ready,
               "pdf_url": reverse("cases:pdf", args=[case.pk]),
               "poll_url": f"{reverse('cases:pdf_status', args=[case.pk])}?taak={state.task_id}"}
    if request.htmx:
        return render(request, "cases/pdf_status.html#status", context)
    return render(request, "cases/pdf_status.html", context)
