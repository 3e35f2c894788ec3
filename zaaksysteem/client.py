"""A small client for the ZGW APIs (Zaken, Documenten, Besluiten) on requests.

Authentication as the ZGW standard asks: a JWT signed HS256 with the client secret, claims
``iss`` and ``client_id`` (the client id), ``iat``, and ``user_id`` / ``user_representation``
(the person on whose behalf the app acts, for the zaaksysteem's audit trail); a fresh token per
call. Errors come back as ``ZGWError`` with a Dutch message and whether a retry may help."""

import time

import jwt
import requests
from django.conf import settings
from django.utils.translation import gettext as _


class ZGWError(Exception):
    def __init__(self, message, retry=False):
        super().__init__(message)
        self.message, self.retry = message, retry


class Client:
    def __init__(self, user_id="", user_representation=""):
        self.user_id, self.user_representation = user_id, user_representation
        self.session = requests.Session()

    def _token(self):
        now = int(time.time())
        return jwt.encode({"iss": settings.ZGW_CLIENT_ID, "client_id": settings.ZGW_CLIENT_ID,
                           "iat": now, "user_id": self.user_id,
                           "user_representation": self.user_representation},
                          settings.ZGW_SECRET, algorithm="HS256")

    def request(self, method, url, **kwargs):
        headers = {"Authorization": f"Bearer {self._token()}", "Accept": "application/json",
                   "Accept-Crs": "EPSG:4326", "Content-Crs": "EPSG:4326"}
        try:
            response = self.session.request(method, url, headers=headers,
                                            timeout=settings.ZGW_TIMEOUT, **kwargs)
        except requests.Timeout as exc:
            raise ZGWError(_("Het zaaksysteem antwoordde niet op tijd."), retry=True) from exc
        except requests.RequestException as exc:
            raise ZGWError(_("Het zaaksysteem is niet bereikbaar."), retry=True) from exc
        if response.status_code in (401, 403):
            raise ZGWError(_("Het zaaksysteem weigert Maatwerk (autorisatie, %(status)s). "
                             "Functioneel beheer moet de client-id, het geheim en de rechten "
                             "(scopes) controleren.") % {"status": response.status_code})
        if response.status_code == 400:
            raise ZGWError(_("Het zaaksysteem keurt de gegevens af: %(reasons)s")
                           % {"reasons": _reasons(response)})
        if response.status_code == 404:
            raise ZGWError(_("Het zaaksysteem kent %(url)s niet.") % {"url": url})
        if response.status_code == 429 or response.status_code >= 500:
            raise ZGWError(_("Het zaaksysteem had een storing (%(status)s).")
                           % {"status": response.status_code}, retry=True)
        if response.status_code >= 300:
            raise ZGWError(_("Onverwacht antwoord van het zaaksysteem (%(status)s).")
                           % {"status": response.status_code})
        try:
            return response.json()
        except ValueError as exc:
            raise ZGWError(_("Het zaaksysteem gaf een onleesbaar antwoord."), retry=True) from exc

    def get(self, url, **params):
        return self.request("GET", url, params=params)

    def post(self, url, body):
        return self.request("POST", url, json=body)

    def results(self, url, **params):
        """What a list endpoint finds (its first page when it is paginated)."""
        found = self.get(url, **params)
        return found.get("results", []) if isinstance(found, dict) else found

    def first(self, url, **params):
        """The first object a list endpoint finds, or None."""
        return next(iter(self.results(url, **params)), None)


def _reasons(response):
    """ZGW validation errors (invalidParams) in one line: 'veld: reden (code)'."""
    try:
        body = response.json()
    except ValueError:
        return response.text[:200]
    params = body.get("invalidParams") or []
    if params:
        return "; ".join(f"{p.get('name')}: {p.get('reason')} ({p.get('code')})"
                         for p in params)[:400]
    return str(body.get("detail") or body.get("title") or body)[:400]
