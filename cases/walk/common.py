"""What the step views share: the page context, the case-row step, own items, answers."""

import re
from dataclasses import replace
from urllib.parse import quote

from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse

from accounts.frame import frame_beside_walk
from cards.models import CardKind
from cards.services import card_view, lessons
from reviews.services import case_comments, review_context

from .. import page_cache, services
from ..autosave import (
    autosave_response,
    bad_version,
    conflicts_by_name,
    prepare,
    save_case_fields,
    save_form,
    whole_post_done,
)
from ..editing import parse_version, save_versioned, upsert_versioned
from ..forms import AnswersForm, OwnNoteForm
from ..models import Answer


def walk_context(request, case, step, **extra):
    """Everything the walk's frame shows around a step: progress, comments, the team's frame,
    what the user may do."""
    from policy.questions import changes_for_team

    frame, own_frame = frame_beside_walk(case.card_set, case.team_id, request.user)
    return {
        "case": case,
        "step": step,
        "steps": services.step_states(case),
        "editable": services.can_edit(request.user, case),
        "comments": case_comments(case),
        "frame": frame,
        "own_frame": own_frame,
        "policy_changes": changes_for_team(case.team_id, limit=3),
        "lessons": lessons(case.card_set, *STEP_LESSONS.get(step, ())),
        **review_context(request.user, case),
        "similar": (_similar(request, case, with_forms=step != "afwegen")
                    if step in SIMILAR_STEPS else None),
        # Where "Opmerking bij …" links go, worked out once for the page's many links.
        "comment_url": reverse("reviews:comment", args=[case.pk]) + "?next="
        + quote(request.path),
        **extra,
    }


# Where the uitvoerders' lessons of the Lessenkaart apply: alert to signals (l01), weigh with
# the help of others (l02), courage and the structural fix beside the decision (l03).
STEP_LESSONS = {"signalen": ("l01",), "afwegen": ("l02",), "besluit": ("l03",)}

# The steps beside which earlier, similar decisions are shown (precedents app).
SIMILAR_STEPS = ("verkennen", "afwegen", "besluit")


def _similar(request, case, with_forms=True):
    """The similar decided cases; showing one of the own team (its title) is a read.

    Without forms (Afwegen, five theme pages) the panel shows the decisions and links to
    Besluit for the answer: the same decisions, lighter pages (docs/performance.md)."""
    from precedents.forms import comparison_form
    from precedents.similar import similar_decisions
    from privacy.logboek import Action, log_pairs

    found = page_cache.similar(request, case, lambda: similar_decisions(case, request.user))
    for item in found:
        item.form = comparison_form(item.case, item.comparison) if with_forms else None
    pairs = [(item.case, "vergelijkbare besluiten") for item in found if item.own_team]
    detail = f"vergelijkbaar met {case.reference}"
    log_pairs(request.user, Action.LIST, pairs, detail=detail)
    page_cache.note_logged(request, Action.LIST, pairs, detail)
    return found


def post_case_row(request, case, form_class, redirect_to, **extra):
    """A POST of a form whose fields live on the case row: an htmx POST saves one field and
    is answered with its status line (and ``extra`` out of band, see autosave_response); a
    plain POST saves the form and redirects.

    Returns ``(response, None)`` when that is the answer, or ``(None, outcome)`` when the
    page must show the bound form again (errors, conflicts)."""
    form = form_class(request.POST, instance=case)
    field = request.htmx.trigger_name if request.htmx else None
    if field is not None and field not in form.fields:
        return HttpResponseBadRequest(), None
    outcome = save_case_fields(request, case, form, field)
    if outcome is None:
        return bad_version(), None
    if request.htmx:
        return autosave_response(request, outcome, html_name=field, version_name="version",
                                 **extra), None
    return whole_post_done(request, [outcome], redirect_to), outcome


