"""Home page and error pages."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from reviews.services import log_waiting, waiting_for


@require_safe
def home(request):
    """What waits for this user. The cases it names (titles, advice questions) are reads:
    each is in the logboek."""
    user = request.user
    waiting = waiting_for(user)
    log_waiting(user, waiting)
    context = {"waiting": waiting, "is_casemanager": user.has_perm("cases.work_on_cases")}
    if context["is_casemanager"]:
        from policy.questions import attach_outcomes
        from policy.services import my_signals
        from zaaksysteem.services import recent_for

        context["my_signals"] = attach_outcomes(my_signals(user))
        context["my_transfers"] = recent_for(user)
        from privacy.logboek import Action, log_pairs

        log_pairs(user, Action.LIST, [(s.case, "eigen signaal voor beleid")
                                      for s in context["my_signals"]]
                  + [(t.case, "eigen verzending naar het zaaksysteem")
                     for t in context["my_transfers"]], detail="startpagina")
    if user.has_perm("policy.handle_signals"):
        from policy.services import open_signals

        context["open_signals"] = open_signals(user)
    if user.has_perm("policy.work_on_policy_questions"):
        from policy.questions import open_questions

        context["open_questions"] = open_questions(user)
    return render(request, "home.html", context)


def page_not_found(request, exception=None):
    return render(request, "errors/error.html", {
        "title": _("Pagina niet gevonden"),
        "message": _("Deze pagina bestaat niet, of je hebt er geen toegang toe."),
    }, status=404)


def permission_denied(request, exception=None):
    return render(request, "errors/error.html", {
        "title": _("Geen toegang"),
        "message": _("Je hebt geen toegang tot deze pagina."),
    }, status=403)


def server_error(request):
    # No context processors that touch the database: the error may be the database itself.
    from django.http import HttpResponseServerError
    from django.template import loader

    template = loader.get_template("errors/500.html")
    return HttpResponseServerError(template.render())


def csrf_failure(request, reason=""):
    if request.headers.get("HX-Request"):
        return HttpResponse(
            _("Niet opgeslagen: de pagina is verlopen. Kopieer je tekst, ververs de pagina en "
              "probeer het opnieuw."),
            status=403, content_type="text/plain; charset=utf-8",
        )
    return render(request, "errors/error.html", {
        "title": _("Formulier verlopen"),
        "message": _("Je formulier was verlopen of kwam niet van deze site. Ga terug, ververs "
                     "de pagina en probeer het opnieuw. Kopieer eerst je tekst als je die "
                     "niet kwijt wilt."),
    }, status=403)
