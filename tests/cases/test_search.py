"""Case search: by title, reference and texts; on PostgreSQL Dutch full-text search served by
its GIN index."""

import pytest
from django.db import connection

from cases.models import Case
from cases.services import reference_matches, search_cases

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql",
                                   reason="Dutch full-text search is PostgreSQL's")


def search(cast, query):
    return set(search_cases(Case.objects.of_team(cast.casemanager), query)
               .values_list("title", flat=True))


def test_search_by_reference_and_words(cast):
    cast.new_case(title="Boete", inwoner_ref="DOS-4242", buikpijn="Mevrouw is ziek.")
    cast.new_case(title="Toeslag", request="Uitstel van de huur.")
    assert search(cast, "DOS-4242") == {"Boete"}
    assert search(cast, "huur") == {"Toeslag"}
    assert search(cast, "ziek") == {"Boete"}


@postgres_only
def test_dutch_stemming_finds_other_word_forms(cast):
    cast.new_case(title="Dreigende ontruiming", buikpijn="De kinderen verliezen hun school.")
    assert search(cast, "ontruimingen") == {"Dreigende ontruiming"}
    assert search(cast, "scholen") == {"Dreigende ontruiming"}


@postgres_only
def test_the_search_uses_the_full_text_index(cast):
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        plan = search_cases(Case.objects.all(), "ontruiming").explain()
        cursor.execute("SET enable_seqscan = on")
    assert "case_search_dutch" in plan


def test_a_reference_finds_exactly_its_cases_case_blind(cast):
    cast.new_case(title="Boete", inwoner_ref="DOS-2026-0142")
    cast.new_case(title="Tweede van dezelfde", inwoner_ref="dos-2026-0142")
    cast.new_case(title="Noemt het nummer", request="Zie ook DOS-2026-0142 en 2026.")
    assert search(cast, "dos-2026-0142") == {"Boete", "Tweede van dezelfde"}
    own = cast.new_case(title="Op ons kenmerk")
    assert search(cast, own.reference) == {"Op ons kenmerk"}
    assert search(cast, own.reference.lower().replace("-", "")) == {"Op ons kenmerk"}
    # A word with a digit that is no reference falls back to the text search.
    assert "Noemt het nummer" in search(cast, "2026")
    # Another team's reference is not found through this one's list.
    cast.new_case(owner=cast.outsider, title="Ander team", inwoner_ref="DOS-9")
    assert search(cast, "DOS-9") == set()


@postgres_only
def test_the_reference_search_uses_its_exact_index(cast):
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        plan = reference_matches(Case.objects.all(), "DOS-2026-0142").explain()
        cursor.execute("SET enable_seqscan = on")
    assert "case_inwoner_ref_upper" in plan, plan
