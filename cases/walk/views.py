"""The step dispatcher: ``/casussen/<pk>/<step>/`` to the step's view."""

from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from .. import page_cache, services
from ..access import editable_case, load_case
from . import afwegen, besluit, casus, na, signalen, verkennen

# step: (view, who may change it). "Na het besluit" stays open for follow-up after approval.
STEP_VIEWS = {
    "casus": (casus.casus_step, services.can_edit),
    "signalen": (signalen.signals_step, services.can_edit),
    "verkennen": (verkennen.explore_step, services.can_edit),
    "afwegen": (afwegen.weigh_start, services.can_edit),
    "besluit": (besluit.decision_step, services.can_edit),
    "na": (na.after_step, services.can_follow_up),
}
assert list(STEP_VIEWS) == [key for key, _label in services.STEPS]

# The steps whose page may be served kept while nothing it shows changed (cases.page_cache);
# Afwegen's step URL shows its first theme (the theme's own URL keeps it too).
KEPT_STEPS = {"casus", "signalen", "verkennen", "afwegen", "besluit"}


@require_http_methods(["GET", "POST"])
def step_view(request, pk, step):
    view, rule = STEP_VIEWS[step]
    if request.method == "POST":
        return view(request, editable_case(request, pk, rule=rule))
    if step not in KEPT_STEPS:
        return view(request, load_case(request, pk))
    case = load_case(request, pk, progress=False)
    return page_cache.kept(request, case, lambda case: view(request, case))


def case_detail(request, pk):
    return redirect(load_case(request, pk, log=False))
