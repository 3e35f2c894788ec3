"""Step 5, Besluit: the decision and its motivation, then recording it ("vastleggen")."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .. import services
from ..autosave import bad_version, conflicts_by_name, prepare, save_case_fields
from ..forms import DecisionForm
from .common import case_row_step, walk_context

TEMPLATE = "cases/step_besluit.html"


def decision_step(request, case):
    if request.method == "POST" and request.POST.get("action") == "vastleggen":
        return _record(request, case)
    if request.htmx:  # an autosave answers with a status line: no picture needed
        return case_row_step(request, case, "besluit", DecisionForm, TEMPLATE)
    return case_row_step(request, case, "besluit", DecisionForm, TEMPLATE,
                         **_pictures(case))


def _pictures(case):
    pictures = services.case_pictures(case)
    return {
        "pictures": pictures,
        "picture_leans": {pk: services.picture_leans(b) for pk, b in pictures.items()},
        "against_picture": services.decision_goes_against_picture(case, pictures),
    }


def _render(request, case, form, version, conflicts=None):
    prepare(form, services.can_edit(request.user, case), case.step_url("besluit"), "version")
    return render(request, TEMPLATE, walk_context(
        request, case, "besluit", form=form, version=version, conflicts=conflicts or {},
        **_pictures(case)))


def _record(request, case):
    """Save what was typed first (a plain POST carries the whole form), then record it; what
    is missing is shown at its field, with everything typed still there."""
    form = DecisionForm(request.POST, instance=case)
    outcome = save_case_fields(request, case, form)
    if outcome is None:
        return bad_version()
    if outcome.failed:
        if outcome.unavailable:
            messages.error(request, _("Niet opgeslagen: de opslag is even niet bereikbaar. "
                                      "Probeer het zo opnieuw."))
        else:
            messages.error(request, _("Niet alles is opgeslagen. Kijk bij de velden "
                                      "hieronder."))
        version = outcome.result.obj.version if outcome.result else case.version
        return _render(request, case, outcome.form, version, conflicts_by_name([outcome]))
    try:
        _recorded, problems = services.record_decision(case, request.user)
    except services.WalkError as error:
        messages.error(request, str(error))
        return redirect(case.step_url("besluit"))
    if problems:
        form = DecisionForm(request.POST, instance=case)
        form.is_valid()
        for name, problem in problems.items():
            form.add_error(name if name in form.fields else None, problem)
        messages.error(request, _("Je besluit is opgeslagen, maar nog niet vastgelegd: er "
                                  "ontbreekt nog iets. Kijk bij de velden hieronder."))
        return _render(request, case, form, outcome.result.obj.version)
    messages.success(request, _("Je besluit is vastgelegd. Bied het aan ter beoordeling, en "
                                "kijk na het besluit hoe de uitvoering verloopt."))
    return redirect(case.step_url("besluit") + "#aanbieden")
