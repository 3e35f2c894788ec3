"""Step 4, Afwegen: per maatwerk option the Argumentenkaart, one theme per page, with the
professional's own weights and notes and their own arguments; an overview that shows the
weighing back in words (cases.weighing: never a sum, never a lean); and *Toets je mensbeeld*.
"""

import re
from dataclasses import dataclass

from django.contrib import messages
from django.forms.utils import flatatt
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cards.models import CardKind, Stance, TeamItem
from cards.services import card_view

from .. import page_cache, services
from ..access import editable_case, load_case
from ..autosave import (
    FORM_ATTRS,
    autosave_unit,
    conflicts_by_name,
    prepare,
    save_form,
    save_rows,
    show_saved_versions,
    whole_post_done,
)
from ..editing import parse_version, upsert_versioned
from ..forms import (
    MensbeeldForm,
    OwnArgumentEditForm,
    OwnArgumentForm,
    WeightForm,
    item_slug,
)
from ..models import ArgumentWeight, OptionKind, OwnArgument, Weight
from ..templatetags.maatwerk import group_attrs, widget_attrs
from ..weighing import arguments_of, mirror, weighed_options
from .common import own_forms, own_row, post_case_row, save_own, walk_context

WEIGHT_NAME = re.compile(r"^arg-(?P<slug>[a-z0-9_]+)-(?P<field>weight|note)$")
OWNARG_NAME = re.compile(r"^oarg-(?P<pk>\d+)-(?P<field>text|weight|note)$")
TEMPLATE = "cases/step_afwegen.html"


def theme_url(case, option, theme):
    return reverse("cases:weigh_theme", kwargs={"pk": case.pk, "option_pk": option.pk,
                                                "theme": theme})


def weigh_start(request, case):
    """The step opens on the first theme of the first maatwerk option, shown here rather
    than through a redirect (one request and one logboek entry per visit, not two); its
    forms post to the theme's own URL. Without an option it explains how to get one."""
    options = weighed_options(case)
    if not options:
        return render(request, TEMPLATE, _context(request, case, None, "overzicht"))
    first = card_view(case.card_set, CardKind.ARGUMENTEN).sections[0]
    if request.method == "POST":
        return redirect(theme_url(case, options[0], first.key))
    return _theme(request, case, options[0].pk, first.key)


def _option(case, option_pk):
    return get_object_or_404(case.options, pk=option_pk, kind=OptionKind.MAATWERK)


def _context(request, case, option, tab, **extra):
    view = card_view(case.card_set, CardKind.ARGUMENTEN)
    return walk_context(request, case, "afwegen", view=view, option=option, tab=tab,
                        options=weighed_options(case), **extra)


@require_GET
def overview(request, pk, option_pk):
    """What the professional weighed for this option, theme by theme, in their own words."""
    case = load_case(request, pk, progress=False)
    return page_cache.kept(request, case, lambda case: _overview(request, case, option_pk))


def _overview(request, case, option_pk):
    option = _option(case, option_pk)
    themes = mirror(case, option, arguments_of(case, [option]))
    return render(request, TEMPLATE, _context(request, case, option, "overzicht",
                                              themes=themes))


# --- One theme ------------------------------------------------------------------------------


def _section(case, theme):
    view = card_view(case.card_set, CardKind.ARGUMENTEN)
    section = next((s for s in view.sections if s.key == theme), None)
    if section is None:
        raise Http404
    return section


def _weight_forms(case, option, section, editable, data=None, weights=None):
    """The weight forms of the theme's arguments; ``weights``: the option's ArgumentWeight
    rows when the caller has loaded them already (else the theme's are read)."""
    url = theme_url(case, option, section.key)
    items = [item for cluster in section.clusters.all() for item in cluster.items.all()]
    if weights is None:
        weights = ArgumentWeight.objects.filter(option=option,
                                                item__in=[item.pk for item in items])
    in_theme = {item.pk for item in items}
    existing = {w.item_id: w for w in weights if w.item_id in in_theme}
    forms = {}
    for item in items:
        row = existing.get(item.pk)
        initial = {"weight": row.weight, "note": row.note} if row else {}
        form = WeightForm(data, item=item, initial=initial)
        form.version = row.version if row else 0
        form.version_name = f"{form.prefix}-version"
        prepare(form, editable, url, form.version_name, inherited=True)
        forms[item.pk] = form
    return forms, existing


