"""Security headers, sessions, CSRF, login throttling, passwords, audit of roles, escaping,
length limits, atomic transitions (security checklist #1–#19)."""

import json
import time

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import models
from django.test import Client
from django.urls import reverse

from accounts.models import User
from cases import services
from cases.models import Case
from tests.maatwerk.test_settings import run_manage

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_production_settings_values():
    script = ("from django.conf import settings as s; import json; print(json.dumps({"
              "'hsts': s.SECURE_HSTS_SECONDS, 'sub': s.SECURE_HSTS_INCLUDE_SUBDOMAINS, "
              "'ssl': s.SECURE_SSL_REDIRECT, 'sc': s.SESSION_COOKIE_SECURE, "
              "'cc': s.CSRF_COOKIE_SECURE, 'xfo': s.X_FRAME_OPTIONS, "
              "'ref': s.SECURE_REFERRER_POLICY, 'debug': s.DEBUG, "
              "'age': s.SESSION_COOKIE_AGE, 'idle': s.SESSION_IDLE_TIMEOUT}))")
    result = run_manage("shell", "-c", script, DJANGO_ENV="production",
                        SECRET_KEY="x" * 60, ALLOWED_HOSTS="maatwerk.example.org")
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["hsts"] >= 31_536_000 and values["sub"] and values["ssl"]
    assert values["sc"] and values["cc"] and not values["debug"]
    assert values["xfo"] == "DENY" and values["ref"] == "same-origin"
    assert values["age"] <= 12 * 3600 and values["idle"] <= 3600


def check_headers(response):
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    for directive in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"):
        assert directive in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_every_kind_of_response_carries_the_security_headers(case, cast, client_for):
    client = client_for(cast.casemanager)
    page = client.get(reverse("cases:step", args=[case.pk, "casus"]))
    fragment = client.post(reverse("cases:step", args=[case.pk, "casus"]),
                           {"buikpijn": "x", "version": case.version},
                           headers={"HX-Request": "true", "HX-Trigger-Name": "buikpijn"})
    pdf = client.get(reverse("cases:pdf", args=[case.pk]))
    for response in (page, fragment, pdf):
        check_headers(response)
        assert "no-store" in response["Cache-Control"]
    check_headers(Client().get("/inloggen/"))


def test_templates_have_no_inline_script_or_style(settings):
    """The CSP forbids inline script; keep templates from needing it."""
    import re
    from pathlib import Path

    for path in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), path
        assert not re.search(r"\son[a-z]+=", text), path
        assert "hx-on" not in text and 'style="' not in text, path


def test_login_gets_a_new_session_key_and_logout_ends_it(cast):
    client = Client()
    client.get("/inloggen/")
    before = client.cookies.get("sessionid")
    client.post("/inloggen/", {"username": "casemanager", "password": "Een-lang-wachtwoord-2026"})
    after = client.cookies["sessionid"].value
    assert before is None or before.value != after
    client.post("/uitloggen/")
    assert client.get("/").status_code == 302


def test_an_idle_session_is_logged_out(cast, client_for):
    client = client_for(cast.casemanager)
    assert client.get("/").status_code == 200
    session = client.session
    session["last_seen"] = int(time.time()) - 31 * 60
    session.save()
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/inloggen/")
    assert "omdat je een tijd niet actief was" in response.content.decode()


def test_a_deactivated_user_is_out_at_once(cast, client_for):
    client = client_for(cast.casemanager)
    User.objects.filter(pk=cast.casemanager.pk).update(is_active=False)
    assert client.get("/").status_code == 302


def test_csrf_is_enforced_for_forms_and_htmx(case, cast):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.casemanager)
    url = reverse("cases:step", args=[case.pk, "casus"])
    headers = {"HX-Request": "true", "HX-Trigger-Name": "buikpijn"}
    data = {"buikpijn": "Zonder token.", "version": case.version}
    refused = client.post(url, data, headers=headers)
    assert refused.status_code == 403
    assert "Niet opgeslagen: de pagina is verlopen." in refused.content.decode()
    client.get(url)
    token = client.cookies["csrftoken"].value
    assert client.post(url, data, headers={**headers, "X-CSRFToken": token}).status_code == 200
    case.refresh_from_db()
    assert case.buikpijn == "Zonder token."


