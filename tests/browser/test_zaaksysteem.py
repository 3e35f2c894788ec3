"""The verantwoording reaches the zaaksysteem, seen in a real browser (issue 15, part 2): the
casemanager gives the zaak, the teamleider approves, the real background worker sends it to a
zaaksysteem on localhost that checks every request against the ZGW specs, and the case and the
casemanager's home say "Verzonden" with the zaaksysteem's URLs."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from cases.models import Case
from tests.conftest import login, screenshot
from tests.factories import SUBMITTED, advance
from tests.zaaksysteem.zgw_server import ZAAK_ID
from zaaksysteem.models import Transfer

pytestmark = pytest.mark.browser


def test_an_approved_case_is_sent_and_shows_verzonden(demo, zaaksysteem, new_page):
    sanne = new_page()
    login(sanne, "casemanager")
    sanne.get_by_role("link", name="Nieuwe casus").first.click()
    sanne.get_by_label("Titel").fill("Kwijtschelding na fout van de gemeente")
    sanne.get_by_label("Inwonerreferentie").fill("DOS-2026-0915")
    sanne.get_by_role("button", name="Casus aanmaken").click()
    expect(sanne.get_by_role("heading", level=1)).to_contain_text("Kwijtschelding")
    zaak = sanne.get_by_label("Zaak in het zaaksysteem")
    zaak.fill(ZAAK_ID)
    expect(sanne.locator("#status-zaak_reference")).to_contain_text("Opgeslagen")
    # The walk itself is covered by test_walk; here the decision is completed and offered for
    # review as its owner would, through the services.
    case = Case.objects.get(title="Kwijtschelding na fout van de gemeente")
    assert case.zaak_reference == ZAAK_ID
    advance(case, SUBMITTED, outcome="maatwerk")

    marieke = new_page()
    login(marieke, "teamleider")
    marieke.goto(f"/casussen/{case.pk}/samenvatting/")
    marieke.get_by_role("button", name="Goedkeuren").click()
    expect(marieke.get_by_text("Goedgekeurd. De afweging is nu besloten")).to_be_visible()

    # Queued at approval, not sent in the request.
    sanne.goto(f"/casussen/{case.pk}/samenvatting/")
    panel = sanne.get_by_role("region", name="Zaaksysteem")
    expect(panel).to_contain_text("In de wachtrij")
    assert zaaksysteem.posts() == []

    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    transfer = Transfer.objects.get(case=case)
    assert transfer.status == Transfer.Status.SENT, transfer.error

    sanne.reload()
    expect(panel).to_contain_text("Verzonden")
    for url in (zaaksysteem.zaak_url, transfer.document_url, transfer.besluit_url):
        expect(panel.get_by_role("link", name=url)).to_be_visible()
    width = sanne.evaluate("document.querySelector('#zaaksysteem').scrollWidth")
    assert width <= sanne.evaluate("document.querySelector('#zaaksysteem').clientWidth")
    screenshot(sanne, "62-verzonden-naar-zaaksysteem", full_page=False)
    sanne.goto("/")
    home = sanne.get_by_role("region", name="Naar het zaaksysteem")
    expect(home.get_by_role("listitem").filter(has_text=case.title)).to_contain_text(
        re.compile("herziening 1 · Verzonden"))
