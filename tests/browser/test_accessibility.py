"""WCAG 2.1 AA, checked by axe-core in a real browser on every kind of page.

axe-core (vendored under tests/browser/vendor, never served by the app) is injected into
each page; the test fails on any violation of the WCAG 2.0/2.1 A and AA rules."""

import pytest

from cases.models import Case
from policy.models import PolicyQuestion
from tests.conftest import ROOT, login

pytestmark = pytest.mark.browser

AXE = (ROOT / "tests" / "browser" / "vendor" / "axe-core" / "axe.min.js").read_text()
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def violations(page):
    page.add_script_tag(content=AXE)
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})",
                           TAGS)
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
            for v in result["violations"]]


def pages_for(case, question):
    walk = [f"/casussen/{case.pk}/{step}/" for step in
            ("casus", "signalen", "verkennen", "besluit", "besluit/doorslag", "besluit/vervolg",
             "besluit/casuistiek", "afwegen/mensbeeld")]
    option = case.options.get(kind="maatwerk")
    return {
        "casemanager": ["/", "/casussen/", "/casussen/nieuw/", *walk,
                        f"/casussen/{case.pk}/afwegen/{option.pk}/",
                        f"/casussen/{case.pk}/verkennen/?deel=opties",
                        f"/casussen/{case.pk}/signalen/?kolom=uitvoerder",
                        f"/casussen/{case.pk}/afwegen/{option.pk}/thema/welzijn/",
                        f"/casussen/{case.pk}/opmerkingen/?over=item:a01.1",
                        f"/casussen/{case.pk}/samenvatting/",
                        f"/casussen/{case.pk}/verantwoording/",
                        f"/casussen/{case.pk}/geschiedenis/", f"/casussen/{case.pk}/versies/",
                        f"/casussen/{case.pk}/advies/", "/teamkader/", "/kaarten/",
                        "/kaarten/signalen/", "/kaarten/argumenten/", "/kaarten/begrippen/",
                        "/precedenten/", "/wachtwoord/"],
        "teamleider": ["/te-beoordelen/", "/signalen-voor-beleid/", "/teaminzicht/"],
        "beleidsmaker": ["/", "/beleid/signalen/", "/beleid/vragen/", "/beleid/vragen/nieuw/",
                         f"/beleid/vragen/{question.pk}/",
                         f"/beleid/vragen/{question.pk}/geschiedenis/"],
        "beheerder": ["/logboek/", "/inzageverzoek/"],
    }


def test_every_page_meets_wcag_2_1_aa(demo, browser, live_server):
    case = Case.objects.get(status="concept")  # the demo walk in progress
    found = {}
    context = browser.new_context(base_url=live_server.url, bypass_csp=True, locale="nl-NL")
    page = context.new_page()
    page.goto("/inloggen/")
    found["/inloggen/"] = violations(page)
    question = PolicyQuestion.objects.get()  # the demo's beleidsvraag
    for username, urls in pages_for(case, question).items():
        context.clear_cookies()
        login(page, username)
        for url in urls:
            page.goto(url)
            found[url] = violations(page)
    context.close()
    problems = {url: v for url, v in found.items() if v}
    assert not problems, problems
