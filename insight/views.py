"""Teaminzicht: a teamleider's view of the own team's decisions; a beleidsmaker sees the same
across teams, without names. Every table has a CSV download with the same rows."""

import csv
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts.models import Team
from maatwerk.paging import other_parameters

from . import charts
from .forms import BudgetForm, InsightFilterForm
from .models import RegelingBudget
from .services import insight_for, outcome_labels, scope_for


def _allowed(user):
    if not user.has_perm("insight.view_teaminzicht"):
        raise PermissionDenied


def _teams(user):
    return Team.objects.filter(pk__in=user.team_ids())


def _page(request, budget_form=None, status=200):
    user = request.user
    form = InsightFilterForm(request.GET or None)
    filters = form.filters()
    scope = scope_for(user)
    data = insight_for(scope, filters)
    teams = _teams(user)  # one query: the form's len() fills its cache for the list below
    can_budget = user.has_perm("insight.set_budget") and bool(user.team_ids())
    if can_budget and budget_form is None:
        budget_form = BudgetForm(teams=teams)
    return render(request, "insight/teaminzicht.html", {
        "form": form, "data": data, "filters": filters, "query": request.GET.urlencode(),
        "outcomes": outcome_labels(),
        "outcome_totals": list(zip(outcome_labels(), data.totals["counts"], strict=True)),
        "months_chart": charts.stacked_months(data.months),
        "budget_chart": charts.budget_bars(data.by_regeling),
        "budget_form": budget_form if can_budget else None,
        "teams": teams if scope.team_ids is not None else None,
        "spread_page": Paginator(data.spread, SPREAD_PAGE).get_page(request.GET.get("spreiding")),
        "spread_keep": other_parameters(request, "spreiding"),
    }, status=status)


SPREAD_PAGE = 100  # rows of the spread per page: 834 teams × their regelingen at a million



@require_safe
def teaminzicht(request):
    _allowed(request.user)
    return _page(request)


@require_http_methods(["POST"])
def budget(request):
    user = request.user
    _allowed(user)
    if not (user.has_perm("insight.set_budget") and user.team_ids()):
        raise PermissionDenied
    form = BudgetForm(request.POST, teams=_teams(user))
    if not form.is_valid():
        return _page(request, budget_form=form, status=400)
    team, regeling, amount = (form.cleaned_data[k] for k in ("team", "regeling", "amount"))
    if amount is None:
        RegelingBudget.objects.filter(team=team, regeling=regeling).delete()
        messages.success(request, _("Het budget voor %(r)s is weggehaald.") % {"r": regeling})
    else:
        RegelingBudget.objects.update_or_create(
            team=team, regeling=regeling, defaults={"amount": amount, "updated_by": user})
        messages.success(request, _("Het budget voor %(r)s is opgeslagen.") % {"r": regeling})
    query = request.GET.urlencode()
    return redirect(reverse("insight:teaminzicht") + (f"?{query}" if query else "") + "#budget")


def _cell(value):
    """A CSV cell that a spreadsheet will not run as a formula (CSV injection)."""
    if isinstance(value, Decimal):
        return str(value).replace(".", ",")  # Dutch spreadsheets: a decimal comma
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


CSV_FIGURES = {
    "per-regeling": _("besluiten-per-regeling"),
    "per-maand": _("besluiten-per-maand"),
    "spreiding": _("spreiding"),
    "mensbeeld": _("mensbeeld-naast-uitkomst"),
}


@require_safe
def download(request, figure):
    _allowed(request.user)
    if figure not in CSV_FIGURES:
        raise PermissionDenied
    form = InsightFilterForm(request.GET or None)
    filters = form.filters()
    data = insight_for(scope_for(request.user), filters)
    outcomes = [str(label) for label in outcome_labels()]
    rows = []
    if figure == "per-regeling":
        rows.append([_("Regeling"), _("Besluiten"), *outcomes, _("Teruggestuurd"),
                     _("Dagen tot besluit (gemiddeld)"), _("Dagen tot goedkeuring (gemiddeld)"),
                     _("Kosten per jaar van de gekozen opties"), _("Budget per jaar"),
                     _("Budget voor de periode")])
        rows += [[r["name"], r["n"], *r["counts"], r["returned"], r["to_decision"],
                  r["to_approval"], r["yearly_cost"], r["budget"], r["period_budget"]]
                 for r in data.by_regeling]
    elif figure == "per-maand":
        rows.append([_("Maand"), _("Besluiten"), *outcomes])
        rows += [[m["month"].strftime("%Y-%m"), m["n"], *m["counts"]] for m in data.months]
    elif figure == "spreiding":
        rows.append([_("Casemanager") if data.scope.personal else _("Team"), _("Regeling"),
                     _("Besluiten"), _("Maatwerk toegepast"), _("Aandeel maatwerk (%)")])
        rows += [[r["who"], r["regeling"], r["n"], r["maatwerk"], r["share"]]
                 for r in data.spread]
    else:
        rows.append([_("Kenmerk"), _("Inschatting"), *outcomes])
        for table in data.mensbeeld:
            rows += [[table["label"], row["level"],
                      *[_("minder dan 5") if c is None else c for c in row["cells"]]]
                     for row in table["rows"]]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"teaminzicht-{CSV_FIGURES[figure]}-{filters.start}-{filters.end}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response.write("\ufeff")  # Excel reads UTF-8 only with a BOM
    writer = csv.writer(response, delimiter=";")
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return response
