"""Step 4, Afwegen: per maatwerk option the Argumentenkaart with the professional's own
weights, own arguments, and *Toets je mensbeeld*."""

import re

from django.contrib import messages
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cards.models import CardKind, Stance, TeamItem
from cards.services import card_view

from .. import services
from ..access import editable_case, load_case
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
from ..forms import MensbeeldForm, OwnArgumentEditForm, OwnArgumentForm, WeightForm
from ..models import ArgumentWeight, OptionKind, OwnArgument, Weight
from .common import own_forms, own_row, post_case_row, save_own, walk_context

WEIGHT_NAME = re.compile(r"^arg-(?P<slug>[a-z0-9_]+)-(?P<field>weight|note)$")
OWNARG_NAME = re.compile(r"^oarg-(?P<pk>\d+)-(?P<field>text|weight|note)$")


def _weigh_url(case, option):
    return reverse("cases:weigh", kwargs={"pk": case.pk, "option_pk": option.pk})


def weigh_start(request, case):
    """The Afwegen step opens on the first maatwerk option (or explains how to get one);
    a POST saves the mensbeeld."""
    if request.method == "POST":
        return _mensbeeld_post(request, case)
    options = services.weighed_options(case)
    if options:
        return redirect(_weigh_url(case, options[0]))
    return _render(request, case, None)


def _mensbeeld_post(request, case):
    back = request.POST.get("option")
    option = case.options.filter(pk=parse_version(back)).first() if back else None
    target = _weigh_url(case, option) + "#mensbeeld" if option else case.step_url("afwegen")
    response, outcome = post_case_row(request, case, MensbeeldForm, target)
    if response:
        return response
    return _render(request, case, option, mensbeeld_form=outcome.form,
                   conflicts=conflicts_by_name([outcome]))


@require_http_methods(["GET", "POST"])
def weigh_view(request, pk, option_pk):
    case = editable_case(request, pk) if request.method == "POST" else load_case(request, pk)
    option = get_object_or_404(case.options, pk=option_pk, kind=OptionKind.MAATWERK)
    if request.method == "POST":
        return _weigh_post(request, case, option)
    return _render(request, case, option)


def _weight_forms(case, option, view, weights, editable, data=None):
    url = _weigh_url(case, option)
    existing = {w.item_id: w for w in weights if w.option_id == option.pk}
    forms = {}
    for item in view.items_by_id.values():
        row = existing.get(item.pk)
        initial = {"weight": row.weight, "note": row.note} if row else {"weight": Weight.NVT}
        form = WeightForm(data, item=item, initial=initial)
        form.version = row.version if row else 0
        form.version_name = f"{form.prefix}-version"
        prepare(form, editable, url, form.version_name)
        forms[item.pk] = form
    return forms, existing


def _save_weight(case, option, form, version, field=None):
    return save_form(form, lambda values: upsert_versioned(
        ArgumentWeight, {"case": case, "option": option, "item": form.item}, version, values),
        field)


def _autosave(request, case, option, view, own):
    name = request.htmx.trigger_name or ""
    if match := WEIGHT_NAME.match(name):
        item = view.items_by_key.get(match["slug"].replace("_", "."))
        if item is None:
            return HttpResponseBadRequest()
        return autosave_unit(
            request, WeightForm(request.POST, item=item),
            lambda f, v, fld: _save_weight(case, option, f, v, fld), match["field"],
            balance=lambda: _theme_balance(case, option, item=item))
    if match := OWNARG_NAME.match(name):
        row = own_row(own, match["pk"])
        if row is None:
            return HttpResponseBadRequest()
        form = OwnArgumentEditForm(request.POST, prefix=f"oarg-{row.pk}")
        form.row = row
        return autosave_unit(
            request, form, lambda f, v, fld: save_own(OwnArgument, f, v, fld), match["field"],
            balance=lambda: _theme_balance(case, option, section_key=row.section_key))
    return HttpResponseBadRequest()


def _weigh_post(request, case, option):
    view = card_view(case.card_set, CardKind.ARGUMENTEN)
    own = list(OwnArgument.objects.filter(option=option))
    if request.htmx:
        return _autosave(request, case, option, view, own)
    weights = services.weights_for(case)
    forms, existing = _weight_forms(case, option, view, weights, True, request.POST)
    url = _weigh_url(case, option)
    own_argument_forms = own_forms(own, url, "oarg", True, request.POST, OwnArgumentEditForm)

    def stored(form):
        row = existing.get(form.item.pk)
        return ({"weight": row.weight, "note": row.note} if row
                else {"weight": Weight.NVT, "note": ""})

    outcomes = save_rows(request, forms.values(),
                         lambda f, v: _save_weight(case, option, f, v), stored)
    outcomes += save_rows(request, own_argument_forms,
                          lambda f, v: save_own(OwnArgument, f, v))
    done = whole_post_done(request, outcomes, url)
    if done:
        return done
    show_saved_versions(outcomes)
    return _render(request, case, option, forms=forms, own_argument_forms=own_argument_forms,
                   conflicts=conflicts_by_name(outcomes))


