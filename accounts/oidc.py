"""Login through the organisation's identity provider (OpenID Connect, authorization-code
flow with PKCE), on top of mozilla-django-oidc, the library Open Zaak and Open Formulieren use.

What this module adds to the library:

* the ID token is checked in full: signature against the provider's keys, issuer, audience
  (and ``azp`` when there are several), expiry and issue time (the library skips the audience
  and lets an expired token escape as an error page);
* the user is matched on the provider's ``sub``, never on a name or an e-mail address;
* roles and teams come from the groups claim through ``ClaimMapping``, the table functioneel
  beheer maintains; a user without a mapped role is refused with a Dutch page that says why;
* MFA can be required: ``OIDC_REQUIRED_ACR`` / ``OIDC_REQUIRED_AMR``;
* every failure ends on one Dutch page, never an error page, and is logged with its reason.

Endpoints not set in the settings are read once from the issuer's discovery document.
"""

import logging
import time
from urllib.parse import urlencode, urlsplit

import jwt
import requests
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.utils.crypto import salted_hmac
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from .models import ClaimMapping, User
from .roles import BEHEERDER, CASEMANAGER, TEAMLEIDER

logger = logging.getLogger(__name__)

FAILURE_KEY = "oidc_failure"
# Why a login was refused; the failure page says it in Dutch (accounts.views.oidc_failed).
TOKEN, UNMAPPED, NO_TEAM, MFA, CANCELLED, INACTIVE = (
    "token", "unmapped", "no_team", "mfa", "cancelled", "inactive")
ROLES_NEEDING_A_TEAM = {CASEMANAGER, TEAMLEIDER}

_discovery = {"issuer": None, "document": None, "read_at": 0.0}
DISCOVERY_TTL = 3600


