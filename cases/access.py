"""Loading a case for the user who asks for it (security checklist #11 and #22).

Every view that shows or changes a case starts with one of these:

* ``load_case(request, pk)`` — the case if this user may read it (404 otherwise: another
  team's case does not exist for them), with the read written to the logboek.
* ``editable_case(request, pk)`` — the same, and raises ``CaseNotEditable`` when the user may
  read but not change it; ``CaseNotEditableMiddleware`` turns that into one answer for every
  view (a short 403 for an htmx autosave, a redirect with a message otherwise).
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from privacy.logboek import Action, log_access, purpose_for

from . import services
from .autosave import text_response
from .models import Case


class CaseNotEditable(Exception):  # noqa: N818 - reads as what happened, like Http404
    """The user may read this case but not change it (now)."""

    def __init__(self, case):
        super().__init__(case.pk)
        self.case = case


def load_case(request, pk, *, log=True, progress=True):
    """The case if this user may see it (404 otherwise); the read is logged.

    Pages get the per-step progress (services.attach_progress); an htmx autosave (a POST
    answered with a status line) renders no step navigation, so it skips that query, and so
    does a page that may be served kept (``progress=False``: cases.page_cache)."""
    queryset = Case.objects.for_user(request.user).select_related(
        "team", "owner", "card_set", "chosen_option", "decided_by"
    )
    case = queryset.filter(pk=pk).first()
    if case is None:
        denied = Case.objects.filter(pk=pk).only("pk").first()
        if denied is not None:  # it exists, but not for this user: a refused read
            log_access(request.user, Action.DENIED, denied, "",
                       detail=_url_name(request))
        raise Http404
    if progress and not (request.htmx and request.method == "POST"):
        services.attach_progress(case)
    if log:
        # Every response built from the case is a read, whatever the method; a POST is a
        # change (or an attempt at one) and is logged as such.
        action = Action.VIEW if request.method in ("GET", "HEAD") else Action.EDIT
        log_access(request.user, action, case, purpose_for(request.user, case),
                   detail=_url_name(request))
    return case


def _url_name(request):
    match = getattr(request, "resolver_match", None)
    return match.url_name if match else ""


def editable_case(request, pk, *, rule=services.can_edit):
    """The case, if this user may change it now under ``rule``; raises CaseNotEditable."""
    case = load_case(request, pk)
    if not rule(request.user, case):
        log_access(request.user, Action.DENIED, case, purpose_for(request.user, case),
                   detail=f"wijzigen geweigerd: {_url_name(request)}")
        raise CaseNotEditable(case)
    return case


class CaseNotEditableMiddleware:
    """One answer to a refused change, whichever view refused it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, CaseNotEditable):
            return None
        if getattr(request, "htmx", False):
            return text_response(
                _("Niet opgeslagen: je kunt deze casus niet (meer) wijzigen."), 403)
        messages.error(request, _("Je kunt deze casus niet (meer) wijzigen."))
        return redirect(exception.case.step_url("casus"))