def _theme_balance(case, option, item=None, section_key=None):
    """The balance picture of the theme a saved weight belongs to (sent out of band)."""
    if section_key is None:
        view = card_view(case.card_set, CardKind.ARGUMENTEN)
        section_key = next(s.key for s in view.sections for c in s.clusters.all()
                           if item.cluster_id == c.pk)
    balances = services.weighing_picture(case.card_set, option, services.weights_for(case),
                                         list(OwnArgument.objects.filter(option=option)))
    return next(b for b in balances if b.key == section_key)


def _render(request, case, option, forms=None, own_argument_forms=None, conflicts=None,
            mensbeeld_form=None, add_form=None):
    editable = services.can_edit(request.user, case)
    view = card_view(case.card_set, CardKind.ARGUMENTEN)
    weights = services.weights_for(case)
    own_all = list(OwnArgument.objects.filter(case=case))
    balances = []
    if option is not None:
        if forms is None:
            forms, _existing = _weight_forms(case, option, view, weights, editable)
        if own_argument_forms is None:
            own_argument_forms = own_forms([a for a in own_all if a.option_id == option.pk],
                                           _weigh_url(case, option), "oarg", editable,
                                           form_class=OwnArgumentEditForm)
        balances = services.weighing_picture(case.card_set, option, weights, own_all)
    if mensbeeld_form is None:
        mensbeeld_form = MensbeeldForm(instance=case)
    prepare(mensbeeld_form, editable, case.step_url("afwegen"), "version")
    team_items = TeamItem.objects.filter(team=case.team_id, kind=CardKind.ARGUMENTEN,
                                         is_active=True)
    own_by_theme = {}
    for form in own_argument_forms or []:
        own_by_theme.setdefault(f"{form.row.section_key}:{form.row.stance}", []).append(form)
    return render(request, "cases/step_afwegen.html", walk_context(
        request, case, "afwegen", view=view, option=option,
        options=services.weighed_options(case),
        forms_by_item=forms or {}, own_by_theme=own_by_theme, balances=balances,
        balance_by_theme={b.key: b for b in balances},
        mensbeeld_form=mensbeeld_form, conflicts=conflicts or {},
        add_form=add_form or OwnArgumentForm(themes=view.sections),
        team_items=team_items, version=case.version, stances=Stance.choices,
        weight_choices=Weight.choices,
    ))


@require_POST
def add_own_argument(request, pk, option_pk):
    case = editable_case(request, pk)
    option = get_object_or_404(case.options, pk=option_pk, kind=OptionKind.MAATWERK)
    view = card_view(case.card_set, CardKind.ARGUMENTEN)
    back = _weigh_url(case, option)
    if request.POST.get("team_item"):
        team_item = TeamItem.objects.filter(
            pk=parse_version(request.POST["team_item"]), team=case.team_id,
            kind=CardKind.ARGUMENTEN, is_active=True).first()
        if team_item is None:
            raise Http404
        services.add_own_argument(case, option, team_item.section_key,
                                  team_item.stance or Stance.VOOR, team_item.text,
                                  team_item=team_item)
        messages.success(request, _("Het argument van je team staat nu bij je eigen argumenten."))
        return redirect(back + f"#thema-{team_item.section_key}")
    form = OwnArgumentForm(request.POST, themes=view.sections)
    if form.is_valid():
        services.add_own_argument(case, option, **form.cleaned_data)
        messages.success(request, _("Je eigen argument is toegevoegd."))
        return redirect(back + f"#thema-{form.cleaned_data['section_key']}")
    return _render(request, case, option, add_form=form)


@require_POST
def delete_own_argument(request, pk, own_pk):
    case = editable_case(request, pk)
    row = get_object_or_404(OwnArgument, pk=own_pk, case=case)
    back = reverse("cases:weigh", kwargs={"pk": case.pk, "option_pk": row.option_id})
    row.delete()
    messages.success(request, _("Verwijderd."))
    return redirect(back)
