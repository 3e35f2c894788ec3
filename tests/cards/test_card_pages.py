"""Card pages: for every role, readable like the book, attributed on every page."""

import pytest

from cards.models import CardKind, TeamItem

ATTRIBUTION = ("Sanne Roessingh, Dries Bartelink, De Argumentenfabriek, in opdracht van ICTU, "
               "2022. Licentie CC BY-NC-ND")


@pytest.mark.parametrize("role", ["casemanager", "teamleider", "beleidsmaker", "beheerder"])
def test_every_role_reaches_the_cards_from_the_main_navigation(cast, client_for, role):
    client = client_for(getattr(cast, role))
    home = client.get("/").content.decode()
    assert '<a href="/kaarten/"' in home
    index = client.get("/kaarten/").content.decode()
    for kind in CardKind.values:
        assert f'href="/kaarten/{kind}/"' in index


@pytest.mark.parametrize("kind", CardKind.values)
def test_card_page_shows_card_explanation_on_demand_and_attribution(cast, client_for, kind):
    page = client_for(cast.beleidsmaker).get(f"/kaarten/{kind}/").content.decode()
    assert ATTRIBUTION in page
    assert "<details" in page and "Toelichting bij deze kaart" in page
    assert "De zinnen staan hier letterlijk zoals in het boek." in page


def test_signal_card_reads_like_the_book(cast, client_for):
    page = client_for(cast.casemanager).get("/kaarten/signalen/").content.decode()
    assert "Wat zijn signalen voor uitvoerders dat een casus om maatwerk kan vragen?" in page
    assert "Signalen van inwoner" in page and "Signalen bij uitvoerder" in page
    assert "De inwoner stelt meerdere keren dezelfde vraag." in page
    assert "géén afvinklijstje" in page  # the explanation text


def test_argument_card_shows_voor_and_tegen_per_theme(cast, client_for):
    page = client_for(cast.casemanager).get("/kaarten/argumenten/").content.decode()
    for theme in ["Welzijn", "Bestuur", "Uitvoering", "Financiën", "Principes"]:
        assert f">{theme}</h3>" in page
    assert page.count('class="stance-column stance-voor"') == 5


def test_team_additions_are_marked_and_only_for_the_own_team(cast, client_for):
    TeamItem.objects.create(team=cast.centrum, kind="signalen", section_key="inwoner",
                            text="De inwoner komt steeds met een tolk.")
    own = client_for(cast.casemanager).get("/kaarten/signalen/").content.decode()
    assert "Eigen aanvulling van Wijkteam Centrum" in own
    assert "De inwoner komt steeds met een tolk." in own
    other = client_for(cast.outsider).get("/kaarten/signalen/").content.decode()
    assert "De inwoner komt steeds met een tolk." not in other


def test_definitions_page(cast, client_for):
    page = client_for(cast.casemanager).get("/kaarten/begrippen/").content.decode()
    assert "Standaard dienstverlening" in page and "80 procent" in page
    assert "solven" in page


def test_unknown_card_is_404(cast, client_for):
    assert client_for(cast.casemanager).get("/kaarten/bestaat-niet/").status_code == 404
