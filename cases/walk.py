"""The deliberation walk: Casus → Signalen → Verkennen → Afwegen → Besluit → Na het besluit.

Each step is one view. GET shows the step; a plain POST saves the whole step (works without
JavaScript) and redirects back; an htmx POST saves the one field named by HX-Trigger-Name
and answers with that field's status line (cases/_autosave.html), never with the field itself.
"""

import re
from dataclasses import dataclass, replace

from django.contrib import messages
from django.db import DatabaseError
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import TeamFrameAnswer
from cards.models import CardKind, TeamItem
from cards.services import card_view
from privacy.logboek import Action, log_access, purpose_for
from reviews.services import case_comments, review_context

from . import services
from .editing import parse_version, save_versioned, upsert_versioned
from .forms import (
    AfterForm,
    AnswersForm,
    CasusForm,
    DecisionForm,
    MensbeeldForm,
    OptionForm,
    OwnArgumentEditForm,
    OwnArgumentForm,
    OwnNoteForm,
    OwnSignalForm,
    SignalForm,
    WeightForm,
    enable_autosave,
)
from .models import (
    Answer,
    ArgumentWeight,
    Case,
    Option,
    OptionKind,
    OwnArgument,
    OwnSignal,
    SignalMark,
    Weight,
)

# --- Loading and permissions ---------------------------------------------------------------


def load_case(request, pk, *, log=True):
    """The case if this user may see it (404 otherwise); every read is logged.

    Pages get the per-step progress counts; an htmx autosave renders no step navigation,
    so it skips that aggregate query."""
    queryset = Case.objects.for_user(request.user).select_related(
        "team", "owner", "card_set", "chosen_option", "decided_by"
    )
    if not request.htmx:
        queryset = services.with_progress(queryset)
    case = queryset.filter(pk=pk).first()
    if case is None:
        raise Http404
    if log and request.method == "GET":
        log_access(request.user, Action.VIEW, case, purpose_for(request.user, case),
                   detail=request.resolver_match.url_name)
    return case


def require_edit(request, case):
    if not services.can_edit(request.user, case):
        if request.htmx:
            return HttpResponse(
                _("Niet opgeslagen: je kunt deze casus niet (meer) wijzigen."), status=403,
                content_type="text/plain; charset=utf-8",
            )
        messages.error(request, _("Je kunt deze casus niet (meer) wijzigen."))
        return redirect("cases:step", pk=case.pk, step="casus")
    return None


def step_url(case, step):
    return reverse("cases:step", kwargs={"pk": case.pk, "step": step})


def walk_context(request, case, step, **extra):
    editable = services.can_edit(request.user, case)
    frame = {a.question_key: a.text for a in TeamFrameAnswer.objects.filter(team=case.team_id)
             if a.text}
    context = {
        "case": case,
        "step": step,
        "steps": services.step_states(case),
        "editable": editable,
        "comments": case_comments(case),
        "frame_answers": frame,
        "frame_card": card_view(case.card_set, CardKind.VRAGEN) if frame else None,
        **review_context(request.user, case),
    }
    context.update(extra)
    return context


def lock_form(form):
    for bound in form.fields.values():
        bound.disabled = True
    return form


def prepare(form, editable, url, version_name):
    return enable_autosave(form, url, version_name) if editable else lock_form(form)


# --- Saving one unit (a row) from a form -----------------------------------------------------


@dataclass
class Outcome:
    form: object
    result: object = None
    invalid: bool = False
    unavailable: bool = False

    @property
    def conflicts(self):
        return self.result.conflicts if self.result else {}


def save_form(form, save, field=None):
    """Validate ``form`` (only ``field`` for an autosave) and hand the values to ``save``."""
    if field is not None:
        form.fields = {field: form.fields[field]}
    if not form.is_valid():
        return Outcome(form=form, invalid=True)
    values = {name: form.cleaned_data[name] for name in form.fields}
    try:
        return Outcome(form=form, result=save(values))
    except DatabaseError:
        return Outcome(form=form, unavailable=True)


