"""The card pages in a real browser: reachable from the main navigation, explanation on
demand."""

import pytest

from tests.conftest import login, screenshot

pytestmark = pytest.mark.browser


def test_cards_from_the_navigation(demo, new_page):
    page = new_page()
    login(page, "beleidsmaker")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Kaarten").click()
    page.wait_for_url("**/kaarten/")
    screenshot(page, "03-kaarten")
    page.get_by_role("link", name="Signalenkaart").first.click()
    page.wait_for_url("**/kaarten/signalen/")
    assert page.get_by_role("heading", name="Signalen van inwoner").is_visible()
    explanation = page.get_by_text("De signalen op deze kaart zijn te zien als alarmbellen.",
                                   exact=False)
    assert not explanation.is_visible()  # the second speed: on demand
    page.get_by_text("Toelichting bij deze kaart").click()
    assert explanation.is_visible()
    source = page.locator("main p.source")
    assert source.get_by_text("De Argumentenfabriek, in opdracht van ICTU").is_visible()
    screenshot(page, "04-signalenkaart")
    page.get_by_role("link", name="Argumentenkaart").click()
    page.wait_for_url("**/kaarten/argumenten/")
    assert page.get_by_role("heading", name="Financiën").is_visible()
    screenshot(page, "05-argumentenkaart")
