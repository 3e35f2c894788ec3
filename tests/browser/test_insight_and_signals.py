"""Issue 13 in a real browser: a structural signal from the casemanager's decision to the
beleidsmaker's reply and back to the casemanager's home; the teamleider's teaminzicht with
its charts, a budget, and a CSV download."""

import re

import pytest
from playwright.sync_api import expect

from cases.models import Case
from tests.browser.test_review import record_decision
from tests.conftest import login, screenshot

pytestmark = pytest.mark.browser

PROBLEM = ("Inwonende kinderen na een scheiding verlagen de uitkering van de ouder meteen; "
           "dat raakt elk gezin in deze situatie.")
REPLY = "Overgenomen: per 1 maart telt tijdelijk inwonen na een scheiding zes maanden niet mee."


def test_signal_from_decision_to_reply_and_back_home(demo, new_page):
    case = Case.objects.get(status="concept")  # the demo case of Wijkteam Centrum
    sanne = new_page()
    login(sanne, "casemanager")
    record_decision(sanne, case)
    sanne.goto(f"/casussen/{case.pk}/besluit/")
    sanne.get_by_role("link", name=re.compile("Inwoner en vervolg")).first.click()
    sanne.get_by_label(re.compile("Ja, dit is ook een structureel probleem")).check()
    sanne.get_by_label("Beschrijf het structurele probleem voor beleidsmakers").fill(PROBLEM)
    sanne.get_by_role("button", name="Opslaan", exact=True).click()
    expect(sanne.get_by_text("Opgeslagen.", exact=True)).to_be_visible()
    sanne.get_by_role("button", name="Besluit vastleggen").click()
    expect(sanne.get_by_text("Je besluit is vastgelegd.")).to_be_visible()
    sanne.get_by_role("button", name="Ter beoordeling aanbieden").click()
    expect(sanne.get_by_text("Je besluit staat ter beoordeling")).to_be_visible()

    marieke = new_page()
    login(marieke, "teamleider")
    marieke.goto(f"/casussen/{case.pk}/samenvatting/")
    marieke.get_by_role("button", name="Goedkeuren").click()
    expect(marieke.get_by_text("Goedgekeurd", exact=False).first).to_be_visible()

    # The beleidsmaker's home leads with the open signal; she takes it up and answers.
    bram = new_page()
    login(bram, "beleidsmaker")
    signals = bram.get_by_role("region", name="Open signalen")
    expect(signals).to_contain_text("1 signaal wacht op antwoord")
    expect(bram.get_by_text("buikpijn van krijgt")).to_have_count(0)
    screenshot(bram, "70-beleidsmaker-start")
    bram.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Structurele signalen").click()
    bram.get_by_label("Status").select_option("nieuw")
    bram.get_by_role("button", name="Toon").click()
    expect(bram.get_by_text(PROBLEM[:50])).to_be_visible()
    bram.get_by_role("link", name=re.compile("Open het signaal")).first.click()
    expect(bram.get_by_text(PROBLEM)).to_be_visible()
    bram.get_by_label("Overgenomen", exact=True).check()
    bram.get_by_role("button", name="Opslaan").click()
    # Answered without a reply: a Dutch message, nothing lost.
    expect(bram.get_by_text("Schrijf een antwoord aan de casemanager")).to_be_visible()
    expect(bram.get_by_label("Overgenomen", exact=True)).to_be_checked()
    bram.get_by_label("Antwoord aan de casemanager").fill(REPLY)
    screenshot(bram, "71-signaal-beantwoorden")
    bram.get_by_role("button", name="Opslaan").click()
    expect(bram.get_by_text("Het signaal is bijgewerkt.")).to_be_visible()

    # Back to the casemanager: on the home page and on the case.
    sanne.goto("/")
    mine = sanne.get_by_role("region", name="Je signalen voor beleid")
    expect(mine).to_contain_text("Overgenomen")
    expect(mine).to_contain_text(REPLY)
    mine.get_by_role("link", name=case.title).click()
    expect(sanne.get_by_role("region", name="Je signaal voor beleid")).to_contain_text(REPLY)
    screenshot(sanne, "72-antwoord-van-beleid")


