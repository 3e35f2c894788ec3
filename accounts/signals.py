"""Session bookkeeping at login: the idle timer and the absolute lifetime start at login."""

import time

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver


@receiver(user_logged_in, dispatch_uid="accounts.start_idle_timer")
def start_idle_timer(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session["last_seen"] = now
        request.session["started_at"] = now
