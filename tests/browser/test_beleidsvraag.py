"""Issue 13, item 4, in a real browser: a beleidsmaker opens a beleidsvraag from a structural
signal, works it through the Vragenkaart maatwerk (autosave), links a precedent, and closes it
with a change of policy; the casemanager who raised the signal reads it at home, and the team
sees it in the Vóór frame beside the walk."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import User
from cases.models import Case, Regeling
from reviews import services as reviews
from tests.conftest import login, screenshot
from tests.factories import complete_decision

pytestmark = pytest.mark.browser

PROBLEM = "Tijdelijk inwonen na een scheiding verlaagt de uitkering meteen, bij elk gezin."
CHANGE = "Tijdelijk inwonen na een scheiding telt zes maanden niet mee voor de kostendelersnorm."


def approved_structural_case():
    case = Case.objects.filter(status="concept").first()  # the demo case of Wijkteam Centrum
    regeling = Regeling.objects.filter(name__icontains="Participatiewet").first() or (
        Regeling.objects.first())
    case.regeling_ids = [regeling.pk]
    case.structural, case.structural_description = "solven", PROBLEM
    case.save()
    complete_decision(case, case.owner)
    reviews.submit(case, case.owner)
    reviews.approve(case, User.objects.get(username="teamleider"))
    return case


def test_beleidsvraag_from_signal_to_policy_change_and_back(demo, new_page):
    case = approved_structural_case()
    bram = new_page()
    login(bram, "beleidsmaker")
    # The demo's open beleidsvraag leads the home page.
    expect(bram.get_by_role("region", name="Beleidsvragen")).to_contain_text(
        "1 beleidsvraag is open")
    bram.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Structurele signalen").click()
    bram.get_by_role("link", name=re.compile("Open het signaal")).first.click()
    bram.get_by_role("link", name="Open een beleidsvraag over dit signaal").click()
    expect(bram.get_by_text(PROBLEM)).to_be_visible()
    bram.get_by_role("button", name="Beleidsvraag openen").click()
    # Without a title: a Dutch message at the field, the choices kept.
    expect(bram.get_by_text("Dit veld is verplicht.").first).to_be_visible()
    bram.get_by_label("Beleidsvraag", exact=True).fill("Kostendelersnorm na een scheiding")
    bram.get_by_label(re.compile("Vragenkaart maatwerk: Welke vragen")).check()
    bram.get_by_role("button", name="Beleidsvraag openen").click()
    expect(bram.get_by_text("De beleidsvraag is geopend.")).to_be_visible()
    expect(bram.get_by_role("heading", name="Kostendelersnorm na een scheiding")).to_be_visible()
    expect(bram.get_by_role("region", name="Gekoppelde signalen")).to_contain_text(PROBLEM)
    expect(bram.get_by_role("region", name="Lessen uit de Lessenkaart")).to_contain_text(
        "Betrek belanghebbenden en criticasters")

    # Answers save themselves while typing, like the walk.
    answer = bram.get_by_label("Wat is de huidige situatie?", exact=True)
    answer.fill("Drie signalen uit twee teams in een half jaar.")
    expect(bram.locator("#status-answer-m02")).to_contain_text("Opgeslagen om")
    bram.reload()
    expect(bram.get_by_label("Wat is de huidige situatie?", exact=True)).to_have_value(
        "Drie signalen uit twee teams in een half jaar.")

    # A precedent from the register, by its reference; a wrong one gets a Dutch message.
    koppelen = bram.get_by_role("region", name="Koppelen")
    koppelen.get_by_label("Precedent koppelen (kenmerk)").fill("MW-999999")
    koppelen.get_by_role("button", name="Koppelen").click()
    expect(bram.get_by_text("Geen precedent gevonden met kenmerk MW-999999")).to_be_visible()
    expect(bram.get_by_label("Precedent koppelen (kenmerk)")).to_have_value("MW-999999")
    bram.get_by_label("Precedent koppelen (kenmerk)").fill(case.reference)
    bram.get_by_role("region", name="Koppelen").get_by_role("button", name="Koppelen").click()
    expect(bram.get_by_text("Gekoppeld.")).to_be_visible()
    expect(bram.get_by_role("region", name="Gekoppelde precedenten")).to_contain_text(
        case.reference)
    screenshot(bram, "75-beleidsvraag")

    # The end: policy changed per a date, with what changed.
    bram.get_by_label("Beleid aangepast", exact=True).check()
    bram.get_by_label("Uitkomst").fill(CHANGE)
    bram.get_by_role("button", name="Uitkomst opslaan").click()
    expect(bram.get_by_text("Vul in per wanneer het beleid is aangepast.")).to_be_visible()
    expect(bram.get_by_label("Uitkomst")).to_have_value(CHANGE)
    bram.get_by_label("Beleid aangepast per").fill("2027-01-01")
    bram.get_by_role("button", name="Uitkomst opslaan").click()
    expect(bram.get_by_text("De beleidsvraag is afgerond.")).to_be_visible()
    expect(bram.get_by_text("Beleidsregel aangepast per 1 januari 2027.")).to_be_visible()
    expect(bram.get_by_label("Wat is de huidige situatie?", exact=True)).to_be_disabled()
    bram.get_by_role("link", name="Geschiedenis van deze beleidsvraag").click()
    expect(bram.get_by_text("Antwoord bij: Wat is de huidige situatie?")).to_be_visible()

    # The casemanager who raised the signal reads the change at home and on the case.
    sanne = new_page()
    login(sanne, "casemanager")
    mine = sanne.get_by_role("region", name="Je signalen voor beleid")
    expect(mine).to_contain_text("Beleidsregel aangepast per 1 januari 2027")
    mine.get_by_role("link", name=case.title).click()
    expect(sanne.get_by_role("region", name="Je signaal voor beleid")).to_contain_text(CHANGE)
    screenshot(sanne, "76-beleid-aangepast-bij-signaal")

    # The team sees it in its Vóór frame, beside the walk of any case.
    sanne.goto("/casussen/nieuw/")
    sanne.get_by_label("Titel").fill("Nieuwe casus na de aanpassing")
    sanne.get_by_role("button", name="Casus aanmaken").click()
    frame = sanne.get_by_role("region", name="Teamkader")
    expect(frame).to_contain_text("Beleidsregel aangepast per 1 januari 2027")
    expect(frame).to_contain_text(CHANGE)


def test_beleidsvraag_on_a_phone_and_by_keyboard(demo, new_page):
    from cards.models import CardSet
    from policy.models import PolicyQuestion

    question = PolicyQuestion.objects.create(
        title="Bijzondere bijstand voor jongeren", card_kind="vragen_beleid",
        owner=User.objects.get(username="beleidsmaker"),
        card_set=CardSet.objects.get(is_active=True))
    page = new_page(viewport={"width": 390, "height": 844})
    login(page, "beleidsmaker")
    page.goto(f"/beleid/vragen/{question.pk}/")
    # Nothing wider than the screen.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
    # By keyboard: from the first question's field on, typing saves.
    first = page.get_by_label("Waarom maken we nieuw beleid of passen we het huidige beleid "
                              "aan?", exact=True)
    first.focus()
    page.keyboard.type("Jongeren vallen tussen twee regelingen.")
    page.keyboard.press("Tab")
    expect(page.locator("#status-answer-b01")).to_contain_text("Opgeslagen om")
    focused = page.evaluate("document.activeElement.name")
    assert focused == "answer-b02", focused
    screenshot(page, "77-beleidsvraag-telefoon", full_page=False)
