"""Login through the organisation's identity provider (issue 15, part 1), against a real
OpenID Connect provider on localhost (see oidc_helpers)."""

import base64
import json
import logging
from datetime import timedelta

import pytest
from django.test import Client

from accounts.models import ClaimMapping, User
from accounts.roles import BEHEERDER, CASEMANAGER, TEAMLEIDER
from tests.accounts import oidc_helpers as idp

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def issuer():
    with idp.provider() as url:
        yield url


@pytest.fixture
def oidc(settings, issuer, cast):
    idp.configure(settings, issuer)
    ClaimMapping.objects.create(claim_value="maatwerk-centrum", team=cast.centrum)
    ClaimMapping.objects.create(claim_value="maatwerk-casemanagers", role=CASEMANAGER)
    ClaimMapping.objects.create(claim_value="maatwerk-teamleiders", role=TEAMLEIDER)
    ClaimMapping.objects.create(claim_value="maatwerk-beheer", role=BEHEERDER)
    return issuer


def logged_in(client):
    return "_auth_user_id" in client.session


def refused_with(client, response, text):
    """The login ended on the Dutch failure page, saying ``text``, and nobody is logged in."""
    assert response.status_code == 302 and response["Location"] == "/inloggen/mislukt/"
    page = client.get(response["Location"])
    assert page.status_code == 403
    assert text in page.content.decode()
    assert not logged_in(client)
    assert client.get("/casussen/").status_code == 302  # still behind login


def test_login_page_offers_the_organisation_and_keeps_passwords_when_on(oidc):
    page = Client().get("/inloggen/").content.decode()
    assert 'href="/oidc/authenticate/"' in page and "Inloggen via Gemeente Voorbeeld" in page
    assert 'name="password"' in page


def test_without_configuration_the_oidc_urls_do_not_exist(settings):
    settings.OIDC_ENABLED = False
    client = Client()
    assert client.get("/oidc/authenticate/").status_code == 404
    assert client.get("/oidc/callback/?code=x&state=y").status_code == 404
    assert "oidc/authenticate" not in client.get("/inloggen/").content.decode()


def test_a_mapped_user_logs_in_with_role_and_team_from_the_groups_claim(oidc, cast):
    idp.set_user(oidc, "sub-anna", given_name="Anna", family_name="de Vries",
                 preferred_username="anna", email="anna@example.org",
                 groups=["maatwerk-casemanagers", "maatwerk-centrum", "iets-anders"])
    client = Client()
    response = idp.login(client, oidc, "sub-anna")
    assert response.status_code == 302 and response["Location"] == "/"
    user = User.objects.get(oidc_subject="sub-anna")
    assert int(client.session["_auth_user_id"]) == user.pk
    assert (user.username, user.get_full_name()) == ("anna", "Anna de Vries")
    assert [g.name for g in user.groups.all()] == [CASEMANAGER]
    assert list(user.teams.all()) == [cast.centrum]
    assert not user.has_usable_password() and not user.is_staff
    assert "Anna de Vries" in client.get("/").content.decode()
    # The provider is the source of truth: at the next login the role follows the claim.
    idp.set_user(oidc, "sub-anna", given_name="Anna", family_name="de Vries",
                 preferred_username="anna", groups=["maatwerk-teamleiders", "maatwerk-centrum"])
    idp.login(Client(), oidc, "sub-anna")
    user.refresh_from_db()
    assert [g.name for g in user.groups.all()] == [TEAMLEIDER]
    assert User.objects.filter(oidc_subject="sub-anna").count() == 1


def test_the_user_is_matched_on_sub_never_on_a_name(oidc, cast):
    """A provider account called 'casemanager' does not become the local casemanager."""
    idp.set_user(oidc, "sub-other", preferred_username="casemanager",
                 groups=["maatwerk-beheer"])
    client = Client()
    idp.login(client, oidc, "sub-other")
    user = User.objects.get(oidc_subject="sub-other")
    assert user.pk != cast.casemanager.pk and user.username.startswith("oidc-")
    assert user.is_staff and [g.name for g in user.groups.all()] == [BEHEERDER]
    cast.casemanager.refresh_from_db()
    assert cast.casemanager.oidc_subject is None


def test_an_unmapped_user_gets_a_clear_dutch_page_and_no_account(oidc):
    idp.set_user(oidc, "sub-nieuw", preferred_username="nieuw", groups=["marketing"])
    client = Client()
    response = idp.login(client, oidc, "sub-nieuw")
    refused_with(client, response, "je hebt in Maatwerk nog geen rol")
    assert not User.objects.filter(oidc_subject="sub-nieuw").exists()