def autosave_response(request, outcome, *, html_name, version_name, verbose_field=None,
                      balance=None):
    """The status line of one field (and, out of band, the row's new version and, for a
    weight, the theme's balance picture)."""
    context = {"status_id": f"status-{html_name}", "version_name": version_name,
               "balance": balance}
    status = 200
    if outcome.unavailable:
        return HttpResponse(
            _("Niet opgeslagen: de opslag is even niet bereikbaar. Je tekst staat nog in het "
              "veld; probeer het zo opnieuw."),
            status=503, content_type="text/plain; charset=utf-8",
        )
    if outcome.invalid:
        errors = [e for errs in outcome.form.errors.values() for e in errs]
        context.update(state="invalid", error=" ".join(errors))
        status = 422
    elif outcome.conflicts:
        conflict = next(iter(outcome.conflicts.values()))
        context.update(state="conflict", conflict=conflict,
                       theirs=display_value(outcome.form, verbose_field or conflict.field,
                                            conflict.theirs))
        status = 409
    else:
        context.update(state="saved", saved_at=timezone.localtime())
    if outcome.result is not None:
        context.update(version=outcome.result.obj.version, oob=True)
    return render(request, "cases/_autosave_response.html", context, status=status)


def display_value(form, name, value):
    field = form.fields.get(name)
    choices = getattr(field, "choices", None)
    if choices is not None:
        labels = {str(k): v for k, v in choices}
        if isinstance(value, list):
            return ", ".join(str(labels.get(str(v), v)) for v in value)
        return labels.get(str(value), value)
    return value


def full_post_done(request, case, step, outcomes):
    """After a whole-step POST: redirect when all saved, else the caller re-renders."""
    if any(o.invalid or o.conflicts or o.unavailable for o in outcomes):
        if any(o.conflicts for o in outcomes):
            messages.warning(request, _(
                "Iemand anders heeft intussen ook iets gewijzigd. Wat alleen jij wijzigde is "
                "opgeslagen; bij de velden hieronder zie je de andere tekst. Je eigen tekst "
                "staat nog in het veld."))
        elif any(o.unavailable for o in outcomes):
            messages.error(request, _("Niet opgeslagen: de opslag is even niet bereikbaar. "
                                      "Probeer het zo opnieuw."))
        else:
            messages.error(request, _("Niet alles is opgeslagen. Kijk bij de velden hieronder."))
        return None
    messages.success(request, _("Opgeslagen."))
    return redirect(step_url(case, step))


def save_rows(request, forms, save, stored=None):
    """A whole-step POST over many rows (signals, weights, own items): save each row whose
    posted values differ from ``stored(form)`` (all rows when ``stored`` is None)."""
    outcomes = []
    for form in forms:
        version = parse_version(request.POST.get(form.version_name)) or 0
        if not form.is_valid():
            outcomes.append(Outcome(form=form, invalid=True))
            continue
        if stored is not None and form.cleaned_data == stored(form):
            continue
        outcomes.append(save(form, version))
    return outcomes


def show_saved_versions(outcomes):
    """After a partly refused whole-step POST, the page carries the versions now stored."""
    for outcome in outcomes:
        if outcome.result is not None:
            outcome.form.version = outcome.result.obj.version


def conflicts_by_name(outcomes):
    found = {}
    for outcome in outcomes:
        for name, conflict in outcome.conflicts.items():
            html_name = outcome.form.add_prefix(name)
            found[html_name] = {
                "conflict": conflict,
                "theirs": display_value(outcome.form, name, conflict.theirs),
            }
    return found


def save_case_fields(request, case, form, field=None):
    version = parse_version(request.POST.get("version"))
    if version is None:
        return None
    return save_form(
        form, lambda values: save_versioned(Case.objects.all(), case.pk, version, values), field
    )


def autosave_unit(request, form, save, field, extra=None):
    """Autosave one field of one row: read the row's version from the POST, save, and answer
    with the field's status line. ``save(form, version, field)`` does the saving; ``extra``
    returns more out-of-band context after the save (a theme's balance)."""
    version_name = f"{form.prefix}-version"
    version = parse_version(request.POST.get(version_name))
    if version is None:
        return bad_version()
    outcome = save(form, version, field)
    return autosave_response(request, outcome, html_name=form.add_prefix(field),
                             version_name=version_name, **(extra() if extra else {}))


def bad_version():
    return HttpResponseBadRequest(
        _("Niet opgeslagen: de pagina is verouderd. Ververs de pagina."),
        content_type="text/plain; charset=utf-8",
    )


# --- Step dispatcher -------------------------------------------------------------------------


STEP_VIEWS = {}


def step(name):
    def register(view):
        STEP_VIEWS[name] = view
        return view
    return register


