"""Teaminzicht: the facts recorded at approval, the aggregates on known data, the budget, the
CSV downloads, the role scoping and the small-cell suppression of the mensbeeld."""

import csv
import io
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Regeling
from insight.models import DecisionFact, RegelingBudget
from insight.services import Filters, Scope, backfill, mensbeeld, suppress, team_insight
from reviews import services as reviews
from tests.factories import CaseFactory, advance, complete_decision, teamleider_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def regelingen(db):
    return (Regeling.objects.get_or_create(name="Participatiewet")[0],
            Regeling.objects.get_or_create(name="Wmo 2015")[0])


def fact(team, owner, outcome="maatwerk", regeling=None, days_ago=10, first=True, **extra):
    """A fact as approval would write it, for known-data tests of the aggregates."""
    from cases.models import Case

    approved = timezone.now() - timedelta(days=days_ago)
    case = Case.objects.create(team=team, owner=owner, card_set_id=_card_set(), title="x",
                               status="besloten", outcome=outcome)
    values = {"hours_to_decision": 48, "hours_to_approval": 96, "returns": 0,
              "yearly_cost": Decimal(1000), **extra}
    return DecisionFact.objects.create(
        case=case, revision=1, team=team, owner=owner, regeling=regeling, is_first=first,
        outcome=outcome, created_at=approved - timedelta(days=4),
        decided_at=approved - timedelta(days=2), approved_at=approved, **values)


def _card_set():
    from cards.models import CardSet

    return CardSet.objects.get(is_active=True).pk


# --- Recording at approval ------------------------------------------------------------------

def test_approval_records_one_fact_per_regeling_and_reapproval_replaces_them(cast, regelingen):
    participatiewet, wmo = regelingen
    case = cast.new_case(regeling_ids=[participatiewet.pk, wmo.pk], perceived_need="veel",
                         perceived_effort="weinig", perceived_reputation="negatief")
    complete_decision(case, cast.casemanager)
    reviews.submit(case, cast.casemanager)
    reviews.return_case(case, cast.teamleider, "Schrijf de evenredigheid uit.")
    reviews.submit(case, cast.casemanager)
    reviews.approve(case, cast.teamleider)

    facts = list(DecisionFact.objects.filter(case=case).order_by("-is_first"))
    assert [f.regeling for f in facts] == [participatiewet, wmo]
    assert [f.is_first for f in facts] == [True, False]
    first = facts[0]
    assert (first.outcome, first.returns, first.team, first.owner) == (
        "maatwerk", 1, cast.centrum, cast.casemanager)
    assert (first.perceived_need, first.perceived_effort, first.perceived_reputation) == (
        "veel", "weinig", "negatief")
    assert first.approved_at >= first.decided_at >= first.created_at

    # Reopened and approved again (now without a regeling): the standing decision replaces it.
    case.refresh_from_db()
    reviews.reopen(case, cast.teamleider, "Nieuwe feiten.")
    case.refresh_from_db()
    case.regeling_ids = []
    case.save()
    advance(case, 3, outcome="geen")
    facts = list(DecisionFact.objects.filter(case=case))
    assert [(f.regeling, f.outcome, f.revision, f.returns) for f in facts] == [
        (None, "geen", 2, 0)]


def test_backfill_makes_the_missing_facts_once(cast):
    case = CaseFactory(owner=cast.casemanager, approved=True)
    concept = cast.new_case()
    DecisionFact.objects.all().delete()
    assert backfill() == 1
    assert backfill() == 0
    assert DecisionFact.objects.filter(case=case).count() == 1
    assert not DecisionFact.objects.filter(case=concept).exists()


# --- Aggregates on known data ---------------------------------------------------------------

