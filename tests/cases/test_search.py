"""Case search: by title, reference and texts; on PostgreSQL Dutch full-text search served by
its GIN index."""

import pytest
from django.db import connection

from cases.models import Case
from cases.services import search_cases

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