@require_http_methods(["GET", "POST"])
def step_view(request, pk, step):
    view = STEP_VIEWS.get(step)
    if view is None:
        raise Http404
    case = load_case(request, pk)
    if request.method == "POST" and step != "na":  # "na" has its own rule (follow-up)
        denied = require_edit(request, case)
        if denied:
            return denied
    return view(request, case)


def case_detail(request, pk):
    case = load_case(request, pk, log=False)
    return redirect(step_url(case, "casus"))


# --- 1. Casus --------------------------------------------------------------------------------


def simple_case_step(request, case, step_name, form_class, template, **extra):
    """A step whose fields all live on the case row."""
    editable = services.can_edit(request.user, case)
    url = step_url(case, step_name)
    form_kwargs = extra.pop("form_kwargs", {})
    if request.method == "POST":
        form = form_class(request.POST, instance=case, **form_kwargs)
        field = request.htmx.trigger_name if request.htmx else None
        if field is not None and field not in form.fields:
            return HttpResponseBadRequest()
        outcome = save_case_fields(request, case, form, field)
        if outcome is None:
            return bad_version()
        if request.htmx:
            return autosave_response(request, outcome, html_name=field, version_name="version")
        done = full_post_done(request, case, step_name, [outcome])
        if done:
            return done
        form = prepare(outcome.form, editable, url, "version")
        version = outcome.result.obj.version if outcome.result else case.version
        return render(request, template, walk_context(
            request, case, step_name, form=form, version=version,
            conflicts=conflicts_by_name([outcome]), **extra))
    form = prepare(form_class(instance=case, **form_kwargs), editable, url, "version")
    return render(request, template, walk_context(
        request, case, step_name, form=form, version=case.version, **extra))


@step("casus")
def casus_step(request, case):
    return simple_case_step(request, case, "casus", CasusForm, "cases/step_casus.html")


# --- 2. Signalen -----------------------------------------------------------------------------

SIGNAL_NAME = re.compile(r"^sig-(?P<slug>[a-z0-9_]+)-(?P<field>marked|note)$")
OWN_NAME = re.compile(r"^own-(?P<pk>\d+)-(?P<field>text|note)$")


def _signal_forms(case, view, marks, data=None, editable=False):
    url = step_url(case, "signalen")
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


def _own_forms(rows, url, prefix, editable, data=None, form_class=OwnNoteForm):
    forms = []
    for row in rows:
        initial = {name: getattr(row, name) for name in form_class.base_fields}
        form = form_class(data, prefix=f"{prefix}-{row.pk}", initial=initial)
        form.row = row
        form.version_name = f"{form.prefix}-version"
        prepare(form, editable, url, form.version_name)
        forms.append(form)
    return forms


def _save_signal(case, form, version, field=None):
    return save_form(form, lambda values: upsert_versioned(
        SignalMark, {"case": case, "item": form.item}, version, values), field)


def _save_own(model, form, version, field=None):
    return save_form(form, lambda values: save_versioned(
        model.objects.filter(case=form.row.case_id), form.row.pk, version, values), field)


@step("signalen")
def signals_step(request, case):
    view = card_view(case.card_set, CardKind.SIGNALEN)
    editable = services.can_edit(request.user, case)
    url = step_url(case, "signalen")
    own = list(OwnSignal.objects.filter(case=case))
    if request.method == "POST" and request.htmx:
        name = request.htmx.trigger_name or ""
        if match := SIGNAL_NAME.match(name):
            item = view.items_by_key.get(match["slug"].replace("_", "."))
            if item is None:
                return HttpResponseBadRequest()
            return autosave_unit(request, SignalForm(request.POST, item=item),
                                 lambda f, v, fld: _save_signal(case, f, v, fld),
                                 match["field"])
        if match := OWN_NAME.match(name):
            row = next((r for r in own if r.pk == int(match["pk"])), None)
            if row is None:
                return HttpResponseBadRequest()
            form = OwnNoteForm(request.POST, prefix=f"own-{row.pk}")
            form.row = row
            return autosave_unit(request, form,
                                 lambda f, v, fld: _save_own(OwnSignal, f, v, fld),
                                 match["field"])
        return HttpResponseBadRequest()

    marks = services.marks_by_item(case)
    data = request.POST if request.method == "POST" else None
    signal_forms = _signal_forms(case, view, marks, data, editable)
    own_forms = _own_forms(own, url, "own", editable, data)
    conflicts = {}
    if request.method == "POST":

        def stored(form):
            mark = marks.get(form.item.pk)
            return ({"marked": mark.marked, "note": mark.note} if mark
                    else {"marked": False, "note": ""})

        outcomes = save_rows(request, signal_forms,
                             lambda f, v: _save_signal(case, f, v), stored)
        outcomes += save_rows(request, own_forms, lambda f, v: _save_own(OwnSignal, f, v))
        done = full_post_done(request, case, "signalen", outcomes)
        if done:
            return done
        conflicts = conflicts_by_name(outcomes)
        show_saved_versions(outcomes)
    return _render_signals(request, case, view, signal_forms, own_forms, conflicts)


