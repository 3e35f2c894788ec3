"""Roles as groups with permissions; demo data loaded idempotently, never in production."""

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import RequestFactory

from accounts.models import Team, User
from accounts.roles import ROLE_PERMISSIONS, sync_roles
from cases.models import Case


@pytest.mark.django_db
def test_every_role_is_a_group_with_its_permissions():
    for role, perms in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=role)
        granted = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        assert granted == set(perms)


@pytest.mark.django_db
def test_sync_roles_is_idempotent():
    sync_roles()
    sync_roles()
    assert Group.objects.filter(name__in=ROLE_PERMISSIONS).count() == 4


@pytest.mark.django_db
def test_demo_data_loads_once_and_logins_work(cardbook):
    call_command("load_demo", verbosity=0)
    counts = (User.objects.count(), Team.objects.count(), Case.objects.count())
    call_command("load_demo", verbosity=0)
    assert (User.objects.count(), Team.objects.count(), Case.objects.count()) == counts
    assert counts == (6, 2, 2)
    assert set(Team.objects.values_list("name", flat=True)) == {"Wijkteam Centrum",
                                                                "Wijkteam Noord"}
    request = RequestFactory().post("/inloggen/")
    for username in ["casemanager", "casemanager2", "casemanager3", "teamleider",
                     "beleidsmaker", "beheerder"]:
        assert authenticate(request, username=username, password="demo") is not None
    casemanager = User.objects.get(username="casemanager")
    assert casemanager.has_perm("cases.work_on_cases")
    assert [t.name for t in casemanager.teams.all()] == ["Wijkteam Centrum"]
    assert User.objects.get(username="casemanager3").teams.get().name == "Wijkteam Noord"
    assert User.objects.get(username="teamleider").has_perm("reviews.review_decisions")


@pytest.mark.django_db
def test_demo_case_is_a_walk_in_progress_through_step_four(cardbook):
    call_command("load_demo", verbosity=0)
    case = Case.objects.get(status="concept")
    assert case.team.name == "Wijkteam Centrum"
    assert case.signal_marks.filter(marked=True).count() >= 3
    assert case.answers.exclude(text="").count() >= 3
    assert case.options.count() >= 2
    assert case.weights.exclude(weight="nvt").exists()
    assert not case.outcome and case.decided_at is None  # step 5 is left to the user


@pytest.mark.django_db
def test_the_demo_has_an_earlier_approved_decision_beside_the_walk(cardbook):
    from precedents.similar import similar_decisions

    call_command("load_demo", verbosity=0)
    earlier = Case.objects.get(status="besloten")
    assert earlier.outcome == "op_maat" and earlier.precedent_situation
    current = Case.objects.get(status="concept")
    found = similar_decisions(current, current.owner)
    assert [item.case for item in found] == [earlier]


@pytest.mark.django_db
def test_demo_data_is_never_loaded_in_production(cardbook, settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="never loaded in production"):
        call_command("load_demo", verbosity=0)
    assert not User.objects.exists()
