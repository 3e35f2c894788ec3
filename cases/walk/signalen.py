"""Step 2, Signalen: the Signalenkaart, each signal a checkbox with a note, and own signals;
one column of the card per page (``?kolom=``), so the page stays short."""

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


def column(view, key):
    """The card's column (section) ``key``, or the first one."""
    return next((s for s in view.sections if s.key == key), view.sections[0])


def column_url(case, section):
    return f"{case.step_url('signalen')}?kolom={section.key}"


def _items(section):
    return [item for cluster in section.clusters.all() for item in cluster.items.all()]


def _signal_forms(case, view, marks, data=None, editable=False, section=None):
    url = case.step_url("signalen")
    forms = []
    for item in (_items(section) if section else view.items_by_id.values()):
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
    own = list(OwnSignal.objects.filter(case=case))
    if request.method == "POST" and request.htmx:
        return _autosave(request, case, view, own)
    section = column(view, request.GET.get("kolom"))
    url = column_url(case, section)
    marks = services.marks_by_item(case)
    data = request.POST if request.method == "POST" else None
    signal_forms = _signal_forms(case, view, marks, data, editable, section)
    own_signal_forms = own_forms([o for o in own if o.section_key == section.key],
                                 case.step_url("signalen"), "own", editable, data)
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
    return _render(request, case, view, section, signal_forms, own_signal_forms, marks,
                   conflicts)


def _render(request, case, view, section, signal_forms, own_signal_forms, marks,
            conflicts=None, add_form=None):
    team_items = TeamItem.objects.filter(team=case.team_id, kind=CardKind.SIGNALEN,
                                         is_active=True, section_key=section.key)
    others = [(other, [item for item in _items(other)
                       if marks.get(item.pk) and marks[item.pk].marked])
              for other in view.sections if other.key != section.key]
    return render(request, "cases/step_signalen.html", walk_context(
        request, case, "signalen", view=view, section=section,
        columns=[(s, column_url(case, s)) for s in view.sections],
        marked_elsewhere=[(other, items) for other, items in others if items],
        forms_by_item={f.item.pk: f for f in signal_forms}, own_forms=own_signal_forms,
        team_items=team_items, conflicts=conflicts or {},
        add_form=add_form or OwnSignalForm(initial={"section_key": section.key}),
        version=case.version,
    ))


@require_POST
def add_own_signal(request, pk):
    case = editable_case(request, pk)
    view = card_view(case.card_set, CardKind.SIGNALEN)
    section = column(view, request.POST.get("section_key") or request.GET.get("kolom"))
    back = column_url(case, section) + "#eigen-signalen"
    if request.POST.get("team_item"):
        team_item = TeamItem.objects.filter(
            pk=parse_version(request.POST["team_item"]), team=case.team_id,
            kind=CardKind.SIGNALEN, is_active=True).first()
        if team_item is None:
            raise Http404
        services.add_own_signal(case, team_item.section_key, team_item.text,
                                team_item=team_item)
        messages.success(request, _("Het signaal van je team staat nu bij je eigen signalen."))
        return redirect(column_url(case, column(view, team_item.section_key))
                        + "#eigen-signalen")
    form = OwnSignalForm(request.POST)
    if form.is_valid():
        services.add_own_signal(case, **form.cleaned_data)
        messages.success(request, _("Je eigen signaal is toegevoegd."))
        return redirect(back)
    own = OwnSignal.objects.filter(case=case, section_key=section.key)
    marks = services.marks_by_item(case)
    return _render(
        request, case, view, section,
        _signal_forms(case, view, marks, None, True, section),
        own_forms(own, case.step_url("signalen"), "own", True), marks, add_form=form)


@require_POST
def delete_own_signal(request, pk, own_pk):
    case = editable_case(request, pk)
    own = get_object_or_404(OwnSignal, pk=own_pk, case=case)
    own.delete()
    messages.success(request, _("Verwijderd."))
    view = card_view(case.card_set, CardKind.SIGNALEN)
    return redirect(column_url(case, column(view, own.section_key)) + "#eigen-signalen")