def _render_signals(request, case, view, signal_forms, own_forms, conflicts=None,
                    add_form=None):
    team_items = TeamItem.objects.filter(team=case.team_id, kind=CardKind.SIGNALEN,
                                         is_active=True)
    return render(request, "cases/step_signalen.html", walk_context(
        request, case, "signalen", view=view,
        forms_by_item={f.item.pk: f for f in signal_forms}, own_forms=own_forms,
        team_items=team_items, conflicts=conflicts or {},
        add_form=add_form or OwnSignalForm(), version=case.version,
    ))


@require_POST
def add_own_signal(request, pk):
    case = load_case(request, pk)
    denied = require_edit(request, case)
    if denied:
        return denied
    team_item = None
    if request.POST.get("team_item"):
        team_item = TeamItem.objects.filter(
            pk=parse_version(request.POST["team_item"]), team=case.team_id,
            kind=CardKind.SIGNALEN, is_active=True).first()
        if team_item is None:
            raise Http404
        OwnSignal.objects.create(case=case, section_key=team_item.section_key,
                                 text=team_item.text, team_item=team_item)
        messages.success(request, _("Het signaal van je team staat nu bij je eigen signalen."))
        return redirect(step_url(case, "signalen") + "#eigen-signalen")
    form = OwnSignalForm(request.POST)
    if form.is_valid():
        OwnSignal.objects.create(case=case, **form.cleaned_data)
        messages.success(request, _("Je eigen signaal is toegevoegd."))
        return redirect(step_url(case, "signalen") + "#eigen-signalen")
    view = card_view(case.card_set, CardKind.SIGNALEN)
    return _render_signals(
        request, case, view,
        _signal_forms(case, view, services.marks_by_item(case), None, True),
        _own_forms(OwnSignal.objects.filter(case=case), step_url(case, "signalen"), "own", True),
        add_form=form)


@require_POST
def delete_own(request, pk, kind, own_pk):
    case = load_case(request, pk)
    denied = require_edit(request, case)
    if denied:
        return denied
    model, target = {"signaal": (OwnSignal, "signalen"),
                     "argument": (OwnArgument, "afwegen")}.get(kind, (None, None))
    if model is None:
        raise Http404
    row = get_object_or_404(model, pk=own_pk, case=case)
    back = step_url(case, target)
    if kind == "argument":
        back = reverse("cases:weigh", kwargs={"pk": case.pk, "option_pk": row.option_id})
    row.delete()
    messages.success(request, _("Verwijderd."))
    return redirect(back)


# --- 3. Verkennen ----------------------------------------------------------------------------

ANSWER_NAME = re.compile(r"^answer-(?P<key>[a-z0-9]+)$")


def _answer_units(case, clusters, data=None, editable=False, url=""):
    existing = services.answers_by_cluster(case)
    form = AnswersForm(data, clusters=clusters, initial={
        f"answer-{c.key}": existing[c.pk].text for c in clusters if c.pk in existing})
    versions = {c.key: (existing[c.pk].version if c.pk in existing else 0) for c in clusters}
    prepare(form, editable, url, lambda name: f"{name}-version")
    return form, versions


def _save_answers(request, case, clusters, only=None):
    """Save answers (one row per question cluster); ``only`` names one field (autosave)."""
    outcomes = []
    chosen = [c for c in clusters if only in (None, f"answer-{c.key}")]
    for cluster in chosen:
        name = f"answer-{cluster.key}"
        version = parse_version(request.POST.get(f"{name}-version")) or 0

        def save(values, cluster=cluster, name=name, version=version):
            result = upsert_versioned(Answer, {"case": case, "cluster": cluster}, version,
                                      {"text": values[name]})
            if "text" in result.conflicts:  # report it under the form field's name
                result.conflicts = {name: replace(result.conflicts["text"], field=name)}
            return result

        outcomes.append(save_form(AnswersForm(request.POST, clusters=[cluster]), save))
    return outcomes


