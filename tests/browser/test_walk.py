"""The deliberation walk in a real browser, end to end (issue: the walk's "Done when").

The demo casemanager creates a case, marks signals with notes, answers questions, adds two
options with costs, weighs arguments theme by theme (the weighing comes back in words),
records a decision in its three parts (the maatwerk fields appear when the outcome is
maatwerk; the decisive argument is picked from the own weighing); every step is reloaded and
found saved; a second browser editing the same field meets the conflict message.
"""

import re

import pytest
from playwright.sync_api import expect

from cases.models import Case
from tests.conftest import login, screenshot, write_precedent

pytestmark = pytest.mark.browser

SIGNAL_1 = ("De inwoner geeft aan 'buikpijn' te hebben van zijn situatie of van de procedure "
            "rondom zijn vraag.")
SIGNAL_2 = ("De uitvoerder twijfelt of de uitkomst van het standaardproces strookt met de "
            "bedoeling van de regeling.")
ARGUMENT_VOOR = ("Maatwerk lost financiële problemen bij de inwoner op of voorkomt dat deze "
                 "ontstaan of verergeren.")
ARGUMENT_TEGEN = "Maatwerk botst met het principe dat iedereen gelijk is voor de wet."


def saved(page, status_id):
    expect(page.locator(f"#{status_id}")).to_contain_text("Opgeslagen", timeout=10_000)


def type_and_save(page, label, text, status_id):
    page.get_by_label(label, exact=True).fill(text)
    saved(page, status_id)


def add_cost(page, order, period, amount, party, saving=False, what=""):
    """Add one cost line to option ``order`` through its folded form, by labels only."""
    page.get_by_text(f"Kosten of opbrengst toevoegen bij optie {order}").click()
    form = page.locator(f"#kosten-{option_id(page, order)} form").last
    form.get_by_label("Opbrengst of besparing" if saving else "Kosten", exact=True).check()
    form.get_by_label(period, exact=True).check()
    form.get_by_label("Bedrag (€)").fill(amount)
    form.get_by_label(party, exact=True).check()
    if what:
        form.get_by_label("Waarvoor").fill(what)
    form.get_by_role("button", name="Kostenregel toevoegen").click()
    expect(page.get_by_text("Kostenregel toegevoegd.")).to_be_visible()


def option_id(page, order):
    heading = page.get_by_role("heading", name=re.compile(f"^Optie {order}:"))
    return heading.get_attribute("id").removeprefix("optie-kop-")


