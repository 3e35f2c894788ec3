"""Four eyes and the whole tegenspraak in a real browser, to an approved PDF.

casemanager records the decision (the arguments that tipped it picked from the own weighing)
and submits → teamleider returns it with a comment → casemanager revises, records again and
asks a colleague for advice → the colleague comments beside one argument in the walk → the
casemanager answers → teamleider approves → read-only; the summary shows the whole path; the
downloaded PDF holds the decisive arguments and the tegenspraak with its answer, and neither
the mensbeeld nor any sum of weights.
"""

import io
import re
import subprocess

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from cases.models import Case
from tests.conftest import SCREENSHOTS, login, screenshot, write_precedent

pytestmark = pytest.mark.browser

ARGUMENT = "Maatwerk lost financiële problemen bij de inwoner op of voorkomt dat deze " \
           "ontstaan of verergeren."


def saved(page, status_id):
    expect(page.locator(f"#{status_id}")).to_contain_text("Opgeslagen", timeout=10_000)


def record_decision(page, case):
    page.goto(f"/casussen/{case.pk}/besluit/")
    page.get_by_label("Maatwerk toepassen").check()
    page.get_by_label(re.compile("Afzien van terugvordering en boete")).check()
    page.get_by_label("Feiten en belangen: wat heb je gewogen?").fill(
        "Mevrouw meldde zelf; de terugvordering doorkruist de schuldregeling.")
    page.get_by_label(re.compile("^Evenredigheid")).fill(
        "Een terugvordering van € 3.840 staat niet in verhouding tot een huisuitzetting.")
    page.get_by_label("Van welke regel wijk je af?").fill("Terugvorderingsbeleid")
    page.get_by_label(re.compile("Hardheidsclausule")).check()
    page.get_by_label("Welk artikel?").fill("artikel 58 lid 8 Participatiewet")
    page.get_by_role("button", name="Opslaan", exact=True).click()
    expect(page.get_by_text("Opgeslagen.", exact=True)).to_be_visible()
    page.get_by_role("link", name=re.compile("Wat gaf de doorslag")).first.click()
    page.get_by_label(re.compile("Voor · zwaar · Maatwerk lost financiële problemen")).check()
    page.get_by_label(re.compile("Waarom wegen deze argumenten zwaarder")).fill(
        "Zonder afzien strandt de schuldregeling; dat weegt zwaarder dan gelijke behandeling.")
    page.get_by_role("button", name="Opslaan", exact=True).click()
    expect(page.get_by_text("Opgeslagen.", exact=True)).to_be_visible()
    page.get_by_role("link", name=re.compile("Inwoner en vervolg")).first.click()
    page.get_by_label("Ja, de inwoner heeft zijn of haar kant verteld").check()
    page.get_by_label(re.compile("Wat zei de inwoner")).fill(
        "Mevrouw zei dat zij belde zodra zij begreep dat het inwonen ertoe deed.")
    page.get_by_label("Evaluatiedatum").fill("2099-06-01")
    page.get_by_role("button", name="Opslaan", exact=True).click()
    expect(page.get_by_text("Opgeslagen.", exact=True)).to_be_visible()
    write_precedent(page)
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.get_by_text("Je besluit is vastgelegd.")).to_be_visible()