def _tijdens_clusters(case):
    view = card_view(case.card_set, CardKind.VRAGEN)
    section = next(s for s in view.sections if s.key == "tijdens")
    return list(section.clusters.all())


@step("verkennen")
def explore_step(request, case):
    clusters = _tijdens_clusters(case)
    editable = services.can_edit(request.user, case)
    url = step_url(case, "verkennen")
    if request.method == "POST":
        name = request.htmx.trigger_name if request.htmx else None
        if request.htmx:
            match = ANSWER_NAME.match(name or "")
            if not match or match["key"] not in {c.key for c in clusters}:
                return HttpResponseBadRequest()
            (outcome,) = _save_answers(request, case, clusters, only=name)
            return autosave_response(request, outcome, html_name=name,
                                     version_name=f"{name}-version")
        outcomes = _save_answers(request, case, clusters)
        done = full_post_done(request, case, "verkennen", outcomes)
        if done:
            return done
        return _render_explore(request, case, clusters, editable, url,
                               conflicts=conflicts_by_name(outcomes), data=request.POST)
    return _render_explore(request, case, clusters, editable, url)


def _render_explore(request, case, clusters, editable, url, conflicts=None, data=None,
                    option_forms=None, add_form=None):
    form, versions = _answer_units(case, clusters, data, editable, url)
    if data is not None:
        form.is_valid()
    options = list(case.options.all())
    if option_forms is None:
        option_forms = [_option_form(case, option, editable) for option in options]
    return render(request, "cases/step_verkennen.html", walk_context(
        request, case, "verkennen", answers_form=form, clusters=clusters,
        answer_versions=versions, option_forms=option_forms,
        add_option_form=add_form or (OptionForm(prefix="new") if editable else None),
        costs=services.cost_comparison(options), conflicts=conflicts or {},
        version=case.version,
    ))


def _option_form(case, option, editable, data=None):
    url = reverse("cases:option", kwargs={"pk": case.pk, "option_pk": option.pk})
    form = OptionForm(data, instance=option, prefix=f"opt{option.pk}")
    form.version_name = f"opt{option.pk}-version"
    form.version = option.version
    prepare(form, editable, url, form.version_name)
    return form


@require_POST
def option_view(request, pk, option_pk):
    """Save one option (a plain form per option; htmx saves one field)."""
    case = load_case(request, pk)
    denied = require_edit(request, case)
    if denied:
        return denied
    option = get_object_or_404(Option, pk=option_pk, case=case)
    form = OptionForm(request.POST, instance=option, prefix=f"opt{option.pk}")
    version = parse_version(request.POST.get(f"opt{option.pk}-version"))
    if version is None:
        return bad_version()
    field = None
    if request.htmx:
        name = request.htmx.trigger_name or ""
        field = name.removeprefix(f"opt{option.pk}-")
        if field not in form.fields or form.fields[field].disabled:
            return HttpResponseBadRequest()
    outcome = save_form(form, lambda values: save_versioned(
        Option.objects.filter(case=case), option.pk, version, values), field)
    if request.htmx:
        return autosave_response(request, outcome, html_name=form.add_prefix(field),
                                 version_name=f"opt{option.pk}-version")
    done = full_post_done(request, case, "verkennen", [outcome])
    if done:
        return redirect(step_url(case, "verkennen") + f"#optie-{option.pk}")
    editable = services.can_edit(request.user, case)
    url = reverse("cases:option", kwargs={"pk": case.pk, "option_pk": option.pk})
    prepare(outcome.form, editable, url, f"opt{option.pk}-version")
    outcome.form.version_name = f"opt{option.pk}-version"
    outcome.form.version = outcome.result.obj.version if outcome.result else option.version
    option_forms = [outcome.form if o.pk == option.pk else _option_form(case, o, editable)
                    for o in case.options.all()]
    return _render_explore(request, case, _tijdens_clusters(case), editable,
                           step_url(case, "verkennen"), conflicts=conflicts_by_name([outcome]),
                           option_forms=option_forms)