@dataclass
class ArgumentRow:
    """One argument of the theme as the page shows it, every value worked out once: a theme
    renders 10–15 of these and per-argument template work was most of the page's time
    (docs/performance.md)."""

    item: object
    form: WeightForm
    slug: str
    radios: list  # (value, label, checked)
    weighed: bool
    looked_at: bool  # any choice, n.v.t. too: "Waarom hier?" then has something to explain
    weight_attrs: str
    note_attrs: str
    comments: list
    weight_conflict: bool
    note_conflict: bool

    @property
    def note(self):
        return self.form["note"]


def _columns(section, forms, comments, conflicts):
    """[(stance, label, [(cluster, [ArgumentRow])])] in the card's order."""
    labels = [(value, str(label)) for value, label in Weight.choices]
    by_item = comments["by_item"]
    clusters = []
    for cluster in section.clusters.all():
        rows = []
        for item in cluster.items.all():
            form = forms[item.pk]
            weight, note = form["weight"], form["note"]
            checked = weight.value() or ""
            # Each radio inside its label (implicit label): no ids to repeat.
            radios = [(value, label, value == checked) for value, label in labels]
            rows.append(ArgumentRow(
                item=item, form=form, slug=item_slug(item), radios=radios,
                weighed=checked not in ("", Weight.NVT), looked_at=checked != "",
                weight_attrs=group_attrs(weight), note_attrs=widget_attrs(note),
                comments=by_item.get(item.pk, []),
                weight_conflict=weight.html_name in conflicts,
                note_conflict=note.html_name in conflicts))
        clusters.append((cluster, rows))
    return [(stance, label, [(c, rows) for c, rows in clusters if c.stance == stance])
            for stance, label in Stance.choices]


def _save_weight(case, option, form, version, field=None):
    return save_form(form, lambda values: upsert_versioned(
        ArgumentWeight, {"case": case, "option": option, "item": form.item}, version, values),
        field)


def _theme_mirror(case, option, section_key, weights=None, own_arguments=None):
    """This theme's weighing, shown beside the arguments and refreshed after each save.
    ``weights`` and ``own_arguments``: the option's rows, when already loaded and current."""
    if weights is None:
        weights = ArgumentWeight.objects.filter(option=option)
    if own_arguments is None:
        own_arguments = OwnArgument.objects.filter(option=option)
    themes = mirror(case, option, arguments_of(case, [option], list(weights),
                                               list(own_arguments)))
    return next(t for t in themes if t.key == section_key)


def _autosave(request, case, option, section, own):
    name = request.htmx.trigger_name or ""
    refresh = {"theme_mirror": lambda: _theme_mirror(case, option, section.key),
               "oob_template": f"{TEMPLATE}#theme_mirror"}
    if match := WEIGHT_NAME.match(name):
        item = card_view(case.card_set, CardKind.ARGUMENTEN).items_by_key.get(
            match["slug"].replace("_", "."))
        if item is None or not any(item.cluster_id == c.pk for c in section.clusters.all()):
            return HttpResponseBadRequest()
        return autosave_unit(request, WeightForm(request.POST, item=item),
                             lambda f, v, fld: _save_weight(case, option, f, v, fld),
                             match["field"], **refresh)
    if match := OWNARG_NAME.match(name):
        row = own_row(own, match["pk"])
        if row is None:
            return HttpResponseBadRequest()
        form = OwnArgumentEditForm(request.POST, prefix=f"oarg-{row.pk}")
        form.row = row
        return autosave_unit(request, form, lambda f, v, fld: save_own(OwnArgument, f, v, fld),
                             match["field"], **refresh)
    return HttpResponseBadRequest()


@require_http_methods(["GET", "POST"])
def theme_view(request, pk, option_pk, theme):
    if request.method == "POST":
        return _theme(request, editable_case(request, pk), option_pk, theme)
    case = load_case(request, pk, progress=False)
    return page_cache.kept(request, case, lambda case: _theme(request, case, option_pk,
                                                              theme))


