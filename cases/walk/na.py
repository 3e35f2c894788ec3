"""Step 6, Na het besluit: the Na questions of the Vragenkaart and the evaluation. Open once
the decision is recorded, and it stays open after approval (follow-up, learning)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .. import services
from ..autosave import bad_version, conflicts_by_name, prepare, save_case_fields, whole_post_done
from ..forms import AfterForm
from .common import (
    ANSWER_NAME,
    answer_units,
    autosave_answer,
    case_row_step,
    question_clusters,
    save_answers,
    walk_context,
)

TEMPLATE = "cases/step_na.html"


def after_step(request, case):
    if not case.is_decided:
        messages.info(request, _("Na het besluit kun je invullen zodra je besluit is "
                                 "vastgelegd."))
        return redirect(case.step_url("besluit"))
    clusters = question_clusters(case, "na")
    editable = services.can_follow_up(request.user, case)
    url = case.step_url("na")
    data, form, conflicts, version = None, AfterForm(instance=case), {}, case.version
    if request.method == "POST":
        name = request.htmx.trigger_name if request.htmx else None
        if name and ANSWER_NAME.match(name):
            return autosave_answer(request, case, clusters)
        if name:
            return case_row_step(request, case, "na", AfterForm, TEMPLATE, editable=editable)
        outcomes = save_answers(request, case, clusters)
        after = save_case_fields(request, case, AfterForm(request.POST, instance=case))
        if after is None:
            return bad_version()
        done = whole_post_done(request, [*outcomes, after], url)
        if done:
            return done
        data, form, conflicts = request.POST, after.form, conflicts_by_name([*outcomes, after])
        version = after.result.obj.version if after.result else case.version
    answers_form, versions = answer_units(case, clusters, data, editable, url)
    if data is not None:
        answers_form.is_valid()
    return render(request, TEMPLATE, walk_context(
        request, case, "na", answers_form=answers_form, clusters=clusters,
        answer_versions=versions, form=prepare(form, editable, url, "version"),
        version=version, conflicts=conflicts, after_editable=editable,
    ))