def test_aggregates_on_known_data(cast, regelingen):
    pw, wmo = regelingen
    for _ in range(3):
        fact(cast.centrum, cast.casemanager, "maatwerk", pw)
    fact(cast.centrum, cast.colleague, "geen", pw, returns=2, hours_to_decision=24 * 10)
    two = fact(cast.centrum, cast.colleague, "op_maat", pw, yearly_cost=Decimal(500))
    DecisionFact.objects.create(**{**{f.attname: getattr(two, f.attname)
                                      for f in DecisionFact._meta.concrete_fields
                                      if f.attname != "id"}, "regeling_id": wmo.pk,
                                   "is_first": False})
    fact(cast.centrum, cast.casemanager, "maatwerk", pw, days_ago=400)  # before the period
    fact(cast.noord, cast.outsider, "maatwerk", pw)  # another team

    data = team_insight(Scope(team_ids=[cast.centrum.pk], personal=True), Filters.default())
    assert data.totals["n"] == 5  # cases, not facts: the two-regeling case counts once
    assert (data.totals["maatwerk"], data.totals["op_maat"], data.totals["geen"]) == (3, 1, 1)
    assert data.totals["returned"] == 1 and data.totals["return_rate"] == 20
    assert data.totals["to_decision"] == Decimal("3.6")  # (4 × 2 + 10) / 5 days
    assert data.totals["to_approval"] == Decimal("4.0")
    assert data.totals["yearly_cost"] == Decimal(4500)

    rows = {r["name"]: r for r in data.by_regeling}
    assert rows["Participatiewet"]["n"] == 5 and rows["Participatiewet"]["counts"] == [3, 1, 1]
    assert rows["Wmo 2015"]["n"] == 1 and rows["Wmo 2015"]["counts"] == [0, 1, 0]
    assert sum(m["n"] for m in data.months) == 5
    assert len(data.months) in (12, 13)

    spread = {(r["who"], r["regeling"]): (r["n"], r["maatwerk"], r["share"])
              for r in data.spread}
    assert spread[("Casemanager", "Participatiewet")] == (3, 3, 100)
    assert spread[("Casemanager2", "Participatiewet")] == (2, 0, 0)

    only_wmo = team_insight(Scope(team_ids=[cast.centrum.pk], personal=True),
                            Filters(**{**Filters.default().__dict__, "regeling": wmo}))
    assert only_wmo.totals["n"] == 1 and only_wmo.totals["op_maat"] == 1


def test_budget_is_scaled_to_the_period(cast, regelingen, client_for):
    pw, _wmo = regelingen
    fact(cast.centrum, cast.casemanager, "maatwerk", pw, yearly_cost=Decimal(6000))
    client = client_for(cast.teamleider)
    response = client.post(reverse("insight:budget"),
                           {"budget-team": cast.centrum.pk, "budget-regeling": pw.pk,
                            "budget-amount": "12.000"})
    assert response.status_code == 302
    assert RegelingBudget.objects.get(team=cast.centrum, regeling=pw).amount == 12000

    today = timezone.localdate()
    half = Filters(start=today - timedelta(days=182), end=today)
    row = team_insight(Scope([cast.centrum.pk], True), half).by_regeling[0]
    assert row["budget"] == 12000
    assert row["period_budget"] == Decimal(6012)  # 12 000 × 183 days / 365.25
    assert row["budget_share"] == 100
    page = client.get(reverse("insight:teaminzicht")).content.decode()
    assert "€ 12.000,00" in page


