"""Deployment checks (``manage.py check --deploy``) for the integrations: a half-filled
configuration silently leaves a feature off, and plain HTTP would send decisions, documents
and tokens readable on the wire."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Warning, register

ZGW_SETTINGS = ["ZGW_ZAKEN_ROOT", "ZGW_DOCUMENTEN_ROOT", "ZGW_BESLUITEN_ROOT", "ZGW_CLIENT_ID",
                "ZGW_SECRET", "ZGW_RSIN", "ZGW_INFORMATIEOBJECTTYPE", "ZGW_BESLUITTYPE"]
ZGW_URLS = ["ZGW_ZAKEN_ROOT", "ZGW_DOCUMENTEN_ROOT", "ZGW_BESLUITEN_ROOT",
            "ZGW_INFORMATIEOBJECTTYPE", "ZGW_BESLUITTYPE"]
OIDC_URLS = ["OIDC_OP_ISSUER", "OIDC_OP_AUTHORIZATION_ENDPOINT", "OIDC_OP_TOKEN_ENDPOINT",
             "OIDC_OP_USER_ENDPOINT", "OIDC_OP_JWKS_ENDPOINT", "OIDC_OP_LOGOUT_ENDPOINT"]


def _plain_http(names):
    return [n for n in names if urlsplit(getattr(settings, n, "") or "").scheme == "http"]


@register(deploy=True)
def integrations(app_configs, **kwargs):
    problems = []
    given = [n for n in ZGW_SETTINGS if getattr(settings, n, "")]
    if given and len(given) < len(ZGW_SETTINGS):
        missing = ", ".join(n for n in ZGW_SETTINGS if n not in given)
        problems.append(Warning(
            f"The zaaksysteem is half configured, so it is off: {missing} missing.",
            hint="Set all ZGW_* settings (docs/zaaksysteem.md), or none.",
            id="maatwerk.W001"))
    if settings.ZGW_ENABLED and _plain_http(ZGW_URLS):
        problems.append(Warning(
            f"The zaaksysteem is reached over plain HTTP: {', '.join(_plain_http(ZGW_URLS))}.",
            hint="Use https:// URLs; the documents and the JWT would be readable on the wire.",
            id="maatwerk.W002"))
    if settings.OIDC_ENABLED and not settings.OIDC_RP_CLIENT_SECRET:
        problems.append(Warning("OpenID Connect is on without OIDC_RP_CLIENT_SECRET.",
                                hint="Register a confidential client at the identity provider.",
                                id="maatwerk.W003"))
    if settings.OIDC_ENABLED and _plain_http(OIDC_URLS):
        problems.append(Warning(
            f"The identity provider is reached over plain HTTP: "
            f"{', '.join(_plain_http(OIDC_URLS))}.",
            hint="Use https:// for the issuer and its endpoints.", id="maatwerk.W004"))
    return problems
