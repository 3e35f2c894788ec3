"""The Vóór questions in a real browser: the team's answers from the teamleider, and each
professional's own "uitgangspositie" beside every walk (issue 16, item 8)."""

import re

import pytest
from playwright.sync_api import expect

from cases.models import Case
from tests.conftest import login, screenshot

pytestmark = pytest.mark.browser


def test_a_casemanager_answers_the_personal_questions_and_sees_them_beside_the_walk(
        demo, new_page):
    case = Case.objects.get(status="concept")  # the demo walk in progress
    page = new_page(viewport={"width": 1366, "height": 900})
    login(page, "casemanager")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Teamkader").click()
    # The team's answers are the teamleider's: shown as text, unanswered ones not at all.
    expect(page.get_by_text("Het maatwerkbudget van het wijkteam")).to_be_visible()
    expect(page.get_by_label(re.compile("^Welk budget heeft mijn organisatie"))).to_have_count(0)
    own = page.get_by_label(re.compile("^Wat zijn voor mij persoonlijk leidende waarden"))
    expect(own).to_be_editable()
    own.fill("Eerlijkheid: ik leg uit waarom ik afwijk.")
    expect(page.locator("#status-v03_1")).to_contain_text("Opgeslagen")
    screenshot(page, "23-teamkader-eigen-uitgangspositie")

    page.goto(f"/casussen/{case.pk}/signalen/")
    sidebar = page.get_by_role("region", name="Teamkader")
    expect(sidebar.get_by_role("heading", name="Jouw uitgangspositie")).to_be_visible()
    sidebar.get_by_text("Wat is mijn uitgangspositie ten aanzien van maatwerk?").click()
    expect(sidebar).to_contain_text("Eerlijkheid: ik leg uit waarom ik afwijk.")
    expect(sidebar).to_contain_text("Het maatwerkbudget van het wijkteam")

    # The teamleider does not see it.
    leader = new_page()
    login(leader, "teamleider")
    leader.goto("/teamkader/")
    expect(leader.get_by_text("Eerlijkheid: ik leg uit waarom ik afwijk.")).to_have_count(0)