def endpoint(name):
    """The provider's endpoint ``name`` (authorization, token, userinfo, jwks_uri,
    end_session_endpoint): from the
    settings when set there, otherwise from the issuer's discovery document (cached for an
    hour)."""
    configured = {
        "authorization_endpoint": settings.OIDC_OP_AUTHORIZATION_ENDPOINT,
        "token_endpoint": settings.OIDC_OP_TOKEN_ENDPOINT,
        "userinfo_endpoint": settings.OIDC_OP_USER_ENDPOINT,
        "jwks_uri": settings.OIDC_OP_JWKS_ENDPOINT,
        "end_session_endpoint": settings.OIDC_OP_LOGOUT_ENDPOINT,
    }[name]
    if configured:
        return configured
    if not settings.OIDC_OP_ISSUER:
        raise ImproperlyConfigured(f"Set OIDC_OP_ISSUER or the endpoint for {name}.")
    fresh = time.monotonic() - _discovery["read_at"] < DISCOVERY_TTL
    if _discovery["issuer"] != settings.OIDC_OP_ISSUER or not fresh:
        response = requests.get(f"{settings.OIDC_OP_ISSUER}/.well-known/openid-configuration",
                                timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        _discovery.update(issuer=settings.OIDC_OP_ISSUER, document=response.json(),
                          read_at=time.monotonic())
    return _discovery["document"][name]


def logout_origin():
    """The origin of the provider's end-session endpoint, without a network call: the
    configured endpoint's, else the issuer's (where providers serve it)."""
    parts = urlsplit(settings.OIDC_OP_LOGOUT_ENDPOINT or settings.OIDC_OP_ISSUER)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


def end_session_url(request, id_token):
    """Where the browser goes after logging out of Maatwerk when the login came through the
    provider: its end-session endpoint (RP-initiated logout), so the provider's session ends
    too and the next person at this computer must log in again. None when the provider has no
    such endpoint or cannot be reached; the local logout has happened either way."""
    if not (settings.OIDC_ENABLED and id_token):
        return None
    try:
        url = endpoint("end_session_endpoint")
    except (requests.RequestException, ImproperlyConfigured, KeyError, ValueError) as exc:
        logger.warning("OIDC logout at the provider skipped: %s", exc)
        return None
    query = urlencode({"id_token_hint": id_token, "client_id": settings.OIDC_RP_CLIENT_ID,
                       "post_logout_redirect_uri": request.build_absolute_uri(
                           resolve_url(settings.LOGOUT_REDIRECT_URL))})
    return f"{url}{'&' if '?' in url else '?'}{query}"


def refuse(request, reason, detail):
    """Note why the login failed (for the failure page) and log it."""
    logger.warning("OIDC login refused (%s): %s", reason, detail)
    if request is not None and hasattr(request, "session"):
        request.session[FAILURE_KEY] = reason


class Backend(OIDCAuthenticationBackend):
    """Authenticates a user from the provider's tokens; a no-op when OIDC is not configured."""

    def __init__(self, *args, **kwargs):
        # Not the library's __init__: it reads every endpoint at construction, and Django
        # builds a backend for every request that carries a session.
        self.UserModel = User
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None

    @property
    def OIDC_OP_TOKEN_ENDPOINT(self):  # noqa: N802 (the library's attribute names)
        return endpoint("token_endpoint")

    @property
    def OIDC_OP_USER_ENDPOINT(self):  # noqa: N802
        return endpoint("userinfo_endpoint")

    @property
    def OIDC_OP_JWKS_ENDPOINT(self):  # noqa: N802
        return endpoint("jwks_uri")

    def get_user(self, user_id):
        # ModelBackend's, not the library's: a deactivated account is out at its next
        # request, also when it logged in through the provider.
        return ModelBackend.get_user(self, user_id)

    def authenticate(self, request, **kwargs):
        if not settings.OIDC_ENABLED or request is None or "code" not in request.GET:
            return None
        try:
            return super().authenticate(request, **kwargs)
        except (SuspiciousOperation, jwt.PyJWTError, requests.RequestException,
                KeyError, ValueError) as exc:
            refuse(request, TOKEN, f"{type(exc).__name__}: {exc}")
            return None

    def retrieve_matching_jwk(self, token):
        """The provider's key for this token: the one with the token's ``kid``; a token
        without a ``kid`` (it is optional in JWS) only when the provider has a single key for
        the algorithm."""
        response = requests.get(self.OIDC_OP_JWKS_ENDPOINT, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        header = jwt.get_unverified_header(token)
        keys = [k for k in response.json().get("keys", [])
                if k.get("alg", header.get("alg")) == header.get("alg")
                and k.get("use", "sig") == "sig"]
        if header.get("kid"):
            keys = [k for k in keys if k.get("kid") == header["kid"]]
        if len(keys) != 1:
            raise SuspiciousOperation("No single matching key in the provider's JWKS")
        return jwt.PyJWK(keys[0])

    def _verify_jws(self, payload, key):
        """The whole check of an ID token, not only its signature."""
        header = jwt.get_unverified_header(payload)
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation(f"ID token algorithm {header.get('alg')!r} refused")
        try:
            claims = jwt.decode(
                payload, key, algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID, issuer=settings.OIDC_OP_ISSUER or None,
                leeway=settings.OIDC_LEEWAY_SECONDS,
                options={"require": ["exp", "iat", "iss", "aud", "sub"],
                         "verify_iss": bool(settings.OIDC_OP_ISSUER)})
        except jwt.InvalidTokenError as exc:
            raise SuspiciousOperation(f"ID token refused: {exc}") from exc
        audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        if len(audiences) > 1 and claims.get("azp") != self.OIDC_RP_CLIENT_ID:
            raise SuspiciousOperation("ID token for several audiences without our azp")
        return claims

    def get_or_create_user(self, access_token, id_token, payload):
        userinfo = self.get_userinfo(access_token, id_token, payload)
        if userinfo.get("sub") != payload["sub"]:
            # OpenID Connect Core 5.3.2: the userinfo must be about the ID token's subject.
            raise SuspiciousOperation("userinfo sub differs from the ID token's")
        claims = {**userinfo, **payload}  # what the signed ID token says wins
        if User.objects.filter(oidc_subject=payload["sub"], is_active=False).exists():
            refuse(self.request, INACTIVE, f"sub {payload['sub']}: account switched off")
            return None
        if not mfa_satisfied(claims):
            refuse(self.request, MFA, f"sub {payload['sub']}: acr/amr do not meet the rule")
            return None
        roles, teams = mapped_roles_and_teams(claims.get(settings.OIDC_GROUPS_CLAIM))
        if not roles:
            refuse(self.request, UNMAPPED, f"sub {payload['sub']}: no mapped role")
            return None
        if roles & ROLES_NEEDING_A_TEAM and not teams:
            refuse(self.request, NO_TEAM, f"sub {payload['sub']}: role without a team")
            return None
        return sync_user(payload["sub"], claims, roles, teams)


def mfa_satisfied(claims):
    acr_rule, amr_rule = settings.OIDC_REQUIRED_ACR, settings.OIDC_REQUIRED_AMR
    if acr_rule and claims.get("acr") not in acr_rule:
        return False
    amr = claims.get("amr") or []
    amr = [amr] if isinstance(amr, str) else amr
    return not amr_rule or bool(set(amr) & set(amr_rule))


def mapped_roles_and_teams(values):
    """The roles and teams the claim's values map to (unknown values give nothing)."""
    if isinstance(values, str):
        values = [values]
    values = [str(v) for v in values or [] if isinstance(v, str | int)]
    rows = ClaimMapping.objects.filter(claim_value__in=values).select_related("team")
    return ({row.role for row in rows if row.role},
            {row.team for row in rows if row.team_id})


def _username(sub, claims):
    """A readable, unique username: the provider's preferred_username when no other account
    has it, otherwise one derived from the subject."""
    wanted = str(claims.get("preferred_username") or "")[:150]
    taken = User.objects.filter(username=wanted).exclude(oidc_subject=sub).exists()
    if wanted and not taken:
        return wanted
    return "oidc-" + salted_hmac("oidc-username", sub).hexdigest()[:20]


@transaction.atomic
def sync_user(sub, claims, roles, teams):
    """Create or update the user for ``sub`` with the roles and teams the claims map to."""
    user = User.objects.filter(oidc_subject=sub).first()
    if user is None:
        user = User(oidc_subject=sub, username=_username(sub, claims))
        user.set_unusable_password()
    user.first_name = str(claims.get("given_name") or "")[:150]
    user.last_name = str(claims.get("family_name") or "")[:150]
    if not (user.first_name or user.last_name) and claims.get("name"):
        user.first_name = str(claims["name"])[:150]
    user.email = str(claims.get("email") or "")[:254]
    user.is_staff = BEHEERDER in roles  # beheer works in the admin
    user.save()
    user.groups.set(Group.objects.filter(name__in=roles))  # set() changes only what differs
    user.teams.set(teams)
    return user


class StartView(OIDCAuthenticationRequestView):
    """Sends the browser to the provider's login page (404 when OIDC is not configured)."""

    def __init__(self, *args, **kwargs):
        # The library reads the endpoint at construction; here only when OIDC is on.
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID

    def get(self, request):
        if not settings.OIDC_ENABLED:
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = endpoint("authorization_endpoint")
        except (requests.RequestException, ImproperlyConfigured, KeyError, ValueError) as exc:
            refuse(request, TOKEN, f"discovery failed: {exc}")
            return HttpResponseRedirect(resolve_url(settings.LOGIN_REDIRECT_URL_FAILURE))
        return super().get(request)


class CallbackView(OIDCAuthenticationCallbackView):
    """The provider's redirect back. An unknown state or a refusal at the provider ends on the
    Dutch failure page too, not on an error page."""

    @property
    def failure_url(self):
        return resolve_url(settings.LOGIN_REDIRECT_URL_FAILURE)

    def get(self, request):
        if not settings.OIDC_ENABLED:
            raise Http404
        if request.GET.get("error"):
            refuse(request, CANCELLED, f"provider said {request.GET.get('error')!r}")
        try:
            return super().get(request)
        except SuspiciousOperation as exc:  # a state that is not this session's
            refuse(request, TOKEN, str(exc))
            return self.login_failure()
