"""Project-wide response hardening."""

from django.contrib.auth import middleware as auth_middleware
from django.http import HttpResponse, HttpResponseNotAllowed
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _


class AllowedMethodsMiddleware:
    """The app serves GET, HEAD and POST, nothing else: OPTIONS, TRACE, PUT, PATCH and DELETE
    get a 405 before any view runs, so no view can answer them with case data. Views refuse
    the methods they do not serve themselves too (``require_safe`` / ``require_POST``)."""

    ALLOWED = ("GET", "HEAD", "POST")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in self.ALLOWED:
            return HttpResponseNotAllowed(self.ALLOWED)
        return self.get_response(request)


class NoStoreMiddleware:
    """Signed-in pages and documents hold personal data: browsers and proxies must not keep
    them (security checklist #4). Applies to every response for a signed-in user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            add_never_cache_headers(response)
        return response


class LoginRequiredMiddleware(auth_middleware.LoginRequiredMiddleware):
    """Login is required everywhere (security checklist #6).

    An htmx request (an autosave) whose session ran out gets a 401 with a short Dutch message
    instead of a redirect: the page stays, with everything the user typed still in it."""

    def handle_no_permission(self, request, view_func):
        if getattr(request, "htmx", False):
            return HttpResponse(
                _("Niet opgeslagen: je bent niet meer ingelogd. Log in in een nieuw tabblad "
                  "en probeer het opnieuw."),
                status=401,
                content_type="text/plain; charset=utf-8",
            )
        return super().handle_no_permission(request, view_func)
