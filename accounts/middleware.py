"""Inactivity timeout for sessions (security checklist #8).

Django's SESSION_COOKIE_AGE gives the absolute lifetime from login; this middleware adds the
inactivity timeout. It writes the session at most once a minute, not on every request.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils.translation import gettext as _

_REFRESH_EVERY = 60


class SessionIdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get("last_seen", now)
            if now - last_seen > settings.SESSION_IDLE_TIMEOUT:
                logout(request)
                messages.info(
                    request,
                    _("Je bent uitgelogd omdat je een tijd niet actief was. Log opnieuw in."),
                )
            elif now - last_seen >= _REFRESH_EVERY or "last_seen" not in request.session:
                request.session["last_seen"] = now
        return self.get_response(request)