def test_the_whole_walk_is_saved_and_conflicts_are_shown(demo, new_page):
    page = new_page()
    login(page, "casemanager")

    # 1. Casus
    page.get_by_role("link", name="Nieuwe casus").first.click()
    page.get_by_label("Titel").fill("Huurachterstand na terugvordering toeslag")
    page.get_by_label("Inwonerreferentie").fill("DOS-2026-0777")
    page.get_by_role("button", name="Casus aanmaken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Huurachterstand na terugvordering toeslag")
    case = Case.objects.get(title="Huurachterstand na terugvordering toeslag")
    type_and_save(page, "Vraag van de inwoner", "Uitstel van de huurbetaling.",
                  "status-request")
    type_and_save(page, "Standaarduitkomst", "Afwijzing: geen bijzondere bijstand.",
                  "status-standard_outcome")
    type_and_save(page, "Buikpijn", "Ze dreigt haar huis te verliezen door een fout van "
                  "de overheid.", "status-buikpijn")
    page.get_by_label("Alleenstaande ouder").check()
    saved(page, "status-household")
    page.get_by_label("Bijzondere bijstand").check()
    saved(page, "status-regeling_ids")
    page.get_by_label("Uiterste datum").fill("2026-12-15")
    saved(page, "status-deadline")
    screenshot(page, "10-stap-casus")

    # 2. Signalen
    page.get_by_role("link", name=re.compile("^2\\. ?Signalen|Signalen")).first.click()
    page.wait_for_url(f"**/casussen/{case.pk}/signalen/")
    expect(page.get_by_text("Signalen zijn alarmbellen, geen criteria.")).to_be_visible()
    page.get_by_role("checkbox", name=SIGNAL_1).check()
    saved(page, "status-sig-s01_4-marked")
    signal = page.locator(".signal", has=page.get_by_role("checkbox", name=SIGNAL_1))
    # Marked, its note opens; unmarked signals show no empty note.
    signal.get_by_role("textbox").fill("Ze huilde aan de balie.")
    saved(page, "status-sig-s01_4-note")
    unmarked = page.locator(".signal:not(.is-marked)").first
    expect(unmarked.get_by_text("Wat zag of hoorde je?")).to_be_hidden()
    screenshot(page, "11-stap-signalen")
    # One column of the card per page: the uitvoerder's signals are on the next.
    columns = page.get_by_role("navigation", name="Kolommen van de Signalenkaart")
    columns.get_by_role("link", name="Signalen bij uitvoerder").click()
    # What was marked in the other column is counted, and listed when you open it.
    page.get_by_text("Aangevinkt bij Signalen van inwoner: 1 signaal").click()
    expect(page.get_by_text(SIGNAL_1)).to_be_visible()
    page.get_by_role("checkbox", name=SIGNAL_2).check()
    saved(page, "status-sig-s06_4-marked")
    screenshot(page, "11-stap-signalen-uitvoerder")
    # One column, its clusters side by side: about 2.5 screens (the whole card was 5.7);
    # test_page_length checks every walk page of the demo case.
    assert page.evaluate("document.documentElement.scrollHeight") <= 2.75 * 900

    # 3. Verkennen: answers and two options with costs
    page.goto(f"/casussen/{case.pk}/verkennen/")
    type_and_save(page, "Wat is de aanleiding van deze casus?",
                  "Melding van de woningcorporatie.", "status-answer-v04")
    type_and_save(page, "Wat is de gewenste situatie voor de inwoner?",
                  "In haar huis blijven wonen.", "status-answer-v06")
    assert page.evaluate("document.documentElement.scrollHeight") <= 2.75 * 900  # was 8 309
    page.get_by_role("navigation", name="Onderdelen van Verkennen").get_by_role(
        "link", name=re.compile("Opties en kosten")).click()
    add = page.locator("#nieuwe-optie")
    add.get_by_label("Titel").fill("Huurschuld overnemen")
    add.get_by_label("Maatwerk: afwijking van regels").check()
    add.get_by_label("Van welke regel wijk je af?").fill("Beleidsregel bijzondere bijstand")
    add.get_by_role("button", name="Optie toevoegen").click()
    expect(page.get_by_text("Optie toegevoegd.")).to_be_visible()
    # Right after adding one, the form for the next is still open.
    add = page.locator("#nieuwe-optie")
    add.get_by_label("Titel").fill("Betalingsregeling")
    add.get_by_label("Op maat binnen de regels").check()
    add.get_by_role("button", name="Optie toevoegen").click()
    expect(page.get_by_text("Optie toegevoegd.")).to_be_visible()
    # Costs per option as lines: Dutch amounts, income and savings, for several parties.
    add_cost(page, 1, "Eenmalig", "500", "Eigen organisatie")
    add_cost(page, 1, "Per jaar", "1.500", "Eigen organisatie", what="Extra schuldhulp")
    add_cost(page, 2, "Eenmalig", "€ 2.400", "Eigen organisatie", what="Huurschuld")
    add_cost(page, 2, "Per jaar", "300,-", "Andere organisatie", saving=True,
             what="Geen ontruiming voor de woningcorporatie")
    add_cost(page, 3, "Eenmalig", "100", "Eigen organisatie")
    add_cost(page, 3, "Per jaar", "600", "Inwoner", what="Aflossing")
    expect(page.locator(f"#kosten-{option_id(page, 2)}")).to_contain_text("€ 2.400,00")
    # Coming back later, with more than the standard option, the form folds away.
    page.goto(f"/casussen/{case.pk}/verkennen/?deel=opties")
    expect(page.locator("#nieuwe-optie").get_by_label("Titel")).to_be_hidden()
    page.get_by_text("Voeg een optie toe").click()
    expect(page.locator("#nieuwe-optie").get_by_label("Titel")).to_be_visible()
    screenshot(page, "12-stap-verkennen")
    page.get_by_role("link", name="Verder naar Kosten vergelijken").click()
    costs = page.locator("table", has=page.get_by_text("Netto kosten per optie"))
    expect(costs).to_contain_text("€ 2.100,00")  # after a year: 2 400 − 300
    parties = page.locator("table", has=page.get_by_text("Netto per partij"))
    expect(parties).to_contain_text("Andere organisatie")
    expect(parties).to_contain_text("−€ 300,00")
    expect(page.get_by_text(re.compile("wordt .* goedkoper dan"))).to_have_count(2)
    screenshot(page, "12-stap-verkennen-kosten")

    # 4. Afwegen: one theme per page; the weights are the professional's own words
    page.goto(f"/casussen/{case.pk}/afwegen/")
    expect(page.get_by_role("heading", name=re.compile("Welzijn"))).to_be_visible()
    voor = page.locator(".argument", has=page.get_by_text(ARGUMENT_VOOR, exact=True))
    voor.get_by_label("zwaar").check()
    saved(page, "status-arg-a01_1-weight")
    # The weighing comes back in words beside the arguments (in the aside), at once.
    mirror = page.locator("aside #spiegel-welzijn")
    expect(mirror).to_contain_text(ARGUMENT_VOOR)
    expect(mirror.get_by_text(ARGUMENT_VOOR)).to_be_visible()
    voor.get_by_text("Waarom hier?").click()
    voor.get_by_role("textbox").fill("Anders volgt huisuitzetting.")
    saved(page, "status-arg-a01_1-note")
    page.get_by_role("navigation", name="Thema’s van de Argumentenkaart").get_by_role(
        "link", name="Principes").click()
    tegen = page.locator(".argument", has=page.get_by_text(ARGUMENT_TEGEN, exact=True))
    tegen.get_by_label("licht").check()
    saved(page, "status-arg-a21_1-weight")
    expect(page.locator("#spiegel-principes")).to_contain_text("licht")
    page.get_by_role("link", name="Toets je mensbeeld").click()
    page.get_by_label("Veel inzet").check()
    saved(page, "status-perceived_effort")
    page.get_by_role("link", name="Alle thema’s").click()
    expect(page.locator("#spiegel-welzijn")).to_contain_text("zwaar")
    screenshot(page, "13-stap-afwegen")

    # 5. Besluit, in three parts
    page.goto(f"/casussen/{case.pk}/besluit/")
    expect(page.get_by_label("Van welke regel wijk je af?")).to_have_count(0)
    page.get_by_label("Maatwerk toepassen").check()
    expect(page.get_by_label("Van welke regel wijk je af?")).to_be_visible()  # appears
    page.get_by_label(re.compile("Huurschuld overnemen")).check()
    page.get_by_label("Feiten en belangen: wat heb je gewogen?").fill(
        "De huurschuld ontstond door een fout van de overheid; uitzetting raakt twee kinderen.")
    page.get_by_label(re.compile("^Evenredigheid")).fill(
        "Eenmalig € 2.400 staat in verhouding tot de schade van een uitzetting.")
    page.get_by_label("Van welke regel wijk je af?").fill("Beleidsregel bijzondere bijstand")
    page.get_by_label(re.compile("artikel 4:84 Awb")).check()
    saved(page, "status-legal_ground")
    screenshot(page, "14-stap-besluit")
    page.get_by_role("link", name=re.compile("Wat gaf de doorslag")).first.click()
    page.get_by_label(re.compile("Voor · zwaar · Maatwerk lost financiële problemen")).check()
    saved(page, "status-decisive_keys")
    page.get_by_label(re.compile("Waarom wegen deze argumenten zwaarder")).fill(
        "Een uitzetting van een gezin met kinderen weegt zwaarder dan gelijke behandeling.")
    saved(page, "status-decisive_reasoning")
    screenshot(page, "14-stap-besluit-doorslag")
    page.get_by_role("link", name=re.compile("Inwoner en vervolg")).first.click()
    page.get_by_label("Ja, de inwoner heeft zijn of haar kant verteld").check()
    saved(page, "status-inwoner_heard")
    page.get_by_label(re.compile("Wat zei de inwoner")).fill(
        "Mevrouw vertelde dat ze de brief van de toeslagen niet had begrepen.")
    page.get_by_label("Evaluatiedatum").fill("2099-03-01")
    saved(page, "status-evaluation_date")
    write_precedent(page)
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.get_by_text("Je besluit is vastgelegd.")).to_be_visible()
    page.goto(f"/casussen/{case.pk}/na/")
    expect(page.get_by_role("heading", name="6. Na het besluit")).to_be_visible()
    screenshot(page, "15-stap-na")

    # Reload every step: everything is there.
    page.goto(f"/casussen/{case.pk}/casus/")
    expect(page.get_by_label("Buikpijn", exact=True)).to_have_value(
        "Ze dreigt haar huis te verliezen door een fout van de overheid.")
    expect(page.get_by_label("Alleenstaande ouder")).to_be_checked()
    expect(page.get_by_label("Bijzondere bijstand")).to_be_checked()
    expect(page.get_by_label("Uiterste datum")).to_have_value("2026-12-15")
    page.goto(f"/casussen/{case.pk}/signalen/")
    expect(page.get_by_role("checkbox", name=SIGNAL_1)).to_be_checked()
    expect(page.locator("#id_sig-s01_4-note")).to_have_value("Ze huilde aan de balie.")
    page.goto(f"/casussen/{case.pk}/signalen/?kolom=uitvoerder")
    expect(page.get_by_role("checkbox", name=SIGNAL_2)).to_be_checked()
    page.goto(f"/casussen/{case.pk}/verkennen/")
    expect(page.get_by_label("Wat is de aanleiding van deze casus?")).to_have_value(
        "Melding van de woningcorporatie.")
    page.goto(f"/casussen/{case.pk}/verkennen/?deel=opties")
    expect(page.locator("section.option")).to_have_count(3)
    page.goto(f"/casussen/{case.pk}/afwegen/")
    voor = page.locator(".argument", has=page.get_by_text(ARGUMENT_VOOR, exact=True))
    expect(voor.get_by_label("zwaar")).to_be_checked()
    expect(voor.get_by_role("textbox")).to_have_value("Anders volgt huisuitzetting.")
    page.goto(f"/casussen/{case.pk}/afwegen/mensbeeld/")
    expect(page.get_by_label("Veel inzet")).to_be_checked()
    page.goto(f"/casussen/{case.pk}/besluit/")
    expect(page.get_by_label("Maatwerk toepassen")).to_be_checked()
    expect(page.get_by_text(re.compile("Besluit vastgelegd door Sanne de Vries"))).to_be_visible()

    # A second person edits the same field from a stale page: the conflict is shown.
    other = new_page()
    login(other, "casemanager2")
    other.goto(f"/casussen/{case.pk}/casus/")
    page.goto(f"/casussen/{case.pk}/casus/")
    type_and_save(page, "Buikpijn", "Eerste versie van Sanne.", "status-buikpijn")
    other.get_by_label("Buikpijn", exact=True).fill("Tweede versie van Ahmed.")
    conflict = other.locator("#status-buikpijn")
    expect(conflict).to_contain_text("iemand anders wijzigde dit veld intussen")
    expect(conflict).to_contain_text("Sanne de Vries schreef op")
    expect(conflict).to_contain_text("Eerste versie van Sanne.")
    expect(other.get_by_label("Buikpijn", exact=True)).to_have_value("Tweede versie van Ahmed.")
    screenshot(other, "16-conflict")
    case.refresh_from_db()
    assert case.buikpijn == "Eerste versie van Sanne."
    # Saving again on the new version replaces the other text deliberately.
    other.get_by_label("Buikpijn", exact=True).fill("Tweede versie van Ahmed, na overleg.")
    saved(other, "status-buikpijn")
    case.refresh_from_db()
    assert case.buikpijn == "Tweede versie van Ahmed, na overleg."