def test_a_wrong_budget_gets_a_dutch_message_and_keeps_the_input(cast, regelingen, client_for):
    pw, _wmo = regelingen
    client = client_for(cast.teamleider)
    response = client.post(reverse("insight:budget"),
                           {"budget-team": cast.centrum.pk, "budget-regeling": pw.pk,
                            "budget-amount": "veel"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Vul een bedrag in euro" in page and 'value="veel"' in page
    assert not RegelingBudget.objects.exists()

    # Another team's budget cannot be set.
    response = client.post(reverse("insight:budget"),
                           {"budget-team": cast.noord.pk, "budget-regeling": pw.pk,
                            "budget-amount": "100"})
    assert response.status_code == 400 and not RegelingBudget.objects.exists()

    # Empty removes it.
    RegelingBudget.objects.create(team=cast.centrum, regeling=pw, amount=5,
                                  updated_by=cast.teamleider)
    client.post(reverse("insight:budget"), {"budget-team": cast.centrum.pk,
                                            "budget-regeling": pw.pk, "budget-amount": ""})
    assert not RegelingBudget.objects.exists()


# --- Roles ----------------------------------------------------------------------------------

def test_teamleider_sees_own_team_with_names_beleidsmaker_all_teams_without(cast, regelingen,
                                                                          client_for, client):
    pw, _wmo = regelingen
    for _ in range(2):
        fact(cast.centrum, cast.casemanager, "maatwerk", pw)
    fact(cast.noord, cast.outsider, "geen", pw)

    page = client_for(cast.teamleider).get(reverse("insight:teaminzicht")).content.decode()
    assert "<dt>Besluiten</dt><dd>2</dd>" in page
    assert "Casemanager</th>" in page and "Casemanager3" not in page

    client.force_login(cast.beleidsmaker)
    page = client.get(reverse("insight:teaminzicht")).content.decode()
    assert "<dt>Besluiten</dt><dd>3</dd>" in page
    assert "Spreiding tussen teams" in page and "Wijkteam Noord" in page
    for person in ("Casemanager", "Casemanager3"):
        assert f"{person}<" not in page
    spread_csv = client.get(reverse("insight:csv", args=["spreiding"])).content.decode()
    assert "Casemanager;" not in spread_csv and "Wijkteam Centrum" in spread_csv
    # No case links for anyone here.
    assert "/casussen/" not in page.split('id="kop-totaal"')[1]

    client.force_login(cast.casemanager)
    assert client.get(reverse("insight:teaminzicht")).status_code == 403
    assert client.get(reverse("insight:csv", args=["per-regeling"])).status_code == 403
    assert client.post(reverse("insight:budget"), {}).status_code == 403
    client.force_login(cast.beleidsmaker)
    assert client.post(reverse("insight:budget"), {
        "budget-team": cast.centrum.pk, "budget-regeling": pw.pk,
        "budget-amount": "1"}).status_code == 403


def test_csv_has_the_table_rows_and_no_formulas(cast, client_for):
    evil = Regeling.objects.create(name="=HYPERLINK(\"http://x\")")
    fact(cast.centrum, cast.casemanager, "maatwerk", evil, yearly_cost=Decimal("1250.50"))
    response = client_for(cast.teamleider).get(reverse("insight:csv", args=["per-regeling"]))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:2] == ["Regeling", "Besluiten"]
    assert rows[1][0] == "'=HYPERLINK(\"http://x\")"
    assert rows[1][1] == "1" and "1250,50" in rows[1]


def test_period_filter_with_wrong_dates_gets_a_message(cast, client_for):
    client = client_for(cast.teamleider)
    response = client.get(reverse("insight:teaminzicht"),
                          {"van": "2026-05-01", "tot": "2026-01-01"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Deze datum ligt vóór de begindatum" in page
    assert 'value="2026-05-01"' in page
    response = client.get(reverse("insight:teaminzicht"), {"van": "gisteren"})
    assert response.status_code == 200 and "Vul een geldige datum in" in response.content.decode()


def test_query_count_does_not_grow_with_the_decisions(cast, regelingen, client_for,
                                                      django_assert_max_num_queries):
    pw, wmo = regelingen
    client = client_for(cast.teamleider)
    fact(cast.centrum, cast.casemanager, "maatwerk", pw)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("insight:teaminzicht"))
    for index in range(30):
        fact(cast.centrum, [cast.casemanager, cast.colleague][index % 2],
             ["maatwerk", "geen", "op_maat"][index % 3], [pw, wmo][index % 2],
             days_ago=index * 11, perceived_need="veel")
    with django_assert_max_num_queries(len(few)):
        client.get(reverse("insight:teaminzicht"))


# --- Mensbeeld: small cells -----------------------------------------------------------------

def test_suppress_hides_small_cells_and_a_complement():
    shown = suppress([[12, 3, 9], [6, 7, 8]])
    assert shown[0][1] is None  # 3 < 5
    # Its row and column would give it away from the totals: one more cell each goes too.
    assert sum(c is None for c in shown[0]) >= 2
    assert sum(row[1] is None for row in shown) >= 2
    assert shown == [[12, None, None], [6, None, None]] or all(
        sum(c is None for c in line) != 1 for line in [*shown, *zip(*shown, strict=True)])


@pytest.mark.parametrize("grid", [
    [[1, 0, 0], [0, 0, 0]], [[5, 5, 5], [5, 1, 5], [5, 5, 5]], [[4, 4], [4, 40]],
    [[0, 2, 30, 7], [12, 0, 1, 9], [8, 8, 8, 8]],
])
def test_no_line_has_exactly_one_hidden_cell_and_no_small_count_shows(grid):
    shown = suppress(grid)
    for row in shown:
        assert all(c is None or c == 0 or c >= 5 for c in row)
    for line in [*shown, *zip(*shown, strict=True)]:
        assert sum(c is None for c in line) != 1


def test_mensbeeld_on_known_data(cast, regelingen):
    pw, _wmo = regelingen
    for _ in range(6):
        fact(cast.centrum, cast.casemanager, "maatwerk", pw, perceived_need="veel")
    for _ in range(2):
        fact(cast.centrum, cast.casemanager, "geen", pw, perceived_need="weinig")
    tables = {t["name"]: t for t in mensbeeld(DecisionFact.objects.all())}
    need = {row["level"]: row for row in tables["perceived_need"]["rows"]}
    assert need["Zeer hulpbehoevend"]["cells"][0] == 6
    assert need["Weinig hulpbehoevend"]["cells"][2] is None  # 2 decisions: not shown
    assert need["Weinig hulpbehoevend"]["total"] is None
    assert all(c is None or c == 0 or c >= 5 for t in tables.values() for row in t["rows"]
               for c in row["cells"])


def test_mensbeeld_page_and_csv_never_show_a_small_count(cast, regelingen, client_for):
    pw, _wmo = regelingen
    for _ in range(3):
        fact(cast.centrum, cast.casemanager, "maatwerk", pw, perceived_reputation="positief")
    client = client_for(cast.teamleider)
    page = client.get(reverse("insight:teaminzicht")).content.decode()
    section = page.split('id="kop-mensbeeld"')[1]
    assert "minder dan 5" in section and ">3<" not in section and ">3 " not in section
    rows = list(csv.reader(io.StringIO(client.get(reverse("insight:csv", args=["mensbeeld"]))
                                       .content.decode("utf-8-sig")), delimiter=";"))
    assert all(cell not in ("1", "2", "3", "4") for row in rows[1:] for cell in row[2:])
    assert ["Reputatie", "Positief", "minder dan 5", "0", "0"] not in rows  # complemented
    assert any(row[:3] == ["Reputatie", "Positief", "minder dan 5"] for row in rows)


def test_full_flow_through_the_services_counts_in_teaminzicht(cast, client_for):
    CaseFactory(owner=cast.casemanager, approved=True, outcome="geen")
    page = client_for(cast.teamleider).get(reverse("insight:teaminzicht")).content.decode()
    assert "<dt>Besluiten</dt><dd>1</dd>" in page
    assert "<dt>Geen maatwerk</dt><dd>1</dd>" in page
    assert teamleider_of(cast.centrum) == cast.teamleider


# --- All teams at scale: counted once a quarter, the spread summarised and paged (issue 18) -

def test_all_teams_figures_are_kept_a_while_in_the_database_cache(cast, regelingen, client,
                                                                 client_for, settings):
    settings.CACHES = {**settings.CACHES, "insight": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "maatwerk_cache"}}  # the table migrate makes (insight.apps)
    pw, _wmo = regelingen
    fact(cast.centrum, cast.casemanager, "maatwerk", pw)
    client.force_login(cast.beleidsmaker)
    page = client.get(reverse("insight:teaminzicht")).content.decode()
    assert "<dt>Besluiten</dt><dd>1</dd>" in page and "Geteld om " in page
    fact(cast.noord, cast.outsider, "geen", pw)
    page = client.get(reverse("insight:teaminzicht")).content.decode()
    assert "<dt>Besluiten</dt><dd>1</dd>" in page  # the kept count, with its time
    # Another period is counted anew; the teamleider's own team always is.
    page = client.get(reverse("insight:teaminzicht"), {
        "van": (timezone.localdate() - timedelta(days=30)).isoformat(),
        "tot": timezone.localdate().isoformat()}).content.decode()
    assert "<dt>Besluiten</dt><dd>2</dd>" in page
    fact(cast.centrum, cast.casemanager, "geen", pw)
    own = client_for(cast.teamleider).get(reverse("insight:teaminzicht")).content.decode()
    assert "<dt>Besluiten</dt><dd>2</dd>" in own and "Geteld om " not in own
    settings.MAATWERK_INSIGHT_MAX_AGE = 0  # counted at every request
    client.force_login(cast.beleidsmaker)
    page = client.get(reverse("insight:teaminzicht")).content.decode()
    assert "<dt>Besluiten</dt><dd>3</dd>" in page and "Geteld om " not in page


def test_a_kept_count_costs_fewer_queries_and_never_names_a_person(cast, regelingen, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    pw, wmo = regelingen
    for index in range(12):
        fact([cast.centrum, cast.noord][index % 2], cast.casemanager,
             ["maatwerk", "geen"][index % 2], [pw, wmo][index % 3 == 0])
    client.force_login(cast.beleidsmaker)
    with CaptureQueriesContext(connection) as counted:
        first = client.get(reverse("insight:teaminzicht")).content.decode()
    with CaptureQueriesContext(connection) as kept:
        second = client.get(reverse("insight:teaminzicht")).content.decode()
    main = re.compile(r"<main.*</main>", re.S)
    assert main.search(first).group() == main.search(second).group()
    assert len(kept) <= len(counted) - 6, (len(counted), len(kept))
    assert not any("insight_decisionfact" in q["sql"] for q in kept.captured_queries)
    assert "Casemanager<" not in second


def test_spread_summary_takes_teams_with_enough_decisions():
    from insight.services import spread_summary

    rows = [{"regeling": "Wmo", "who": f"Team {i}", "n": n, "maatwerk": m,
             "share": round(100 * m / n)} for i, (n, m) in
            enumerate([(10, 1), (5, 5), (20, 10), (2, 2)])]
    rows.append({"regeling": "Participatiewet", "who": "Team 9", "n": 3, "maatwerk": 1,
                 "share": 33})
    summary = {r["regeling"]: r for r in spread_summary(rows)}
    assert summary["Wmo"] == {"regeling": "Wmo", "who": 4, "n": 37, "counted": 3,
                              "lowest": 10, "median": 50, "highest": 100}
    assert summary["Participatiewet"]["counted"] == 0
    assert summary["Participatiewet"]["median"] is None


def test_the_spread_between_teams_is_summarised_and_paged(cast, regelingen, client,
                                                          monkeypatch):
    monkeypatch.setattr("insight.views.SPREAD_PAGE", 1)
    pw, _wmo = regelingen
    for _ in range(5):
        fact(cast.centrum, cast.casemanager, "maatwerk", pw)
        fact(cast.noord, cast.outsider, "geen", pw)
    client.force_login(cast.beleidsmaker)
    page = client.get(reverse("insight:teaminzicht")).content.decode()
    summary = page.split("Hoe ver de teams uit elkaar liggen</caption>")[1].split("</table>")[0]
    assert ('<th scope="row">Participatiewet</th><td class="num">2</td>'
            '<td class="num">10</td><td class="num">0%</td><td class="num">50%</td>'
            '<td class="num">100%</td>') in summary
    rows = page.split('id="spreiding-rijen"')[1].split("</table>")[0]
    assert "Wijkteam Centrum" in rows and "Wijkteam Noord" not in rows
    assert "(rij 1 tot en met 1 van 2)" in rows
    assert 'aria-label="Pagina\'s van de spreiding"' in page
    assert "spreiding=2#spreiding-rijen" in page
    page = client.get(reverse("insight:teaminzicht"), {"spreiding": 2}).content.decode()
    rows = page.split('id="spreiding-rijen"')[1].split("</table>")[0]
    assert "Wijkteam Noord" in rows and "Wijkteam Centrum" not in rows


def test_old_kept_figures_are_shown_while_the_worker_counts_them_again(
        cast, regelingen, client, monkeypatch):
    """Past the max age the kept figures are still shown, with their time, and one task
    asks the background worker to count them again: no beleidsmaker waits for the count
    but the first after a start."""
    from django_tasks_db.models import DBTaskResult

    from insight.services import recount

    pw, _wmo = regelingen
    fact(cast.centrum, cast.casemanager, "maatwerk", pw)
    client.force_login(cast.beleidsmaker)
    page = client.get(reverse("insight:teaminzicht")).content.decode()
    assert "<dt>Besluiten</dt><dd>1</dd>" in page
    fact(cast.noord, cast.outsider, "geen", pw)
    later = timezone.now() + timedelta(minutes=16)
    monkeypatch.setattr(timezone, "now", lambda: later)
    for _ in range(2):
        page = client.get(reverse("insight:teaminzicht")).content.decode()
        assert "<dt>Besluiten</dt><dd>1</dd>" in page  # the kept figures, shown meanwhile
    (task,) = DBTaskResult.objects.filter(task_path="insight.services.recount")
    recount.call(*task.args_kwargs["args"])  # what the worker runs
    page = client.get(reverse("insight:teaminzicht")).content.decode()
    assert "<dt>Besluiten</dt><dd>2</dd>" in page
    assert f"Geteld om {timezone.localtime(later):%H:%M}" in page


def test_figures_counted_on_an_earlier_day_say_which_day():
    from django.template.loader import render_to_string

    now = timezone.localtime()
    today = render_to_string("insight/_counted_at.html", {"at": now})
    assert f"Geteld om {now:%H:%M}." in today and "ververs dan de pagina" in today
    earlier = render_to_string("insight/_counted_at.html", {"at": now - timedelta(days=1)})
    assert "Geteld op " in earlier and f" om {now:%H:%M}." in earlier
    assert render_to_string("insight/_counted_at.html", {"at": None}).strip() == ""
