"""Step 3, Verkennen: the Tijdens questions of the Vragenkaart, the options with their cost
lines, and the comparison of their costs over the years, each on their own page
(``?deel=vragen`` / ``?deel=opties`` / ``?deel=vergelijken``) so no page gets long."""

from django.contrib import messages
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import services
from ..access import editable_case
from ..autosave import (
    autosave_response,
    bad_version,
    conflicts_by_name,
    prepare,
    save_form,
    whole_post_done,
)
from ..costs import cost_comparison
from ..editing import parse_version, save_versioned
from ..forms import CostLineForm, OptionForm
from ..models import CostLine, Option, OptionKind
from .common import answer_units, autosave_answer, question_clusters, save_answers, walk_context

QUESTIONS, OPTIONS, COMPARE = "vragen", "opties", "vergelijken"


def part_url(case, part, anchor=""):
    return f"{case.step_url('verkennen')}?deel={part}{anchor}"


def explore_step(request, case):
    clusters = question_clusters(case, "tijdens")
    if request.method == "POST":
        if request.htmx:
            return autosave_answer(request, case, clusters)
        outcomes = save_answers(request, case, clusters)
        done = whole_post_done(request, outcomes, part_url(case, QUESTIONS))
        if done:
            return done
        return _render(request, case, QUESTIONS, conflicts=conflicts_by_name(outcomes),
                       data=request.POST)
    part = request.GET.get("deel")
    return _render(request, case, part if part in (OPTIONS, COMPARE) else QUESTIONS)


def _render(request, case, part, conflicts=None, data=None, option_forms=None,
            add_form=None, cost_form=None):
    editable = services.can_edit(request.user, case)
    context = {"part": part, "parts": [(QUESTIONS, _("Vragen"), part_url(case, QUESTIONS)),
                                       (OPTIONS, _("Opties en kosten"),
                                        part_url(case, OPTIONS)),
                                       (COMPARE, _("Kosten vergelijken"),
                                        part_url(case, COMPARE))],
               "conflicts": conflicts or {}, "version": case.version}
    if part == COMPARE:
        context.update(costs=cost_comparison(list(case.options.prefetch_related("cost_lines"))))
    elif part == QUESTIONS:
        clusters = question_clusters(case, "tijdens")
        form, versions = answer_units(case, clusters, data, editable,
                                      case.step_url("verkennen"))
        if data is not None:
            form.is_valid()
        context.update(answers_form=form, clusters=clusters, answer_versions=versions)
    else:
        options = list(case.options.prefetch_related("cost_lines"))
        if option_forms is None:
            option_forms = [_option_form(case, option, editable) for option in options]
        by_pk = {option.pk: option for option in options}  # with their cost lines
        shown = request.GET.get("optie")
        for form in option_forms:
            # An option's fields are folded, except the one just added or in trouble.
            form.open = (bool(form.errors) or str(form.instance.pk) == shown
                         or any(name.startswith(f"opt{form.instance.pk}-")
                                for name in context["conflicts"]))
            # The option's cost lines, and the form for a new one (bound after an error).
            form.option = by_pk[form.instance.pk]
            form.cost_form = (cost_form if cost_form and cost_form.option_pk == form.instance.pk
                              else _cost_form(form.instance) if editable else None)
        # A new option starts as an ordinary one: most added options stay within the rules.
        new_option = OptionForm(prefix="new", initial={"kind": OptionKind.OP_MAAT})
        context.update(
            option_forms=option_forms,
            add_option_form=add_form or (new_option if editable else None),
            # The form to add an option is folded once there is more than the standard one.
            add_option_open=bool(add_form and add_form.errors) or len(options) < 2
            or request.GET.get("nieuw") is not None)
    return render(request, "cases/step_verkennen.html",
                  walk_context(request, case, "verkennen", **context))


def _cost_form(option, data=None):
    form = CostLineForm(data, prefix=f"kost{option.pk}")
    form.option_pk = option.pk
    return form


def _option_url(case, option):
    return reverse("cases:option", kwargs={"pk": case.pk, "option_pk": option.pk})


def _option_form(case, option, editable, form=None, version=None):
    form = form or OptionForm(instance=option, prefix=f"opt{option.pk}")
    form.version_name = f"opt{option.pk}-version"
    form.version = option.version if version is None else version
    prepare(form, editable, _option_url(case, option), form.version_name)
    return form


@require_POST
def option_view(request, pk, option_pk):
    """Save one option (a plain form per option; htmx saves one field)."""
    case = editable_case(request, pk)
    option = get_object_or_404(Option, pk=option_pk, case=case)
    form = OptionForm(request.POST, instance=option, prefix=f"opt{option.pk}")
    version = parse_version(request.POST.get(f"opt{option.pk}-version"))
    if version is None:
        return bad_version()
    field = None
    if request.htmx:
        field = (request.htmx.trigger_name or "").removeprefix(f"opt{option.pk}-")
        if field not in form.fields or form.fields[field].disabled:
            return HttpResponseBadRequest()
    outcome = save_form(form, lambda values: save_versioned(
        Option.objects.filter(case=case), option.pk, version, values), field)
    if request.htmx:
        return autosave_response(request, outcome, html_name=form.add_prefix(field),
                                 version_name=f"opt{option.pk}-version")
    done = whole_post_done(request, [outcome], part_url(case, OPTIONS, f"#optie-{option.pk}"))
    if done:
        return done
    stored = outcome.result.obj.version if outcome.result else option.version
    option_forms = [
        _option_form(case, o, True, outcome.form, stored) if o.pk == option.pk
        else _option_form(case, o, True)
        for o in case.options.all()
    ]
    return _render(request, case, OPTIONS, conflicts=conflicts_by_name([outcome]),
                   option_forms=option_forms)


@require_POST
def add_option(request, pk):
    case = editable_case(request, pk)
    form = OptionForm(request.POST, prefix="new")
    if form.is_valid():
        option = services.add_option(case, **form.cleaned_data)
        messages.success(request, _("Optie toegevoegd."))
        # The new option opens, and so does the form for the next one ("nieuw"): options
        # are often added one after the other.
        return redirect(part_url(case, OPTIONS, f"&optie={option.pk}&nieuw#optie-{option.pk}"))
    return _render(request, case, OPTIONS, add_form=form)


@require_POST
def delete_option(request, pk, option_pk):
    case = editable_case(request, pk)
    option = get_object_or_404(Option, pk=option_pk, case=case, is_standard=False)
    option.delete()
    messages.success(request, _("Optie verwijderd."))
    return redirect(part_url(case, OPTIONS, "#opties"))


@require_POST
def add_cost_line(request, pk, option_pk):
    """A cost, income or saving for one option; an error shows the form again as typed."""
    case = editable_case(request, pk)
    option = get_object_or_404(Option, pk=option_pk, case=case)
    form = _cost_form(option, request.POST)
    if form.is_valid():
        services.add_cost_line(option, **form.cleaned_data)
        messages.success(request, _("Kostenregel toegevoegd."))
        return redirect(part_url(case, OPTIONS, f"#kosten-{option.pk}"))
    return _render(request, case, OPTIONS, cost_form=form)


@require_POST
def delete_cost_line(request, pk, line_pk):
    case = editable_case(request, pk)
    line = get_object_or_404(CostLine, pk=line_pk, case=case)
    line.delete()
    messages.success(request, _("Kostenregel verwijderd."))
    return redirect(part_url(case, OPTIONS, f"#kosten-{line.option_id}"))