@require_POST
def add_option(request, pk):
    case = load_case(request, pk)
    denied = require_edit(request, case)
    if denied:
        return denied
    form = OptionForm(request.POST, prefix="new")
    if form.is_valid():
        option = form.save(commit=False)
        option.case = case
        option.order = (max((o.order for o in case.options.all()), default=0)) + 1
        option.save()
        messages.success(request, _("Optie toegevoegd."))
        return redirect(step_url(case, "verkennen") + f"#optie-{option.pk}")
    editable = services.can_edit(request.user, case)
    return _render_explore(request, case, _tijdens_clusters(case), editable,
                           step_url(case, "verkennen"), add_form=form)


@require_POST
def delete_option(request, pk, option_pk):
    case = load_case(request, pk)
    denied = require_edit(request, case)
    if denied:
        return denied
    option = get_object_or_404(Option, pk=option_pk, case=case, is_standard=False)
    option.delete()
    messages.success(request, _("Optie verwijderd."))
    return redirect(step_url(case, "verkennen") + "#opties")


# --- 4. Afwegen ------------------------------------------------------------------------------

WEIGHT_NAME = re.compile(r"^arg-(?P<slug>[a-z0-9_]+)-(?P<field>weight|note)$")
OWNARG_NAME = re.compile(r"^oarg-(?P<pk>\d+)-(?P<field>text|weight|note)$")
STANCES = [("voor", _("Voor")), ("tegen", _("Tegen"))]


@step("afwegen")
def weigh_start(request, case):
    """The Afwegen step opens on the first maatwerk option (or explains how to get one)."""
    if request.method == "POST":
        return _mensbeeld_post(request, case)
    options = services.weighed_options(case)
    if options:
        return redirect("cases:weigh", pk=case.pk, option_pk=options[0].pk)
    return _render_weigh(request, case, None)


def _mensbeeld_post(request, case):
    form = MensbeeldForm(request.POST, instance=case)
    field = request.htmx.trigger_name if request.htmx else None
    if field is not None and field not in form.fields:
        return HttpResponseBadRequest()
    outcome = save_case_fields(request, case, form, field)
    if outcome is None:
        return bad_version()
    if request.htmx:
        return autosave_response(request, outcome, html_name=field, version_name="version")
    back = request.POST.get("option")
    option = case.options.filter(pk=parse_version(back)).first() if back else None
    done = full_post_done(request, case, "afwegen", [outcome])
    if done:
        if option:
            return redirect(reverse("cases:weigh", kwargs={"pk": case.pk, "option_pk": option.pk})
                            + "#mensbeeld")
        return done
    return _render_weigh(request, case, option, mensbeeld_form=outcome.form,
                         conflicts=conflicts_by_name([outcome]))


@require_http_methods(["GET", "POST"])
def weigh_view(request, pk, option_pk):
    case = load_case(request, pk)
    option = get_object_or_404(Option, pk=option_pk, case=case, kind=OptionKind.MAATWERK)
    if request.method == "POST":
        denied = require_edit(request, case)
        if denied:
            return denied
        return _weigh_post(request, case, option)
    return _render_weigh(request, case, option)


def _weight_forms(case, option, view, weights, editable, data=None):
    url = reverse("cases:weigh", kwargs={"pk": case.pk, "option_pk": option.pk})
    existing = {w.item_id: w for w in weights if w.option_id == option.pk}
    forms = {}
    for item in view.items_by_id.values():
        row = existing.get(item.pk)
        initial = {"weight": row.weight, "note": row.note} if row else {"weight": "nvt"}
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