def test_four_eyes_from_submit_to_approval(demo, new_page):
    case = Case.objects.get(status="concept")  # the demo case of Wijkteam Centrum
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
    sanne.get_by_role("link", name=re.compile("Inwoner en vervolg")).first.click()
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

    # The adviser comments beside the argument, in the walk.
    ahmed = new_page()
    login(ahmed, "casemanager2")
    ahmed.get_by_role("region", name="Advies gevraagd aan jou").get_by_role(
        "link", name=case.title).click()
    ahmed.goto(f"/casussen/{case.pk}/afwegen/")
    argument = ahmed.locator(".argument", has=ahmed.get_by_text(ARGUMENT, exact=True))
    argument.get_by_role("link", name="Opmerking bij dit argument").click()
    argument.get_by_label("Je opmerking", exact=True).fill(
        "Eens: zonder dit klapt de schuldregeling.")
    argument.get_by_role("button", name="Opmerking plaatsen").click()
    expect(ahmed.get_by_text("Je opmerking is geplaatst.")).to_be_visible()
    expect(ahmed.locator(".argument", has=ahmed.get_by_text(ARGUMENT, exact=True))).to_contain_text(
        "Eens: zonder dit klapt de schuldregeling.")
    ahmed.goto(f"/casussen/{case.pk}/samenvatting/")
    ahmed.get_by_role("button", name="Mijn advies is klaar").click()

    # The casemanager hears the advice is in, and answers it where it stands.
    sanne.goto("/")
    given = sanne.get_by_role("region", name="Advies gegeven")
    expect(given).to_contain_text("advies gegeven door Ahmed El Amrani")
    sanne.goto(f"/casussen/{case.pk}/afwegen/")
    argument = sanne.locator(".argument", has=sanne.get_by_text(ARGUMENT, exact=True))
    argument.get_by_role("link", name="Beantwoord").click()
    argument.get_by_label("Je antwoord").fill("Dank je, de schuldhulpverlener ziet het ook zo.")
    argument.get_by_role("button", name="Antwoord plaatsen").click()
    expect(sanne.get_by_text("Je antwoord is geplaatst.")).to_be_visible()
    sanne.goto(f"/casussen/{case.pk}/besluit/")
    sanne.get_by_role("button", name="Ter beoordeling aanbieden").click()
    expect(sanne.get_by_text("Je besluit staat ter beoordeling")).to_be_visible()

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
    argument = sanne.locator(".argument", has=sanne.get_by_text(ARGUMENT, exact=True))
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
    expect(trail.locator("li").first).to_contain_text(re.compile(r"\d{1,2} \w+ 2026, \d\d:\d\d"))
    screenshot(sanne, "21-besloten-samenvatting")
    sanne.goto(f"/casussen/{case.pk}/geschiedenis/")
    # One line per run of changes; open the teamleider's to see what she changed.
    approval = sanne.locator("details", has=sanne.get_by_text(re.compile("· Marieke Jansen ·")))
    approval.first.locator("summary").click()
    expect(approval.first.get_by_text(re.compile("Ter beoordeling → Besloten")).first
           ).to_be_visible()
    assert sanne.evaluate("document.documentElement.scrollHeight") <= 2.5 * 900
    screenshot(sanne, "22-geschiedenis")

    # The approved verantwoording, as downloaded.
    with sanne.expect_download() as download:
        sanne.get_by_role("link", name="Download verantwoording (PDF)").first.click()
    pdf = download.value.path().read_bytes()
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    for expected in ("Doorslaggevend Voor · zwaar · Maatwerk lost financiële problemen",
                     "Daartegen gewogen", "Zonder afzien strandt de schuldregeling",
                     "Sanne de Vries vroeg Ahmed El Amrani om advies",
                     "Eens: zonder dit klapt de schuldregeling.",
                     "Antwoord van Sanne de Vries",
                     "Dank je, de schuldhulpverlener ziet het ook zo.",
                     "Besluit vastgelegd Sanne de Vries", "Beoordeeld door Marieke Jansen"):
        assert expected in text, expected
    for absent in ("CONCEPT", "Reputatie", "Positief", "Veel inzet", "voor 3", "tegen 2"):
        assert absent not in text, absent
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", "-",
                    str(SCREENSHOTS / "41-pdf-goedgekeurd")], input=pdf, check=True,
                   capture_output=True, timeout=60)


def test_sending_back_without_a_comment_puts_the_focus_on_the_comment(demo, new_page):
    """The refusal is at the field, in view, with the focus there (issue 16, item 6)."""
    from accounts.models import User
    from cases import services as case_services
    from tests.factories import SUBMITTED, advance

    sanne = User.objects.get(username="casemanager")
    case = case_services.create_case(sanne, title="Terugsturen zonder opmerking",
                                     team=sanne.teams.first())
    advance(case, SUBMITTED)
    page = new_page(viewport={"width": 1366, "height": 900})
    login(page, "teamleider")
    page.goto(f"/casussen/{case.pk}/samenvatting/")
    page.get_by_role("button", name="Terugsturen").click()
    comment = page.get_by_label("Opmerking bij je beoordeling")
    expect(comment).to_be_focused()
    expect(comment).to_be_in_viewport()
    expect(comment).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#veld-comment .error-message")).to_be_in_viewport()
    comment.type("Onderbouw de evenredigheid.")  # typed at once, where the focus is
    page.get_by_role("button", name="Terugsturen").click()
    expect(page.get_by_text("Teruggestuurd naar de casemanager.")).to_be_visible()