def test_teamleider_sees_teaminzicht_with_charts_and_sets_a_budget(demo, new_page, tmp_path):
    from django.core.management import call_command

    call_command("seed_demo", cases=300, teams=2, verbosity=0)
    page = new_page()
    login(page, "bench1-leider", password="bench-wachtwoord-2026")  # noqa: S106
    page.get_by_role("link", name="Teaminzicht").first.click()
    expect(page.get_by_role("heading", name="Teaminzicht", level=1)).to_be_visible()
    chart = page.get_by_role("img", name="Besluiten per maand, gestapeld per uitkomst")
    expect(chart).to_be_visible()
    expect(page.locator("svg.insight-chart rect").first).to_be_attached()
    page.get_by_label("Regeling", exact=True).first.select_option(index=1)
    page.get_by_role("button", name="Toon").click()
    expect(page).to_have_url(re.compile(r"regeling=\d+"))

    form = page.get_by_role("group", name="Budget per regeling zetten")
    form.get_by_label("Regeling").select_option(index=1)
    form.get_by_label("Budget per jaar (€)").fill("veel")
    page.get_by_role("button", name="Budget opslaan").click()
    expect(page.get_by_text("Vul een bedrag in euro")).to_be_visible()
    expect(page.get_by_label("Budget per jaar (€)")).to_have_value("veel")
    page.get_by_label("Budget per jaar (€)").fill("25.000")
    page.get_by_role("button", name="Budget opslaan").click()
    expect(page.get_by_text(re.compile("Het budget voor .* is opgeslagen"))).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("met het budget als streep"))).to_be_visible()
    expect(page.get_by_text("€ 25.000,00")).to_be_visible()
    mensbeeld = page.get_by_role("region", name="Mensbeeld naast uitkomst")
    expect(mensbeeld.get_by_role("table").first).to_be_visible()
    screenshot(page, "73-teaminzicht")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download als CSV: per regeling").click()
    path = tmp_path / "per-regeling.csv"
    download.value.save_as(path)
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("Regeling;Besluiten;")
    assert len(lines) >= 2


def test_teaminzicht_fits_a_phone(demo, new_page):
    from django.core.management import call_command

    call_command("seed_demo", cases=120, teams=1, verbosity=0)
    page = new_page(viewport={"width": 390, "height": 844})
    login(page, "bench1-leider", password="bench-wachtwoord-2026")  # noqa: S106
    page.goto("/teaminzicht/")
    expect(page.get_by_role("img", name="Besluiten per maand, gestapeld per uitkomst")
           ).to_be_visible()
    # Nothing pushes the page sideways: wide tables scroll inside their own box.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "74-teaminzicht-telefoon")
    # Keyboard: the period filter and its button are reachable and work without a mouse.
    page.get_by_label("Regeling", exact=True).first.focus()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Toon")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"\?van=.*regeling="))


def test_beleidsmaker_sees_all_teams_summarised_and_paged(demo, new_page, monkeypatch):
    """Issue 18: with many teams the beleidsmaker reads how far apart they lie per regeling,
    then the rows per team a page at a time; the figures say when they were counted."""
    from django.core.management import call_command

    monkeypatch.setattr("insight.views.SPREAD_PAGE", 3)
    call_command("seed_demo", cases=600, teams=3, verbosity=0)
    page = new_page()
    login(page, "beleidsmaker")
    page.get_by_role("link", name="Teaminzicht").first.click()
    expect(page.get_by_text(re.compile(r"Geteld om \d\d:\d\d"))).to_be_visible()
    spread = page.get_by_role("region", name="Hoe ver de teams uit elkaar liggen")
    expect(spread.get_by_role("columnheader", name="Middelste aandeel")).to_be_visible()
    expect(spread.get_by_role("rowheader").first).to_be_visible()
    rows = page.get_by_role("region", name="Aandeel maatwerk per regeling")
    expect(rows.get_by_text(re.compile(r"rij 1 tot en met 3 van \d+"))).to_be_visible()
    screenshot(page, "78-teaminzicht-alle-teams")
    nav = page.get_by_role("navigation", name="Pagina's van de spreiding")
    nav.get_by_role("link", name=re.compile("Volgende")).click()
    expect(page).to_have_url(re.compile(r"spreiding=2#spreiding-rijen$"))
    expect(rows.get_by_text(re.compile(r"rij 4 tot en met 6 van \d+"))).to_be_visible()