def case_row_step(request, case, step, form_class, template, *, editable=None, **extra):
    """A step (or part of one) whose fields all live on the case row: GET shows it, an htmx
    POST saves one field, a plain POST saves the form and redirects (or shows it again with
    the errors and conflicts)."""
    if editable is None:
        editable = services.can_edit(request.user, case)
    url = case.step_url(step)
    if request.method == "POST":
        response, outcome = post_case_row(request, case, form_class, url)
        if response:
            return response
        form = prepare(outcome.form, editable, url, "version")
        version = outcome.result.obj.version if outcome.result else case.version
        return render(request, template, walk_context(
            request, case, step, form=form, version=version,
            conflicts=conflicts_by_name([outcome]), **extra))
    form = prepare(form_class(instance=case), editable, url, "version")
    return render(request, template, walk_context(
        request, case, step, form=form, version=case.version, **extra))


# --- Own signals and arguments: one row per item, edited in place -----------------------------


def own_forms(rows, url, prefix, editable, data=None, form_class=OwnNoteForm,
              inherited=False):
    forms = []
    for row in rows:
        initial = {name: getattr(row, name) for name in form_class.base_fields}
        form = form_class(data, prefix=f"{prefix}-{row.pk}", initial=initial)
        form.row = row
        form.version_name = f"{form.prefix}-version"
        prepare(form, editable, url, form.version_name, inherited)
        forms.append(form)
    return forms


def save_own(model, form, version, field=None):
    return save_form(form, lambda values: save_versioned(
        model.objects.filter(case=form.row.case_id), form.row.pk, version, values), field)


def own_row(rows, pk):
    return next((row for row in rows if row.pk == int(pk)), None)


# --- Answers to question clusters of the Vragenkaart (Verkennen, Na het besluit) -------------

ANSWER_NAME = re.compile(r"^answer-(?P<key>[a-z0-9]+)$")


def answer_units(case, clusters, data=None, editable=False, url="", existing=None):
    """The answers form of ``clusters`` and each answer's version. ``existing`` maps a
    cluster's pk to its stored answer (default: the case's answers; a beleidsvraag passes
    its own)."""
    if existing is None:
        existing = services.answers_by_cluster(case)
    form = AnswersForm(data, clusters=clusters, initial={
        f"answer-{c.key}": existing[c.pk].text for c in clusters if c.pk in existing})
    versions = {c.key: (existing[c.pk].version if c.pk in existing else 0) for c in clusters}
    prepare(form, editable, url, lambda name: f"{name}-version")
    return form, versions


def save_answers(request, case, clusters, only=None, model=Answer, owner_field="case"):
    """Save answers (one row per question cluster); ``only`` names one field (autosave).
    ``model`` and ``owner_field`` name the answer rows (a beleidsvraag has its own)."""
    outcomes = []
    chosen = [c for c in clusters if only in (None, f"answer-{c.key}")]
    for cluster in chosen:
        name = f"answer-{cluster.key}"
        version = parse_version(request.POST.get(f"{name}-version")) or 0

        def save(values, cluster=cluster, name=name, version=version):
            result = upsert_versioned(model, {owner_field: case, "cluster": cluster}, version,
                                      {"text": values[name]})
            if "text" in result.conflicts:  # report it under the form field's name
                result.conflicts = {name: replace(result.conflicts["text"], field=name)}
            return result

        outcomes.append(save_form(AnswersForm(request.POST, clusters=[cluster]), save))
    return outcomes


def autosave_answer(request, case, clusters, **rows):
    """An htmx POST of one answer field; 400 for a name that is not one of ``clusters``.
    ``rows`` as in save_answers."""
    name = request.htmx.trigger_name or ""
    match = ANSWER_NAME.match(name)
    if not match or match["key"] not in {c.key for c in clusters}:
        return HttpResponseBadRequest()
    (outcome,) = save_answers(request, case, clusters, only=name, **rows)
    return autosave_response(request, outcome, html_name=name, version_name=f"{name}-version")


def question_clusters(case, section_key):
    """The clusters of one phase of the Vragenkaart ("voor", "tijdens", "na")."""
    view = card_view(case.card_set, CardKind.VRAGEN)
    section = next(s for s in view.sections if s.key == section_key)
    return list(section.clusters.all())
