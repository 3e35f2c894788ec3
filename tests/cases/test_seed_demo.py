"""seed_demo: realistic generated cases for benchmarks, spread over teams; never in
production."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cases.models import ArgumentWeight, Case, SignalMark
from policy.models import StructuralSignal
from reviews.models import ReviewEvent


def test_seed_demo_generates_whole_deliberations_over_teams(cardbook):
    call_command("seed_demo", cases=120, teams=3, verbosity=0)
    cases = Case.objects.all()
    assert cases.count() == 120
    assert cases.values("team").distinct().count() == 3
    statuses = set(cases.values_list("status", flat=True))
    assert statuses == {"concept", "ter_beoordeling", "besloten"}
    assert SignalMark.objects.count() >= 2 * 120
    assert ArgumentWeight.objects.count() >= 4 * 120
    decided = cases.filter(status="besloten")
    assert all(c.motivation and c.decided_at for c in decided)
    assert ReviewEvent.objects.filter(kind="goedgekeurd").count() == decided.count()
    assert cases.filter(outcome="maatwerk").exclude(chosen_option=None).exists()
    # The structural problems of approved decisions reach policy, as at approval.
    structural = decided.filter(structural="solven").exclude(structural_description="")
    assert structural.exists()
    assert set(StructuralSignal.objects.values_list("case_id", flat=True)) == set(
        structural.values_list("pk", flat=True))


def test_seed_demo_is_deterministic(cardbook):
    call_command("seed_demo", cases=30, teams=2, verbosity=0)
    first = list(Case.objects.order_by("pk").values_list("title", "status", "inwoner_ref"))
    Case.objects.all().delete()
    call_command("seed_demo", cases=30, teams=2, verbosity=0)
    assert list(Case.objects.order_by("pk").values_list("title", "status", "inwoner_ref")) == first


def test_seed_demo_never_in_production(cardbook, settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        call_command("seed_demo", cases=1, verbosity=0)


def test_teams_grow_with_the_cases_and_texts_have_rare_words(cardbook):
    """Issue 18, goal 3: a million cases over 8 teams gave 31 000 cases per casemanager; by
    default a team of four comes with every 1 200 cases (about 300 each, 200 of them open).
    A made-up place name makes a word that only a few cases share."""
    from cases.management.commands.seed_demo import CASES_PER_TEAM, PLACES

    call_command("seed_demo", cases=CASES_PER_TEAM + 1, verbosity=0)
    cases = Case.objects.all()
    assert cases.values("team").distinct().count() == 2
    per_owner = cases.values("owner").distinct().count()
    assert per_owner == 8 and cases.count() / per_owner > 100
    mentioned = [place for place in PLACES[:2000]
                 if cases.filter(buikpijn__contains=f"wijkcentrum {place}.").exists()]
    assert mentioned  # rare words are there …
    assert all(cases.filter(buikpijn__contains=f"wijkcentrum {place}.").count() < 5
               for place in mentioned)  # … and rare
