"""Step 2, Signalen: the Signalenkaart, each signal a checkbox with a note, and own signals."""

import re

from django.contrib import messages
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cards.models import CardKind, TeamItem
from cards.services import card_view

from .. import services
from ..access import editable_case
from ..autosave import (
    autosave_unit,
    conflicts_by_name,
    prepare,
    save_form,
    save_rows,
    show_saved_versions,
    whole_post_done,
)
from ..editing import parse_version, upsert_versioned
from ..forms import OwnNoteForm, OwnSignalForm, SignalForm
from ..models import OwnSignal, SignalMark
from .common import own_forms, own_row, save_own, walk_context

SIGNAL_NAME = re.compile(r"^sig-(?P<slug>[a-z0-9_]+)-(?P<field>marked|note)$")
OWN_NAME = re.compile(r"^own-(?P<pk>\d+)-(?P<field>text|note)$")


def _signal_forms(case, view, marks, data=None, editable=False):
    url = case.step_url("signalen")
    forms = []
    for item in view.items_by_id.values():
        mark = marks.get(item.pk)
        initial = {"marked": mark.marked, "note": mark.note} if mark else {}
        form = SignalForm(data, item=item, initial=initial)
        form.version = mark.version if mark else 0
        form.version_name = f"{form.prefix}-version"
        prepare(form, editable, url, form.version_name)
        forms.append(form)
    return forms


def _save_signal(case, form, version, field=None):
    return save_form(form, lambda values: upsert_versioned(
        SignalMark, {"case": case, "item": form.item}, version, values), field)


def _autosave(request, case, view, own):
    name = request.htmx.trigger_name or ""
    if match := SIGNAL_NAME.match(name):
        item = view.items_by_key.get(match["slug"].replace("_", "."))
        if item is None:
            return HttpResponseBadRequest()
        return autosave_unit(request, SignalForm(request.POST, item=item),
                             lambda f, v, fld: _save_signal(case, f, v, fld), match["field"])
    if match := OWN_NAME.match(name):
        row = own_row(own, match["pk"])
        if row is None:
            return HttpResponseBadRequest()
        form = OwnNoteForm(request.POST, prefix=f"own-{row.pk}")
        form.row = row
        return autosave_unit(request, form, lambda f, v, fld: save_own(OwnSignal, f, v, fld),
                             match["field"])
    return HttpResponseBadRequest()


def signals_step(request, case):
    view = card_view(case.card_set, CardKind.SIGNALEN)
    editable = services.can_edit(request.user, case)
    url = case.step_url("signalen")
    own = list(OwnSignal.objects.filter(case=case))
    if request.method == "POST" and request.htmx:
        return _autosave(request, case, view, own)
    marks = services.marks_by_item(case)
    data = request.POST if request.method == "POST" else None
    signal_forms = _signal_forms(case, view, marks, data, editable)
    own_signal_forms = own_forms(own, url, "own", editable, data)
    conflicts = {}
    if request.method == "POST":

        def stored(form):
            mark = marks.get(form.item.pk)
            return ({"marked": mark.marked, "note": mark.note} if mark
                    else {"marked": False, "note": ""})

        outcomes = save_rows(request, signal_forms,
                             lambda f, v: _save_signal(case, f, v), stored)
        outcomes += save_rows(request, own_signal_forms,
                              lambda f, v: save_own(OwnSignal, f, v))
        done = whole_post_done(request, outcomes, url)
        if done:
            return done
        conflicts = conflicts_by_name(outcomes)
        show_saved_versions(outcomes)
    return _render(request, case, view, signal_forms, own_signal_forms, conflicts)


def _render(request, case, view, signal_forms, own_signal_forms, conflicts=None,
            add_form=None):
    team_items = TeamItem.objects.filter(team=case.team_id, kind=CardKind.SIGNALEN,
                                         is_active=True)
    return render(request, "cases/step_signalen.html", walk_context(
        request, case, "signalen", view=view,
        forms_by_item={f.item.pk: f for f in signal_forms}, own_forms=own_signal_forms,
        team_items=team_items, conflicts=conflicts or {},
        add_form=add_form or OwnSignalForm(), version=case.version,
    ))


@require_POST
def add_own_signal(request, pk):
    case = editable_case(request, pk)
    back = case.step_url("signalen") + "#eigen-signalen"
    if request.POST.get("team_item"):
        team_item = TeamItem.objects.filter(
            pk=parse_version(request.POST["team_item"]), team=case.team_id,
            kind=CardKind.SIGNALEN, is_active=True).first()
        if team_item is None:
            raise Http404
        services.add_own_signal(case, team_item.section_key, team_item.text,
                                team_item=team_item)
        messages.success(request, _("Het signaal van je team staat nu bij je eigen signalen."))
        return redirect(back)
    form = OwnSignalForm(request.POST)
    if form.is_valid():
        services.add_own_signal(case, **form.cleaned_data)
        messages.success(request, _("Je eigen signaal is toegevoegd."))
        return redirect(back)
    view = card_view(case.card_set, CardKind.SIGNALEN)
    own = OwnSignal.objects.filter(case=case)
    return _render(
        request, case, view, _signal_forms(case, view, services.marks_by_item(case), None, True),
        own_forms(own, case.step_url("signalen"), "own", True), add_form=form)


@require_POST
def delete_own_signal(request, pk, own_pk):
    case = editable_case(request, pk)
    get_object_or_404(OwnSignal, pk=own_pk, case=case).delete()
    messages.success(request, _("Verwijderd."))
    return redirect(case.step_url("signalen"))
