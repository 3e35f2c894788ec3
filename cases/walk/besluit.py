"""Step 5, Besluit, in four short parts (each its own page, each can record the decision):

1. *Besluit* — the decision, the option that carries it out, for maatwerk the rule deviated
   from and its ground; facts and interests, proportionality.
2. *Doorslag* — the arguments that tipped it, and why they outweigh the others.
3. *Inwoner en vervolg* — the inwoner's own view, a structural problem, who to inform, when
   to evaluate.
4. *Casuïstiek* — the anonymous precedent card for colleagues (precedents app).

Recording ("vastleggen") checks the whole record (cases.decision.problems); what is missing is
listed with a link to its part and shown at its field, with everything typed kept.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from .. import decision, services
from ..access import editable_case, load_case
from ..autosave import bad_version, conflicts_by_name, prepare, save_case_fields
from ..forms import DECISION_PARTS
from ..weighing import arguments_of
from .common import post_case_row, walk_context

TEMPLATE = "cases/step_besluit.html"
PARTS = [
    ("besluit", gettext_lazy("Besluit en motivering")),
    ("doorslag", gettext_lazy("Wat gaf de doorslag")),
    ("vervolg", gettext_lazy("Inwoner en vervolg")),
    ("casuistiek", gettext_lazy("Casuïstiek voor collega's")),
]
PART_OF_FIELD = {name: part for part, form in DECISION_PARTS.items()
                 for name in form._meta.fields}


def part_url(case, part):
    if part == PARTS[0][0]:
        return case.step_url("besluit")
    return reverse("cases:decision_part", kwargs={"pk": case.pk, "part": part})


def decision_step(request, case):
    return _part(request, case, PARTS[0][0])


@require_http_methods(["GET", "POST"])
def part_view(request, pk, part):
    if part not in DECISION_PARTS or part == PARTS[0][0]:
        raise Http404
    case = editable_case(request, pk) if request.method == "POST" else load_case(request, pk)
    return _part(request, case, part)


def _form(part, case, data=None):
    form_class = DECISION_PARTS[part]
    if part == "doorslag":
        return form_class(data, instance=case, arguments=arguments_of(case))
    return form_class(data, instance=case)


def _part(request, case, part):
    url = part_url(case, part)
    if request.method == "POST":
        if request.POST.get("action") == "vastleggen":
            return _record(request, case, part)
        response, outcome = post_case_row(
            request, case, lambda data, instance: _form(part, instance, data), url,
            **_refresh(request, case, part))
        if response:
            return response
        return _render(request, case, part, outcome.form,
                       outcome.result.obj.version if outcome.result else case.version,
                       conflicts_by_name([outcome]))
    return _render(request, case, part, _form(part, case), case.version)


def _refresh(request, case, part):
    """After an autosave of the outcome, the maatwerk-only fields appear or go."""
    if part != "besluit" or not request.htmx or request.htmx.trigger_name != "outcome":
        return {}

    def fresh_form():
        case.refresh_from_db()
        return prepare(_form(part, case), True, part_url(case, part), "version")

    return {"form": fresh_form, "oob_template": f"{TEMPLATE}#maatwerk"}


def _render(request, case, part, form, version, conflicts=None, problems=None):
    editable = services.can_edit(request.user, case)
    prepare(form, editable, part_url(case, part), "version")
    return render(request, TEMPLATE, walk_context(
        request, case, "besluit", form=form, part=part, version=version,
        parts=[(key, label, part_url(case, key)) for key, label in PARTS],
        conflicts=conflicts or {}, problems=problems or [],
        next_part=next((p for p in _following(part)), None),
    ))


def _following(part):
    keys = [key for key, _label in PARTS]
    index = keys.index(part)
    return [(key, label) for key, label in PARTS[index + 1:index + 2]]


def _record(request, case, part):
    """Save what was typed on this part first (a plain POST carries the whole form), then
    record; what is missing is listed (with links) and shown at its field."""
    form = _form(part, case, request.POST)
    outcome = save_case_fields(request, case, form)
    if outcome is None:
        return bad_version()
    version = outcome.result.obj.version if outcome.result else case.version
    if outcome.failed:
        messages.error(request, _("Niet alles is opgeslagen. Kijk bij de velden hieronder.")
                       if not outcome.unavailable else
                       _("Niet opgeslagen: de opslag is even niet bereikbaar. Probeer het zo "
                         "opnieuw."))
        return _render(request, case, part, outcome.form, version, conflicts_by_name([outcome]))
    try:
        _recorded, found = decision.record(case, request.user)
    except decision.DecisionError as error:
        messages.error(request, str(error))
        return redirect(part_url(case, part))
    if not found:
        messages.success(request, _("Je besluit is vastgelegd. Bied het aan ter beoordeling, "
                                    "en kijk na het besluit hoe de uitvoering verloopt."))
        return redirect(part_url(case, part) + "#aanbieden")
    case.refresh_from_db()
    form = _form(part, case, request.POST)
    form.is_valid()
    for name, message in found.items():
        if name in form.fields:
            form.add_error(name, message)
    problems = [
        {"field": name, "message": message, "part": PART_OF_FIELD.get(name, part),
         "url": part_url(case, PART_OF_FIELD.get(name, part)) + f"#veld-{name}",
         "label": _field_label(name)}
        for name, message in found.items() if name != "comparisons"
    ]
    if "comparisons" in found:
        problems.append({"field": "comparisons", "message": found["comparisons"],
                         "part": part, "url": "#vergelijkbare-besluiten",
                         "label": _("Vergelijkbare besluiten")})
    return _render(request, case, part, form, case.version, problems=problems)


def _field_label(name):
    for form_class in DECISION_PARTS.values():
        if name in form_class._meta.fields:
            labels = getattr(form_class._meta, "labels", {}) or {}
            if name in labels:
                return labels[name]
    from ..models import Case

    return Case._meta.get_field(name).verbose_name.capitalize()
