"""First real-browser test: the demo casemanager logs in and sees the home page."""

import pytest

from tests.conftest import login, screenshot

pytestmark = pytest.mark.browser


def test_demo_casemanager_logs_in_and_sees_home(demo, new_page):
    page = new_page()
    page.goto("/")
    assert page.url.endswith("/inloggen/?next=/")
    screenshot(page, "01-inloggen")
    login(page, "casemanager")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Welkom, Sanne")
    assert page.get_by_text("Wijkteam Centrum").first.is_visible()
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    for label in ["Overzicht", "Casussen", "Teamkader", "Kaarten"]:
        assert nav.get_by_role("link", name=label).is_visible()
    screenshot(page, "02-overzicht")
