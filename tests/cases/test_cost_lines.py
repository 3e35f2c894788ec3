"""An option's costs per party (issue 16, item 4): costs, income and savings, one-off or
yearly, each for one party; the comparison shows the net per party and in total, and where
options cross. Nothing here adds up the weighing: these are the entered amounts."""

from decimal import Decimal

from django.urls import reverse

from cases import services
from cases.costs import cost_comparison
from cases.models import CostLine, Option
from tests.cases.test_walk_views import add_line

OPTIONS = "?deel=opties"
COMPARE = "?deel=vergelijken"


def options_page(client, case):
    return client.get(case.step_url("verkennen") + OPTIONS).content.decode()


def comparison_page(client, case):
    return client.get(case.step_url("verkennen") + COMPARE).content.decode()


def test_net_cost_per_party_and_in_total_with_income_and_savings(case):
    standard = case.options.get()
    services.add_cost_line(standard, amount=Decimal(3000), period="per_jaar")
    services.add_cost_line(standard, amount=Decimal(600), party="inwoner")
    other = services.add_option(case, title="Schuld overnemen", kind="maatwerk",
                                deviated_rule="Beleidsregel")
    services.add_cost_line(other, amount=Decimal(6000))
    services.add_cost_line(other, amount=Decimal(2500), period="eenmalig",
                           direction="opbrengst", description="Verkoop auto")
    services.add_cost_line(other, amount=Decimal(1200), period="per_jaar",
                           direction="opbrengst", party="andere")
    options = list(Option.objects.filter(case=case).prefetch_related("cost_lines"))
    costs = cost_comparison(options)
    # Totals: the standard 600 + 3000/yr; the other 3500 - 1200/yr (a saving each year).
    assert costs.rows[0] == (1, [Decimal(3600), Decimal(2300)])
    assert costs.rows[4] == (5, [Decimal(15600), Decimal(-2500)])
    parties = {row.party: row.cells for row in costs.parties}
    assert list(parties) == ["eigen", "andere", "inwoner"]
    assert parties["eigen"][1] == {"one_off": Decimal(3500), "yearly": Decimal(0),
                                   "five_years": Decimal(3500)}
    assert parties["andere"][1]["yearly"] == Decimal(-1200)
    assert parties["inwoner"][0]["one_off"] == Decimal(600)
    # 600 + 3000t == 3500 - 1200t at t = 0.69: within the first year.
    assert [(c["year"], c["cheaper"].pk) for c in costs.crossings] == [
        (Decimal("0.7"), other.pk)]


def test_a_cost_line_typed_the_dutch_way_shows_per_party(case, cast, client_for):
    client = client_for(cast.casemanager)
    standard = case.options.get()
    add_line(client, case, standard, amount="€ 1.250,50", period="per_jaar",
             description="Ondersteuning")
    add_line(client, case, standard, amount="600,-", direction="opbrengst",
             party="andere", description="Minder schuldhulp")
    lines = list(CostLine.objects.filter(option=standard).order_by("pk"))
    assert [(line.amount, line.direction, line.party) for line in lines] == [
        (Decimal("1250.50"), "kosten", "eigen"), (Decimal("600"), "opbrengst", "andere")]
    page = options_page(client, case)
    assert "Ondersteuning" in page and "€ 1.250,50" in page
    assert "Opbrengst of besparing: Minder schuldhulp" in page and "−€ 600,00" in page
    # The comparison is Verkennen's third part, not on the page where lines are entered.
    assert "Netto per partij" not in page
    comparison = comparison_page(client, case)
    assert "Netto per partij" in comparison
    assert "per jaar €\u00a01.250,50" in comparison or "per jaar € 1.250,50" in comparison


def test_a_wrong_amount_keeps_what_was_typed_and_says_why(case, cast, client_for):
    client = client_for(cast.casemanager)
    standard = case.options.get()
    response = client.post(reverse("cases:add_cost_line", args=[case.pk, standard.pk]), {
        f"kost{standard.pk}-direction": "kosten", f"kost{standard.pk}-period": "eenmalig",
        f"kost{standard.pk}-party": "inwoner", f"kost{standard.pk}-amount": "veel",
        f"kost{standard.pk}-description": "Verhuiskosten"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Vul een bedrag in euro" in page
    assert 'value="Verhuiskosten"' in page and 'value="veel"' in page
    assert not CostLine.objects.exists()
    missing = client.post(reverse("cases:add_cost_line", args=[case.pk, standard.pk]), {})
    assert "Vul het bedrag in." in missing.content.decode()


def test_a_line_is_removed_and_others_cannot_touch_it(case, cast, client_for):
    standard = case.options.get()
    line = services.add_cost_line(standard, amount=Decimal(100))
    outsider = client_for(cast.outsider)
    assert outsider.post(reverse("cases:delete_cost_line",
                                 args=[case.pk, line.pk])).status_code == 404
    assert outsider.post(reverse("cases:add_cost_line", args=[case.pk, standard.pk]), {
        f"kost{standard.pk}-amount": "5"}).status_code == 404
    other_case = cast.new_case(title="Andere casus")
    client = client_for(cast.casemanager)
    # A line id of another case under this case's URL: not found.
    assert client.post(reverse("cases:delete_cost_line",
                               args=[other_case.pk, line.pk])).status_code == 404
    response = client.post(reverse("cases:delete_cost_line", args=[case.pk, line.pk]))
    assert response.status_code == 302 and f"#kosten-{standard.pk}" in response["Location"]
    assert not CostLine.objects.exists()


def test_a_cost_line_after_the_decision_was_recorded_unrecords_it(cast):
    from tests.factories import complete_decision

    case = cast.new_case(title="Vastgelegd")
    option = services.add_option(case, title="Afwijken", kind="maatwerk",
                                 deviated_rule="Beleidsregel")
    complete_decision(case, case.owner)
    case.refresh_from_db()
    assert case.decided_at is not None
    services.add_cost_line(option, amount=Decimal(10))
    case.refresh_from_db()
    assert case.decided_at is None