def test_a_casemanager_without_a_team_is_refused(oidc):
    idp.set_user(oidc, "sub-zonder-team", groups=["maatwerk-casemanagers"])
    client = Client()
    refused_with(client, idp.login(client, oidc, "sub-zonder-team"),
                 "je bent nog aan geen team gekoppeld")


def test_a_tampered_id_token_is_refused(oidc, settings, caplog):
    idp.set_user(oidc, "sub-anna", groups=["maatwerk-casemanagers", "maatwerk-centrum"])
    idp.set_user(oidc, "sub-boris", groups=["maatwerk-beheer"])
    client = Client()
    redirect = idp.authorize(idp.start(client), "sub-anna")
    tokens = idp.tokens_for(oidc, redirect)
    header, payload, signature = tokens["id_token"].split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["sub"] = "sub-boris"  # someone else, keeping the provider's signature
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    tokens["id_token"] = f"{header}.{forged}.{signature}"
    with idp.token_endpoint(tokens) as url, caplog.at_level(logging.WARNING):
        settings.OIDC_OP_TOKEN_ENDPOINT = url
        response = idp.callback(client, redirect)
    refused_with(client, response, "Maatwerk kon je aanmelding niet controleren")
    assert "Signature verification failed" in caplog.text
    assert not User.objects.filter(oidc_subject__in=["sub-anna", "sub-boris"]).exists()


def test_an_id_token_for_another_client_is_refused(oidc, settings, caplog):
    """mozilla-django-oidc itself skips the audience; accounts.oidc checks it."""
    idp.set_user(oidc, "sub-anna", groups=["maatwerk-casemanagers", "maatwerk-centrum"])
    client = Client()
    authorization_url = idp.start(client)
    own = idp.authorize(authorization_url, "sub-anna")
    # The same user, the same nonce, but a token the provider issued to another application.
    other = idp.authorize(authorization_url, "sub-anna", client_id="andere-app")
    tokens = idp.tokens_for(oidc, other, client_id="andere-app")
    with idp.token_endpoint(tokens) as url, caplog.at_level(logging.WARNING):
        settings.OIDC_OP_TOKEN_ENDPOINT = url
        response = idp.callback(client, own)
    refused_with(client, response, "Maatwerk kon je aanmelding niet controleren")
    assert "Audience doesn't match" in caplog.text


def test_an_expired_id_token_is_refused(settings, cast, caplog):
    # A provider whose tokens expired a minute before they were issued.
    with idp.provider(token_max_age=timedelta(seconds=-60)) as expiring:
        idp.configure(settings, expiring)
        ClaimMapping.objects.create(claim_value="maatwerk-beheer", role=BEHEERDER)
        idp.set_user(expiring, "sub-laat", groups=["maatwerk-beheer"])
        client = Client()
        with caplog.at_level(logging.WARNING):
            response = idp.login(client, expiring, "sub-laat")
    refused_with(client, response, "Maatwerk kon je aanmelding niet controleren")
    assert "Signature has expired" in caplog.text


def test_a_token_from_another_issuer_is_refused(oidc, settings, caplog):
    """The endpoints are set one by one (no discovery); the issuer the app expects is not the
    one that signs."""
    import requests

    document = requests.get(f"{oidc}/.well-known/openid-configuration", timeout=5).json()
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = document["authorization_endpoint"]
    settings.OIDC_OP_TOKEN_ENDPOINT = document["token_endpoint"]
    settings.OIDC_OP_USER_ENDPOINT = document["userinfo_endpoint"]
    settings.OIDC_OP_JWKS_ENDPOINT = document["jwks_uri"]
    settings.OIDC_OP_ISSUER = "https://login.voorbeeld.nl"
    idp.set_user(oidc, "sub-anna", groups=["maatwerk-beheer"])
    client = Client()
    with caplog.at_level(logging.WARNING):
        response = idp.login(client, oidc, "sub-anna")
    refused_with(client, response, "Maatwerk kon je aanmelding niet controleren")
    assert "Invalid issuer" in caplog.text


def test_mfa_is_required_when_configured(oidc, settings):
    settings.OIDC_REQUIRED_AMR = ["mfa", "otp"]
    idp.set_user(oidc, "sub-pwd", groups=["maatwerk-beheer"], amr=["pwd"])
    client = Client()
    refused_with(client, idp.login(client, oidc, "sub-pwd"), "zonder de extra stap")
    idp.set_user(oidc, "sub-mfa", groups=["maatwerk-beheer"], amr=["pwd", "otp"])
    client = Client()
    idp.login(client, oidc, "sub-mfa")
    assert logged_in(client)


