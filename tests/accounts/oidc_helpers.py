"""A real OpenID Connect provider on localhost (oidc-provider-mock: it signs real RS256 tokens
with its own key and publishes the key at its jwks endpoint), and the steps of a login through
it, for the tests of accounts.oidc.

Nothing of the app's side is replaced: the app fetches the discovery document, exchanges the
code at a token endpoint and checks the ID token against the provider's keys over HTTP. For
the refusal tests the token endpoint is a small server that hands out tokens the real provider
signed, but not the ones the app asked for (a token for another client, a tampered one).
"""

import json
import threading
from contextlib import contextmanager
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import requests
from oidc_provider_mock import run_server_in_thread

CLIENT_ID = "maatwerk"
CLIENT_SECRET = "geheim-voor-de-test"  # noqa: S105 - the mock provider accepts any secret


@contextmanager
def provider(token_max_age=timedelta(hours=1)):
    """A provider on a free port; yields its issuer URL."""
    with run_server_in_thread(access_token_max_age=token_max_age) as server:
        yield f"http://localhost:{server.server_port}"


def configure(settings, issuer):
    """Point the app at ``issuer`` the way the environment does (only issuer, id and secret:
    the endpoints come from the discovery document)."""
    from accounts import oidc

    settings.OIDC_ENABLED = True
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_OP_ISSUER = issuer
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = ""
    settings.OIDC_OP_TOKEN_ENDPOINT = ""
    settings.OIDC_OP_USER_ENDPOINT = ""
    settings.OIDC_OP_JWKS_ENDPOINT = ""
    settings.OIDC_REQUIRED_ACR = []
    settings.OIDC_REQUIRED_AMR = []
    settings.OIDC_LEEWAY_SECONDS = 0
    oidc._discovery.update(issuer=None, document=None, read_at=0.0)


def set_user(issuer, sub, **claims):
    """The provider's user ``sub`` with these claims (groups, name, amr …)."""
    response = requests.put(f"{issuer}/users/{sub}", json=claims, timeout=5)
    response.raise_for_status()


def start(client, next_url=None):
    """The app's redirect to the provider: the authorization URL it built."""
    response = client.get("/oidc/authenticate/" + (f"?next={next_url}" if next_url else ""))
    assert response.status_code == 302, response.status_code
    return response["Location"]


def authorize(authorization_url, sub, client_id=None):
    """The user logs in at the provider as ``sub``: the provider's redirect back to the app
    (with code and state). ``client_id`` asks the code for another client instead."""
    if client_id:
        parts = urlsplit(authorization_url)
        query = parse_qs(parts.query)
        query["client_id"] = [client_id]
        authorization_url = urlunsplit(parts._replace(query=urlencode(query, doseq=True)))
    response = requests.post(authorization_url, data={"sub": sub}, allow_redirects=False,
                             timeout=5)
    assert response.status_code == 302, response.text
    return response.headers["Location"]


def callback(client, redirect):
    """The browser arrives back at the app with the provider's redirect."""
    parts = urlsplit(redirect)
    return client.get(f"{parts.path}?{parts.query}")


def login(client, issuer, sub):
    return callback(client, authorize(start(client), sub))


def tokens_for(issuer, redirect, client_id=CLIENT_ID):
    """Exchange the code in ``redirect`` at the real provider: its signed tokens."""
    parts = urlsplit(redirect)
    code = parse_qs(parts.query)["code"][0]
    response = requests.post(f"{issuer}/oauth2/token", data={
        "grant_type": "authorization_code", "code": code, "client_id": client_id,
        "client_secret": CLIENT_SECRET,
        "redirect_uri": urlunsplit(parts._replace(query="")),
    }, timeout=5)
    response.raise_for_status()
    return response.json()


@contextmanager
def token_endpoint(body):
    """A token endpoint on localhost that answers every request with ``body`` (JSON)."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            data = json.dumps(body).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/token"
    finally:
        server.shutdown()
        server.server_close()