def test_csrf_failure_is_a_dutch_page(cast):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/inloggen/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "Je formulier was verlopen" in response.content.decode()


def test_login_throttling_locks_after_five_failures(cast):
    client = Client()
    for _ in range(5):
        client.post("/inloggen/", {"username": "casemanager", "password": "fout"})
    response = client.post("/inloggen/", {"username": "casemanager",
                                          "password": "Een-lang-wachtwoord-2026"})
    assert response.status_code == 429
    assert "Te vaak een verkeerd wachtwoord" in response.content.decode()
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert other.post("/inloggen/", {"username": "teamleider",
                                     "password": "Een-lang-wachtwoord-2026"}).status_code == 302


@pytest.mark.parametrize("password", ["kort", "password1234", "123456789012",
                                      "Wachtwoord2026!", "welkom123456"])
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_long_passphrase_is_accepted():
    validate_password("Fietsen-langs-de-Amstel-2026")


def test_role_and_team_changes_are_audited(cast):
    user = User.objects.get(pk=cast.casemanager.pk)
    user.groups.add(Group.objects.get(name="teamleider"))
    user.teams.add(cast.noord)
    user.save()
    latest = user.history.latest()
    assert {g.group_id for g in latest.groups.all()} == set(
        user.groups.values_list("id", flat=True))
    assert {t.team_id for t in latest.teams.all()} == {cast.centrum.pk, cast.noord.pk}
    assert not hasattr(latest, "password")


def test_user_text_is_escaped_in_pages_fragments_and_the_pdf_html(case, cast, client_for):
    from cases.pdf import render_case_html

    services.save_case(case, cast.casemanager, buikpijn=XSS, title=XSS)
    client = client_for(cast.casemanager)
    for url in (reverse("cases:summary", args=[case.pk]),
                reverse("cases:step", args=[case.pk, "casus"]), "/casussen/"):
        body = client.get(url).content.decode()
        assert "<script>alert" not in body and "<img src=x" not in body
        assert "&lt;script&gt;alert" in body
    conflict_source = client_for(cast.colleague)
    conflict_source.post(reverse("cases:step", args=[case.pk, "casus"]),
                         {"request": XSS, "version": 1},
                         headers={"HX-Request": "true", "HX-Trigger-Name": "request"})
    fragment = client.post(reverse("cases:step", args=[case.pk, "casus"]),
                           {"request": "mijn tekst", "version": 1},
                           headers={"HX-Request": "true", "HX-Trigger-Name": "request"})
    assert fragment.status_code == 409
    assert "<script>alert" not in fragment.content.decode()
    html = render_case_html(Case.objects.get(pk=case.pk))
    assert "<script>alert" not in html and "&lt;script&gt;" in html


def test_every_text_field_has_a_length_limit_in_model_and_form():
    from cases import forms as case_forms

    for app in ("accounts", "cards", "cases", "reviews", "privacy"):
        for model in apps.get_app_config(app).get_models():
            if model.__name__.startswith("Historical") or app == "cards" and \
                    model.__name__ != "TeamItem":
                continue  # card content is imported, not typed; history mirrors the models
            for field in model._meta.get_fields():
                if isinstance(field, models.TextField):
                    assert field.max_length, f"{model.__name__}.{field.name}"
    for form_class in (case_forms.CasusForm, case_forms.DecisionForm, case_forms.OptionForm,
                       case_forms.MensbeeldForm, case_forms.AfterForm,
                       case_forms.OwnSignalForm, case_forms.OwnArgumentForm):
        for name, field in form_class.base_fields.items():
            if hasattr(field, "max_length") and not getattr(field, "choices", None):
                assert field.max_length, f"{form_class.__name__}.{name}"


def test_review_transition_is_all_or_nothing(cast, monkeypatch):
    from reviews import services
    from reviews.models import ReviewEvent

    case = cast.new_case(submitted=True)

    def fail(*args, **kwargs):
        raise RuntimeError("the review event could not be written")

    monkeypatch.setattr(ReviewEvent.objects, "create", fail)
    with pytest.raises(RuntimeError):
        services.return_case(case, cast.teamleider, "Graag aanvullen.")
    assert Case.objects.get(pk=case.pk).status == "ter_beoordeling"


def test_error_page_is_generic(rf):
    from maatwerk.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Er ging iets mis" in response.content.decode()