def _weigh_post(request, case, option):
    view = card_view(case.card_set, CardKind.ARGUMENTEN)
    own = list(OwnArgument.objects.filter(option=option))
    if request.htmx:
        name = request.htmx.trigger_name or ""
        if match := WEIGHT_NAME.match(name):
            item = view.items_by_key.get(match["slug"].replace("_", "."))
            if item is None:
                return HttpResponseBadRequest()
            return autosave_unit(
                request, WeightForm(request.POST, item=item),
                lambda f, v, fld: _save_weight(case, option, f, v, fld), match["field"],
                extra=lambda: {"balance": _theme_balance(case, option, item)})
        if match := OWNARG_NAME.match(name):
            row = next((r for r in own if r.pk == int(match["pk"])), None)
            if row is None:
                return HttpResponseBadRequest()
            form = OwnArgumentEditForm(request.POST, prefix=f"oarg-{row.pk}")
            form.row = row
            return autosave_unit(
                request, form, lambda f, v, fld: _save_own(OwnArgument, f, v, fld),
                match["field"],
                extra=lambda: {"balance": _theme_balance(case, option,
                                                         section_key=row.section_key)})
        return HttpResponseBadRequest()
    weights = services.weights_for(case)
    forms, existing = _weight_forms(case, option, view, weights, True, request.POST)
    url = reverse("cases:weigh", kwargs={"pk": case.pk, "option_pk": option.pk})
    own_forms = _own_forms(own, url, "oarg", True, request.POST, OwnArgumentEditForm)

    def stored(form):
        row = existing.get(form.item.pk)
        return {"weight": row.weight, "note": row.note} if row else {"weight": "nvt",
                                                                     "note": ""}

    outcomes = save_rows(request, forms.values(),
                         lambda f, v: _save_weight(case, option, f, v), stored)
    outcomes += save_rows(request, own_forms, lambda f, v: _save_own(OwnArgument, f, v))
    done = full_post_done(request, case, "afwegen", outcomes)
    if done:
        return redirect(url)
    show_saved_versions(outcomes)
    return _render_weigh(request, case, option, forms=forms, own_forms=own_forms,
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


def _render_weigh(request, case, option, forms=None, own_forms=None, conflicts=None,
                  mensbeeld_form=None, add_form=None):
    editable = services.can_edit(request.user, case)
    view = card_view(case.card_set, CardKind.ARGUMENTEN)
    options = services.weighed_options(case)
    weights = services.weights_for(case)
    own_all = list(OwnArgument.objects.filter(case=case))
    balances = []
    if option is not None:
        url = reverse("cases:weigh", kwargs={"pk": case.pk, "option_pk": option.pk})
        if forms is None:
            forms, _existing = _weight_forms(case, option, view, weights, editable)
        if own_forms is None:
            own_forms = _own_forms([a for a in own_all if a.option_id == option.pk], url,
                                   "oarg", editable, form_class=OwnArgumentEditForm)
        balances = services.weighing_picture(case.card_set, option, weights, own_all)
    if mensbeeld_form is None:
        mensbeeld_form = MensbeeldForm(instance=case)
    prepare(mensbeeld_form, editable, step_url(case, "afwegen"), "version")
    team_items = TeamItem.objects.filter(team=case.team_id, kind=CardKind.ARGUMENTEN,
                                         is_active=True)
    own_by_theme = {}
    for form in own_forms or []:
        own_by_theme.setdefault(f"{form.row.section_key}:{form.row.stance}", []).append(form)
    return render(request, "cases/step_afwegen.html", walk_context(
        request, case, "afwegen", view=view, option=option, options=options,
        forms_by_item=forms or {}, own_by_theme=own_by_theme, balances=balances,
        balance_by_theme={b.key: b for b in balances},
        mensbeeld_form=mensbeeld_form, conflicts=conflicts or {},
        add_form=add_form or OwnArgumentForm(themes=view.sections),
        team_items=team_items, version=case.version, stances=STANCES,
        weight_choices=Weight.choices,
    ))


@require_POST
def add_own_argument(request, pk, option_pk):
    case = load_case(request, pk)
    denied = require_edit(request, case)
    if denied:
        return denied
    option = get_object_or_404(Option, pk=option_pk, case=case, kind=OptionKind.MAATWERK)
    view = card_view(case.card_set, CardKind.ARGUMENTEN)
    back = reverse("cases:weigh", kwargs={"pk": case.pk, "option_pk": option.pk})
    if request.POST.get("team_item"):
        team_item = TeamItem.objects.filter(
            pk=parse_version(request.POST["team_item"]), team=case.team_id,
            kind=CardKind.ARGUMENTEN, is_active=True).first()
        if team_item is None:
            raise Http404
        OwnArgument.objects.create(case=case, option=option, section_key=team_item.section_key,
                                   stance=team_item.stance or "voor", text=team_item.text,
                                   team_item=team_item)
        messages.success(request, _("Het argument van je team staat nu bij je eigen argumenten."))
        return redirect(back + f"#thema-{team_item.section_key}")
    form = OwnArgumentForm(request.POST, themes=view.sections)
    if form.is_valid():
        OwnArgument.objects.create(case=case, option=option, **form.cleaned_data)
        messages.success(request, _("Je eigen argument is toegevoegd."))
        return redirect(back + f"#thema-{form.cleaned_data['section_key']}")
    return _render_weigh(request, case, option, add_form=form)


# --- 5. Besluit ------------------------------------------------------------------------------


@step("besluit")
def decision_step(request, case):
    if request.method == "POST" and request.POST.get("action") == "vastleggen":
        return record_decision_view(request, case)
    if request.htmx:  # an autosave answers with a status line: no picture needed
        return simple_case_step(request, case, "besluit", DecisionForm,
                                "cases/step_besluit.html")
    pictures = services.case_pictures(case)
    against = services.decision_goes_against_picture(case, pictures)
    leans = {pk: services.picture_leans(b) for pk, b in pictures.items()}
    return simple_case_step(
        request, case, "besluit", DecisionForm, "cases/step_besluit.html",
        against_picture=against, picture_leans=leans, pictures=pictures,
        problems=request.session.pop(f"problems-{case.pk}", None) or {},
    )


def record_decision_view(request, case):
    # Save what was typed first (a plain POST carries the whole form), then record.
    form = DecisionForm(request.POST, instance=case)
    outcome = save_case_fields(request, case, form)
    if outcome is None:
        return bad_version()
    if outcome.invalid or outcome.conflicts or outcome.unavailable:
        full_post_done(request, case, "besluit", [outcome])
        pictures = services.case_pictures(case)
        editable = services.can_edit(request.user, case)
        prepare(outcome.form, editable, step_url(case, "besluit"), "version")
        return render(request, "cases/step_besluit.html", walk_context(
            request, case, "besluit", form=outcome.form,
            version=outcome.result.obj.version if outcome.result else case.version,
            conflicts=conflicts_by_name([outcome]), problems={},
            against_picture=services.decision_goes_against_picture(case, pictures),
            pictures=pictures,
        ))
    fresh = Case.objects.get(pk=case.pk)
    pictures = services.case_pictures(fresh)
    against = services.decision_goes_against_picture(fresh, pictures)
    try:
        _case, problems = services.record_decision(fresh, request.user, against)
    except services.WalkError as error:
        messages.error(request, str(error))
        return redirect(step_url(case, "besluit"))
    if problems:
        request.session[f"problems-{case.pk}"] = {k: str(v) for k, v in problems.items()}
        messages.error(request, _("Je besluit is opgeslagen, maar nog niet vastgelegd: er "
                                  "ontbreekt nog iets. Kijk bij de velden hieronder."))
        return redirect(step_url(case, "besluit"))
    messages.success(request, _("Je besluit is vastgelegd. Bied het aan ter beoordeling, en "
                                "kijk na het besluit hoe de uitvoering verloopt."))
    return redirect(step_url(case, "besluit") + "#aanbieden")


# --- 6. Na het besluit -----------------------------------------------------------------------


@step("na")
def after_step(request, case):
    if not case.is_decided:
        messages.info(request, _("Na het besluit kun je invullen zodra je besluit is "
                                 "vastgelegd."))
        return redirect(step_url(case, "besluit"))
    view = card_view(case.card_set, CardKind.VRAGEN)
    section = next(s for s in view.sections if s.key == "na")
    clusters = list(section.clusters.all())
    editable = services.can_follow_up(request.user, case)
    url = step_url(case, "na")
    if request.method == "POST":
        if not editable:
            return require_edit(request, case)
        name = request.htmx.trigger_name if request.htmx else None
        if name and ANSWER_NAME.match(name):
            if name.removeprefix("answer-") not in {c.key for c in clusters}:
                return HttpResponseBadRequest()
            (outcome,) = _save_answers(request, case, clusters, only=name)
            return autosave_response(request, outcome, html_name=name,
                                     version_name=f"{name}-version")
        if name:
            return simple_case_step(request, case, "na", AfterForm, "cases/step_na.html")
        outcomes = _save_answers(request, case, clusters)
        after = save_case_fields(request, case, AfterForm(request.POST, instance=case))
        if after is None:
            return bad_version()
        outcomes.append(after)
        done = full_post_done(request, case, "na", outcomes)
        if done:
            return done
    answers_form, versions = _answer_units(case, clusters, None, editable, url)
    form = prepare(AfterForm(instance=case), editable, url, "version")
    return render(request, "cases/step_na.html", walk_context(
        request, case, "na", answers_form=answers_form, clusters=clusters,
        answer_versions=versions, form=form, version=case.version, conflicts={},
        after_editable=editable,
    ))
