"""Search words that may name an inwoner travel in a POST body, never in a URL.

URLs end up in web-server access logs, proxies and browser history. A search form posts its
words; the view keeps them in the user's own (server-side) session under a random token and
redirects to a URL with only that token, so paging and the back button still work. The
session keeps the last few searches and goes with the session (logout, expiry,
``clearsessions``)."""

import secrets

from django.shortcuts import redirect

SESSION_KEY = "zoekvragen"
KEEP = 10


def remember(request, words):
    """A token for these words, kept in this user's session."""
    stored = dict(list(request.session.get(SESSION_KEY, {}).items())[-(KEEP - 1):])
    token = secrets.token_urlsafe(8)
    stored[token] = words
    request.session[SESSION_KEY] = stored
    return token


def redirect_posted(request, field="q"):
    """The answer to a posted search form: the same page, with the form's other fields in
    the URL and the search words replaced by a token of this session."""
    params = request.POST.copy()
    params.pop("csrfmiddlewaretoken", None)
    words = params.pop(field, [""])[0].replace("\x00", "").strip()[:100]
    if words:
        params["zoek"] = remember(request, words)
    return redirect(f"{request.path}?{params.urlencode()}")


def recall(request, token):
    """The words behind a token of this user's session ("" for an unknown token)."""
    if not token:
        return ""
    return request.session.get(SESSION_KEY, {}).get(str(token)[:40], "")