def test_a_cancelled_login_and_an_unknown_state_end_on_the_dutch_page(oidc):
    client = Client()
    idp.start(client)
    refused_with(client, client.get("/oidc/callback/?error=access_denied&state=x"),
                 "afgebroken")
    client = Client()
    idp.start(client)
    refused_with(client, client.get("/oidc/callback/?code=abc&state=niet-van-mij"),
                 "Probeer het opnieuw")


def test_next_is_kept_through_the_provider(oidc, cast):
    idp.set_user(oidc, "sub-anna", groups=["maatwerk-casemanagers", "maatwerk-centrum"])
    client = Client()
    response = idp.callback(client, idp.authorize(idp.start(client, "/casussen/"), "sub-anna"))
    assert response["Location"] == "/casussen/"


def test_password_login_can_be_switched_off(oidc, settings, cast):
    settings.PASSWORD_LOGIN = False
    settings.AUTHENTICATION_BACKENDS = [b for b in settings.AUTHENTICATION_BACKENDS
                                        if not b.endswith("ModelBackend")]
    client = Client()
    page = client.get("/inloggen/").content.decode()
    assert 'name="password"' not in page and "Inloggen via Gemeente Voorbeeld" in page
    response = client.post("/inloggen/", {"username": "casemanager",
                                          "password": "Een-lang-wachtwoord-2026"}, follow=True)
    assert "Inloggen met een wachtwoord staat uit" in response.content.decode()
    assert not logged_in(client)
    # The admin's own login form is gone too: it sends to the one login page.
    assert client.get("/beheer/login/?next=/beheer/")["Location"].startswith("/inloggen/")


def test_a_deactivated_provider_user_is_out_at_the_next_request(oidc, cast):
    idp.set_user(oidc, "sub-anna", groups=["maatwerk-casemanagers", "maatwerk-centrum"])
    client = Client()
    idp.login(client, oidc, "sub-anna")
    assert client.get("/casussen/").status_code == 200
    User.objects.filter(oidc_subject="sub-anna").update(is_active=False)
    assert client.get("/casussen/").status_code == 302
    # And a new login through the provider says why it is refused.
    client = Client()
    refused_with(client, idp.login(client, oidc, "sub-anna"), "Je account in Maatwerk staat uit")


def test_logging_out_also_ends_the_session_at_the_provider(oidc, cast):
    """RP-initiated logout: the provider's end-session endpoint (from its discovery document)
    gets the ID token as hint and sends the browser back to the login page."""
    from urllib.parse import parse_qs, urlsplit

    idp.set_user(oidc, "sub-anna", groups=["maatwerk-casemanagers", "maatwerk-centrum"])
    client = Client()
    idp.login(client, oidc, "sub-anna")
    id_token = client.session["oidc_id_token"]
    # The page's CSP lets its logout form go on to the provider (browsers check the redirect).
    policy = client.get("/casussen/")["Content-Security-Policy"]
    assert f"form-action 'self' {oidc}" in policy
    response = client.post("/uitloggen/")
    assert not logged_in(client)
    location = urlsplit(response["Location"])
    assert response.status_code == 302
    assert f"{location.scheme}://{location.netloc}{location.path}" == (
        f"{oidc}/oauth2/end_session")
    query = parse_qs(location.query)
    assert query["id_token_hint"] == [id_token]
    assert query["client_id"] == [idp.CLIENT_ID]
    assert query["post_logout_redirect_uri"] == ["http://testserver/inloggen/"]
    # The provider accepts it and, once confirmed, sends the browser back to the login page.
    import requests

    confirm = requests.post(f"{oidc}/oauth2/end_session/confirm",
                            data={"redirect_uri": query["post_logout_redirect_uri"][0]},
                            allow_redirects=False, timeout=5)
    assert confirm.headers["Location"] == "http://testserver/inloggen/"


def test_a_password_login_logs_out_here_only(oidc, cast):
    client = Client()
    client.force_login(cast.casemanager)
    policy = client.get("/casussen/")["Content-Security-Policy"]
    assert "form-action 'self'" in policy and oidc not in policy
    response = client.post("/uitloggen/")
    assert response.status_code == 302 and response["Location"] == "/inloggen/"
    assert not logged_in(client)


def test_logout_without_a_reachable_provider_still_logs_out(oidc, cast, settings):
    idp.set_user(oidc, "sub-anna", groups=["maatwerk-casemanagers", "maatwerk-centrum"])
    client = Client()
    idp.login(client, oidc, "sub-anna")
    from accounts import oidc as module

    settings.OIDC_OP_ISSUER = "http://127.0.0.1:9"  # nothing listens there
    module._discovery.update(issuer=None, document=None, read_at=0.0)
    response = client.post("/uitloggen/")
    assert response["Location"] == "/inloggen/" and not logged_in(client)
