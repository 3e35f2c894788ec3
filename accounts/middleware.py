"""Session lifetime (security checklist #8): an inactivity timeout and an absolute maximum;
and the one widening of the CSP that a logout at the identity provider needs.

Django's SESSION_COOKIE_AGE alone is not an absolute lifetime: every save of the session
(this middleware's own "last seen" included) moves its expiry. So the moment of login is kept
in the session, and a session older than SESSION_COOKIE_AGE ends whatever the activity. The
"last seen" time is written at most once a minute, not on every request.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils.translation import gettext as _

from . import oidc

_REFRESH_EVERY = 60


class SessionIdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            started = request.session.get("started_at")
            last_seen = request.session.get("last_seen", now)
            if started is None:  # a session from before this rule: it starts now
                request.session["started_at"] = started = now
            if now - started > settings.SESSION_COOKIE_AGE:
                logout(request)
                messages.info(request, _("Je bent uitgelogd omdat je sessie te lang duurde. "
                                         "Log opnieuw in."))
            elif now - last_seen > settings.SESSION_IDLE_TIMEOUT:
                logout(request)
                messages.info(
                    request,
                    _("Je bent uitgelogd omdat je een tijd niet actief was. Log opnieuw in."),
                )
            elif now - last_seen >= _REFRESH_EVERY or "last_seen" not in request.session:
                request.session["last_seen"] = now
        return self.get_response(request)


class ProviderLogoutMiddleware:
    """The logout form posts here and is redirected on to the identity provider's end-session
    endpoint (accounts.views.Logout). Browsers apply the page's CSP ``form-action`` to that
    redirect too, so the pages of a user who logged in through the provider allow the
    provider's origin there, and nobody else's pages do."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.OIDC_ENABLED and request.session.get("oidc_id_token"):
            origin = oidc.logout_origin()
            if origin:
                response._csp_update = {"form-action": [origin]}
        return response