def _theme(request, case, option_pk, theme):
    option = _option(case, option_pk)
    section = _section(case, theme)
    # The option's own arguments and weights, read once for the theme's forms and for the
    # mirror beside them (a GET; after a POST the mirror reads what was saved).
    own_all = list(OwnArgument.objects.filter(option=option))
    own = [row for row in own_all if row.section_key == section.key]
    if request.method == "POST" and request.htmx:
        return _autosave(request, case, option, section, own)
    editable = services.can_edit(request.user, case)
    url = theme_url(case, option, section.key)
    data = request.POST if request.method == "POST" else None
    weights = list(ArgumentWeight.objects.filter(option=option))
    forms, existing = _weight_forms(case, option, section, editable, data, weights)
    own_argument_forms = own_forms(own, url, "oarg", editable, data, OwnArgumentEditForm,
                                   inherited=True)
    conflicts = {}
    if request.method == "POST":

        def stored(form):
            row = existing.get(form.item.pk)
            return ({"weight": row.weight, "note": row.note} if row
                    else {"weight": Weight.NIET_BEKEKEN, "note": ""})

        outcomes = save_rows(request, forms.values(),
                             lambda f, v: _save_weight(case, option, f, v), stored)
        outcomes += save_rows(request, own_argument_forms,
                              lambda f, v: save_own(OwnArgument, f, v))
        done = whole_post_done(request, outcomes, url)
        if done:
            return done
        show_saved_versions(outcomes)
        conflicts = conflicts_by_name(outcomes)
    loaded = {"weights": weights, "own_arguments": own_all} if request.method == "GET" else {}
    return _render_theme(request, case, option, section, forms, own_argument_forms, conflicts,
                         loaded=loaded)


def _render_theme(request, case, option, section, forms, own_argument_forms, conflicts=None,
                  add_form=None, loaded=None):
    view = card_view(case.card_set, CardKind.ARGUMENTEN)
    keys = [s.key for s in view.sections]
    index = keys.index(section.key)
    team_items = TeamItem.objects.filter(team=case.team_id, kind=CardKind.ARGUMENTEN,
                                         section_key=section.key, is_active=True)
    own_by_stance = {stance: [f for f in own_argument_forms if f.row.stance == stance]
                     for stance in Stance.values}
    context = _context(request, case, option, section.key)
    return render(request, TEMPLATE, context | dict(
        section=section, columns=_columns(section, forms, context["comments"], conflicts or {}),
        own_by_stance=own_by_stance, team_items=team_items, conflicts=conflicts or {},
        theme_mirror=_theme_mirror(case, option, section.key, **(loaded or {})),
        add_form=add_form or OwnArgumentForm(themes=[section], initial={
            "section_key": section.key}),
        next_section=view.sections[index + 1] if index + 1 < len(keys) else None,
        previous_section=view.sections[index - 1] if index else None,
        version=case.version, shared_attrs=flatatt(FORM_ATTRS) if context["editable"] else "",
    ))


@require_POST
def add_own_argument(request, pk, option_pk):
    case = editable_case(request, pk)
    option = _option(case, option_pk)
    view = card_view(case.card_set, CardKind.ARGUMENTEN)
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
        return redirect(theme_url(case, option, team_item.section_key) + "#eigen-argumenten")
    form = OwnArgumentForm(request.POST, themes=view.sections)
    if form.is_valid():
        services.add_own_argument(case, option, **form.cleaned_data)
        messages.success(request, _("Je eigen argument is toegevoegd."))
        return redirect(theme_url(case, option, form.cleaned_data["section_key"])
                        + "#eigen-argumenten")
    section = next((s for s in view.sections if s.key == request.POST.get("section_key")),
                   view.sections[0])
    form.fields["section_key"].choices = [(section.key, section.title)]
    editable = services.can_edit(request.user, case)
    own = OwnArgument.objects.filter(option=option, section_key=section.key)
    forms, _existing = _weight_forms(case, option, section, editable)
    return _render_theme(
        request, case, option, section, forms,
        own_forms(own, theme_url(case, option, section.key), "oarg", editable,
                  form_class=OwnArgumentEditForm, inherited=True), add_form=form)


@require_POST
def delete_own_argument(request, pk, own_pk):
    case = editable_case(request, pk)
    row = get_object_or_404(OwnArgument, pk=own_pk, case=case)
    back = theme_url(case, row.option, row.section_key) + "#eigen-argumenten"
    row.delete()
    messages.success(request, _("Verwijderd."))
    return redirect(back)


# --- Toets je mensbeeld ---------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def mensbeeld(request, pk):
    case = editable_case(request, pk) if request.method == "POST" else load_case(request, pk)
    editable = services.can_edit(request.user, case)
    url = reverse("cases:mensbeeld", kwargs={"pk": case.pk})
    form, conflicts = MensbeeldForm(instance=case), {}
    if request.method == "POST":
        response, outcome = post_case_row(request, case, MensbeeldForm, url)
        if response:
            return response
        form, conflicts = outcome.form, conflicts_by_name([outcome])
    options = weighed_options(case)
    return render(request, TEMPLATE, _context(
        request, case, options[0] if options else None, "mensbeeld",
        mensbeeld_form=prepare(form, editable, url, "version"), conflicts=conflicts,
        version=case.version))
