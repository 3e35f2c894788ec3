"""Consistency in a real browser: an approved earlier decision of the team shows beside a new,
similar case with its outcome; the casemanager marks it comparable and states the relevant
difference, which the verantwoording (PDF) then holds; a casemanager of another team finds
the earlier decision's precedent card, and only that, in the register.

The earlier case is decided and approved through the app's services (the browser walk of a
decision and its approval is test_walk.py and test_review.py); the new case, the panel, the
answer, the PDF download and the register are driven by labels and button texts."""

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from accounts.models import User
from cases import services
from cases.models import Case, Regeling
from tests.conftest import login, screenshot
from tests.factories import APPROVED, advance, complete_decision

pytestmark = pytest.mark.browser
DIFFERENCE = "Hier loopt een schuldregeling die zou stranden; bij het eerdere besluit niet."


def earlier_decision():
    ahmed = User.objects.get(username="casemanager2")
    regeling = Regeling.objects.get(name="Bijzondere bijstand")
    case = services.create_case(
        ahmed, ahmed.teams.first(), "Huurachterstand na inwoning van een zoon",
        regeling_ids=[regeling.pk], request="Uitstel van de huurbetaling.",
        buikpijn="Huurachterstand en een dreigende ontruiming.")
    return advance(case, APPROVED, outcome="geen")


def test_a_similar_earlier_decision_is_weighed_and_found_in_the_register(demo, new_page):
    earlier = earlier_decision()
    page = new_page()
    login(page, "casemanager")
    page.get_by_role("link", name="Nieuwe casus").first.click()
    page.get_by_label("Titel").fill("Huurachterstand na terugvordering toeslag")
    page.get_by_role("button", name="Casus aanmaken").click()
    case = Case.objects.get(title="Huurachterstand na terugvordering toeslag")
    page.get_by_label("Bijzondere bijstand").check()
    expect(page.locator("#status-regeling_ids")).to_contain_text("Opgeslagen", timeout=10_000)
    page.get_by_label("Buikpijn").fill("Een huurachterstand; de ontruiming dreigt.")
    expect(page.locator("#status-buikpijn")).to_contain_text("Opgeslagen", timeout=10_000)

    # Verkennen: the earlier decision is shown with its outcome and why.
    page.goto(f"/casussen/{case.pk}/verkennen/")
    panel = page.get_by_role("region", name="Vergelijkbare besluiten")
    entry = panel.locator(f"#vergelijkbaar-{earlier.pk}")
    expect(entry).to_contain_text("Geen maatwerk")
    expect(entry).to_contain_text("zelfde regeling")
    expect(entry.get_by_role("link", name=earlier.title)).to_be_visible()
    entry.get_by_label(re.compile("Vergelijkbaar — het relevante verschil is")).check()
    entry.get_by_label("Het relevante verschil, of waarom het niet vergelijkbaar is").fill(
        DIFFERENCE)
    entry.get_by_role("button", name=f"Antwoord over {earlier.reference} opslaan").click()
    expect(panel.locator(f"#vergelijkbaar-{earlier.pk}")).to_contain_text("Opgeslagen.")
    expect(panel.locator(f"#vergelijkbaar-{earlier.pk}")).to_contain_text(DIFFERENCE)
    screenshot(page, "17-vergelijkbare-besluiten")

    # The decision is completed; the verantwoording holds the comparison.
    complete_decision(Case.objects.get(pk=case.pk), User.objects.get(username="casemanager"))
    page.goto(f"/casussen/{case.pk}/samenvatting/")
    expect(page.get_by_role("heading", name="Vergelijkbare besluiten")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download verantwoording (PDF)").first.click()
    reader = PdfReader(io.BytesIO(download.value.path().read_bytes()))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    for expected in ("Vergelijkbare besluiten", earlier.reference, "Geen maatwerk",
                     "Vergelijkbaar — het relevante verschil is", DIFFERENCE):
        assert expected in text, expected

    # Another team's casemanager finds the precedent card, not the case.
    other = new_page()
    login(other, "casemanager3")
    other.get_by_role("link", name="Precedenten").click()
    other.get_by_label("Zoek in de precedenten").fill("schuldregeling")
    other.get_by_role("button", name="Zoeken").click()
    card = other.locator(f"#precedent-{earlier.pk}")
    expect(card).to_contain_text("Geen maatwerk")
    expect(card).to_contain_text("Alleenstaande met een schuldregeling")
    expect(other.get_by_text(earlier.title)).to_have_count(0)
    assert "schuldregeling" not in other.url
    screenshot(other, "30-precedentenregister")
