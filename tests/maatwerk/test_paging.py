"""Lists never count more than they can show (issue 18): CappedPaginator."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import Case
from maatwerk import paging

pytestmark = pytest.mark.django_db


def test_counts_at_most_the_cap(cast):
    for n in range(7):
        cast.new_case(title=f"Casus {n}")
    cases = Case.objects.order_by("pk")
    capped = paging.CappedPaginator(cases, 2, cap=5)
    with CaptureQueriesContext(connection) as captured:
        assert (capped.count, capped.capped, capped.num_pages) == (5, True, 3)
    assert "LIMIT 6" in captured[0]["sql"]
    assert [c.title for c in capped.page(3)] == ["Casus 4"]
    exact = paging.CappedPaginator(cases, 2, cap=7)
    assert (exact.count, exact.capped, exact.num_pages) == (7, False, 4)


def test_the_case_list_says_when_there_are_more(cast, client, monkeypatch):
    for n in range(4):
        cast.new_case(title=f"Casus {n}")
    client.force_login(cast.casemanager)
    page = client.get(reverse("cases:mine")).content.decode()
    assert "Meer dan" not in page
    monkeypatch.setattr(paging, "CAP", 3)
    page = client.get(reverse("cases:mine")).content.decode()
    assert "Meer dan 3 casussen gevonden" in page and "Casus 0" not in page


def test_the_other_parameters_keep_the_filters_and_drop_the_page(rf):
    from maatwerk.paging import other_parameters

    request = rf.get("/precedenten/", {"regeling": "3", "pagina": "2", "jaar": "2026"})
    assert other_parameters(request) == "regeling=3&jaar=2026"
    assert other_parameters(rf.get("/logboek/")) == ""
