"""Logboek for beheer and the inzageverzoek."""

import json

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from maatwerk.paging import other_parameters

from . import services
from .models import AccessLogEntry


def _require(request, perm):
    if not request.user.has_perm(perm):
        raise PermissionDenied


class LogFilterForm(forms.Form):
    case_ref = forms.CharField(label=gettext_lazy("Casusreferentie"), required=False,
                               max_length=20)
    actor = forms.CharField(label=gettext_lazy("Gebruikersnaam"), required=False, max_length=150)
    action = forms.ChoiceField(label=gettext_lazy("Handeling"), required=False,
                               choices=[("", gettext_lazy("Alle"))]
                               + list(AccessLogEntry.Action.choices))


@require_safe
def logboek(request):
    _require(request, "privacy.view_logboek")
    form = LogFilterForm(request.GET or None)
    entries = AccessLogEntry.objects.all()
    if form.is_valid():
        if form.cleaned_data["case_ref"]:
            entries = entries.filter(case_ref__iexact=form.cleaned_data["case_ref"].strip())
        if form.cleaned_data["actor"]:
            entries = entries.filter(actor_name__iexact=form.cleaned_data["actor"].strip())
        if form.cleaned_data["action"]:
            entries = entries.filter(action=form.cleaned_data["action"])
    page = Paginator(entries, 50).get_page(request.GET.get("pagina"))
    return render(request, "privacy/logboek.html", {
        "form": form, "page": page, "query": other_parameters(request),
    })


class InzageForm(forms.Form):
    inwoner_ref = forms.CharField(label=gettext_lazy("Inwonerreferentie"), max_length=40)


# The inwoner reference is posted, never put in a URL (URLs land in access logs).
@require_http_methods(["GET", "HEAD", "POST"])
def inzage(request):
    _require(request, "privacy.export_inzage")
    form = InzageForm(request.POST or None)
    cases = services.inzage_cases(form.cleaned_data["inwoner_ref"]) if form.is_valid() else None
    return render(request, "privacy/inzage.html", {"form": form, "cases": cases})


def _inzage_data(request):
    _require(request, "privacy.export_inzage")
    form = InzageForm(request.POST)
    if not form.is_valid():
        return None
    return services.inzage_export(request.user, form.cleaned_data["inwoner_ref"])


@require_POST
def inzage_json(request):
    data = _inzage_data(request)
    if data is None:
        return HttpResponse(_("Vul een inwonerreferentie in."), status=400,
                            content_type="text/plain; charset=utf-8")
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=1),
                            content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="inzageverzoek.json"'
    return response


@require_POST
def inzage_pdf(request):
    from cases.pdf import render_inzage_pdf

    data = _inzage_data(request)
    if data is None:
        return HttpResponse(_("Vul een inwonerreferentie in."), status=400,
                            content_type="text/plain; charset=utf-8")
    response = HttpResponse(render_inzage_pdf(data), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="inzageverzoek.pdf"'
    return response
