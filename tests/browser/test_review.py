"""Four eyes in a real browser (issue: review's "Done when").

casemanager submits → teamleider returns it with a comment → casemanager revises and
resubmits → a colleague adds advice on one argument → teamleider approves → the deliberation
is read-only and its history shows the whole path with names and times.
"""

import re

import pytest
from playwright.sync_api import expect

from cases.models import Case
from tests.conftest import login, screenshot

pytestmark = pytest.mark.browser

ARGUMENT = "Maatwerk lost financiële problemen bij de inwoner op of voorkomt dat deze " \
           "ontstaan of verergeren."


def record_decision(page, case):
    page.goto(f"/casussen/{case.pk}/besluit/")
    page.get_by_label("Maatwerk toepassen").check()
    page.get_by_label(re.compile("Afzien van terugvordering en boete")).check()
    page.get_by_label("Feiten en belangen: wat heb je gewogen?").fill(
        "Mevrouw meldde zelf; de terugvordering doorkruist de schuldregeling.")
    page.get_by_label(re.compile("^Evenredigheid")).fill("€ 3.840 tegenover een huisuitzetting.")
    page.get_by_label("Van welke regel wijk je af?").fill("Terugvorderingsbeleid")
    page.get_by_label(re.compile("Hardheidsclausule")).check()
    page.get_by_label("Evaluatiedatum").fill("2027-06-01")
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.get_by_text("Je besluit is vastgelegd.")).to_be_visible()


def test_four_eyes_from_submit_to_approval(demo, new_page):
    case = Case.objects.get()  # the demo case of Wijkteam Centrum
    sanne = new_page()
    login(sanne, "casemanager")
    record_decision(sanne, case)
    sanne.get_by_role("button", name="Ter beoordeling aanbieden").click()
    expect(sanne.get_by_text("Je besluit staat ter beoordeling")).to_be_visible()

    marieke = new_page()
    login(marieke, "teamleider")
    expect(marieke.get_by_role("region", name="Te beoordelen")).to_contain_text(case.title)
    marieke.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Te beoordelen").click()
    marieke.get_by_role("link", name=case.title).click()
    screenshot(marieke, "20-beoordelen")
    marieke.get_by_label("Opmerking bij je beoordeling").fill(
        "Beschrijf wie je informeert over het besluit.")
    marieke.get_by_role("button", name="Terugsturen").click()
    expect(marieke.get_by_text("Teruggestuurd naar de casemanager.")).to_be_visible()

    sanne.goto("/")
    sanne.get_by_role("region", name="Teruggestuurd naar jou").get_by_role(
        "link", name=case.title).click()
    expect(sanne.get_by_text("Beschrijf wie je informeert over het besluit.")).to_be_visible()
    sanne.get_by_label("Wie moet je informeren over het besluit?").fill(
        "Mevrouw, de schuldhulpverlener en de woningcorporatie.")
    expect(sanne.locator("#status-inform")).to_contain_text("Opgeslagen", timeout=10_000)
    sanne.get_by_role("button", name="Besluit opnieuw vastleggen").click()
    expect(sanne.get_by_text("Je besluit is vastgelegd.")).to_be_visible()

    sanne.goto(f"/casussen/{case.pk}/advies/")
    sanne.get_by_label("Collega").select_option(label="Ahmed El Amrani")
    sanne.get_by_label("Waarover wil je tegenspraak?").fill("Weeg jij de financiën net zo?")
    sanne.get_by_role("button", name="Advies vragen").click()
    expect(sanne.get_by_text("Ahmed El Amrani kan nu meelezen")).to_be_visible()
    sanne.get_by_role("button", name="Ter beoordeling aanbieden").click()

    ahmed = new_page()
    login(ahmed, "casemanager2")
    ahmed.get_by_role("region", name="Advies gevraagd aan jou").get_by_role(
        "link", name=case.title).click()
    about = ahmed.get_by_label("Waarover gaat je opmerking?")
    expect(about.locator("option[value='item:a01.1']")).to_contain_text(
        "voor: Maatwerk lost financiële problemen")
    about.select_option(value="item:a01.1")
    ahmed.get_by_label("Je opmerking", exact=True).fill("Eens: zonder dit klapt de schuldregeling.")
    ahmed.get_by_role("button", name="Opmerking plaatsen").click()
    expect(ahmed.get_by_text("Je opmerking is geplaatst.")).to_be_visible()
    ahmed.get_by_role("button", name="Mijn advies is klaar").click()

    marieke.goto(f"/casussen/{case.pk}/samenvatting/")
    expect(marieke.get_by_text("Eens: zonder dit klapt de schuldregeling.").first).to_be_visible()
    marieke.get_by_label("Opmerking bij je beoordeling").fill("Goed onderbouwd.")
    marieke.get_by_role("button", name="Goedkeuren").click()
    expect(marieke.get_by_text("Goedgekeurd. De afweging is nu besloten")).to_be_visible()

    # Read-only for everybody now.
    sanne.goto(f"/casussen/{case.pk}/casus/")
    expect(sanne.get_by_text("Deze afweging is besloten en alleen nog te lezen.")).to_be_visible()
    expect(sanne.get_by_label("Buikpijn", exact=True)).to_be_disabled()
    sanne.goto(f"/casussen/{case.pk}/afwegen/")
    argument = sanne.locator("fieldset.argument", has=sanne.get_by_text(ARGUMENT, exact=True))
    expect(argument).to_contain_text("Eens: zonder dit klapt de schuldregeling.")
    expect(argument.get_by_label("zwaar")).to_be_disabled()

    # The whole path, with names and times.
    sanne.goto(f"/casussen/{case.pk}/samenvatting/")
    trail = sanne.locator("section", has=sanne.get_by_role("heading", name="Beoordeling"))
    expect(trail.locator("li")).to_have_count(4)
    for text in ["Ter beoordeling aangeboden — Sanne de Vries",
                 "Teruggestuurd — Marieke Jansen",
                 "Goedgekeurd — Marieke Jansen",
                 "Beschrijf wie je informeert over het besluit."]:
        expect(trail).to_contain_text(text)
    expect(trail.locator("li").first).to_contain_text(re.compile(r"\d{1,2} \w+ 2026 \d\d:\d\d"))
    screenshot(sanne, "21-besloten-samenvatting")
    sanne.goto(f"/casussen/{case.pk}/geschiedenis/")
    expect(sanne.get_by_text(re.compile("Ter beoordeling → Besloten")).first).to_be_visible()
    expect(sanne.get_by_text("Marieke Jansen").first).to_be_visible()
    screenshot(sanne, "22-geschiedenis")
