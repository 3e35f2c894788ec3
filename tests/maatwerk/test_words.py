"""Beheer speaks Dutch too (issue 16, item 5): Django's own admin strings through
LANGUAGE_CODE, our models' field names through their verbose names."""

import pytest
from django.contrib import admin

OURS = {"accounts", "cards", "cases", "policy", "precedents", "privacy", "reviews", "insight",
        "zaaksysteem"}
SAME_IN_DUTCH = {"team", "teams", "status"}


def test_every_field_beheer_shows_of_our_models_has_a_dutch_name():
    english = []
    for model in admin.site._registry:
        if model._meta.app_label not in OURS:
            continue
        for field in model._meta.get_fields():
            if not getattr(field, "concrete", False) or field.auto_created:
                continue
            derived = field.name.replace("_", " ")  # what Django shows without a verbose name
            if str(field.verbose_name) == derived and field.name not in SAME_IN_DUTCH:
                english.append(f"{model._meta.label}.{field.name}")
    assert english == []


@pytest.mark.django_db
def test_beheer_pages_are_in_dutch(cast, client_for):
    client = client_for(cast.beheerder)
    add_user = client.get("/beheer/accounts/user/add/").content.decode()
    assert "After you" not in add_user and "Username" not in add_user
    assert "Gebruikersnaam" in add_user
    card_sets = client.get("/beheer/cards/cardset/").content.decode()
    assert "Ingelezen op" in card_sets and "Imported at" not in card_sets
    from privacy.models import AccessLogEntry

    AccessLogEntry.objects.create(actor=cast.beheerder, actor_name="Beheer",
                                  action=AccessLogEntry._meta.get_field("action").choices[0][0])
    log = client.get("/beheer/privacy/accesslogentry/").content.decode()
    assert "Handeling" in log and "Tijdstip" in log


THIRD_PARTY = {"axes", "django_tasks_database"}


def test_third_party_models_in_beheer_have_dutch_names():
    """axes and django-tasks-db ship no Dutch: locale/nl and maatwerk/apps.py give them one."""
    from django.apps import apps
    from django.utils import translation

    with translation.override("nl"):
        shown = [m for m in admin.site._registry if m._meta.app_label in THIRD_PARTY]
        assert shown, "axes and the task results are in beheer"
        for model in shown:
            assert not str(model._meta.verbose_name_plural).startswith(("access", "Task")), model
            for field in model._meta.concrete_fields:
                name = str(field.verbose_name)
                assert name.lower() not in {"user agent", "ip address", "attempt time",
                                            "enqueued at", "finished at", "queue name"}, name
        assert {apps.get_app_config(label).verbose_name for label in THIRD_PARTY} == {
            "Inlogbeveiliging", "Achtergrondtaken"}


@pytest.mark.django_db
def test_the_beheer_index_names_third_party_apps_in_dutch(client):
    from accounts.models import User

    client.force_login(User.objects.create_superuser("root", password="x" * 20))
    index = client.get("/beheer/").content.decode()
    for english in ("Access attempts", "Access logs", "Task Results", "Tasks Database"):
        assert english not in index
    assert "Inlogbeveiliging" in index and "Inlogpogingen" in index
