"""Settings from the environment; production mode passes Django's deployment checklist."""

import os
import secrets
import subprocess
import sys

from django.conf import settings

from tests.conftest import ROOT


def run_manage(*args, **env):
    dropped = {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_ENV"}
    environment = {k: v for k, v in os.environ.items() if k not in dropped}
    environment.update(env)
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment,
        capture_output=True, text=True, timeout=120,
    )


def test_production_mode_passes_check_deploy_without_warnings():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING",
        DJANGO_ENV="production", SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="maatwerk.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_warns_about_half_or_plain_http_integrations():
    production = {"DJANGO_ENV": "production", "SECRET_KEY": secrets.token_urlsafe(50),
                  "ALLOWED_HOSTS": "maatwerk.example.org"}
    half = run_manage("check", "--deploy", "--fail-level", "WARNING", **production,
                      ZGW_ZAKEN_ROOT="https://zaken.example.org/zaken/api/v1")
    assert half.returncode != 0 and "maatwerk.W001" in half.stderr + half.stdout
    assert "ZGW_SECRET" in half.stderr + half.stdout
    zgw = {"ZGW_ZAKEN_ROOT": "http://zaken.example.org/zaken/api/v1",
           "ZGW_DOCUMENTEN_ROOT": "https://zaken.example.org/documenten/api/v1",
           "ZGW_BESLUITEN_ROOT": "https://zaken.example.org/besluiten/api/v1",
           "ZGW_CLIENT_ID": "maatwerk", "ZGW_SECRET": "s", "ZGW_RSIN": "002220647",
           "ZGW_INFORMATIEOBJECTTYPE": "https://zaken.example.org/catalogi/api/v1/iot/1",
           "ZGW_BESLUITTYPE": "https://zaken.example.org/catalogi/api/v1/bt/1"}
    plain = run_manage("check", "--deploy", "--fail-level", "WARNING", **production, **zgw,
                       OIDC_RP_CLIENT_ID="maatwerk", OIDC_OP_ISSUER="http://login.example.org")
    output = plain.stderr + plain.stdout
    assert plain.returncode != 0
    assert "maatwerk.W002" in output and "ZGW_ZAKEN_ROOT" in output
    assert "maatwerk.W003" in output and "maatwerk.W004" in output
    assert "maatwerk.W001" not in output


def test_development_mode_fails_check_deploy():
    # The check can fail: development defaults are not fit for production.
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", DJANGO_ENV="development")
    assert result.returncode != 0
    assert "security.W018" in result.stderr + result.stdout  # DEBUG on


def test_production_refuses_to_start_without_secret_key():
    result = run_manage("check", DJANGO_ENV="production", ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "SECRET_KEY is required in production" in result.stderr


def test_dutch_language_and_amsterdam_time():
    assert settings.LANGUAGE_CODE == "nl"
    assert settings.TIME_ZONE == "Europe/Amsterdam"


def test_requests_are_not_one_transaction():
    # The logboek is written in autocommit mode so it survives a failing request.
    assert not settings.DATABASES["default"].get("ATOMIC_REQUESTS", False)
