"""Short pages on a desktop (1366 × 900): no walk page longer than about 2.5 screens
(issue 16, item 2).

Every page of the walk of the demo case is opened as its casemanager; the document may not
be taller than LIMIT screens. The demo case is filled in as a professional would halfway:
marked signals with notes, answered questions, three options with cost lines, weighed
arguments with reasons. Measured on this case (docs/accessibility.md, "Page lengths") the
longest page is 2.6 screens; LIMIT leaves a little room for a longer title or a longer
option name, and fails when a page grows back towards the 3–6 screens it used to be."""

import pytest

from cases.models import Case
from tests.conftest import login

pytestmark = pytest.mark.browser
DESKTOP = {"width": 1366, "height": 900}
LIMIT = 2.75  # screens


def walk_pages(case):
    base = f"/casussen/{case.pk}"
    option = case.options.get(kind="maatwerk")
    themes = [f"{base}/afwegen/{option.pk}/thema/{theme}/"
              for theme in ("welzijn", "bestuur", "uitvoering", "financien", "principes")]
    return [f"{base}/casus/", f"{base}/signalen/", f"{base}/signalen/?kolom=uitvoerder",
            f"{base}/verkennen/", f"{base}/verkennen/?deel=opties",
            f"{base}/verkennen/?deel=vergelijken", *themes, f"{base}/afwegen/{option.pk}/",
            f"{base}/afwegen/mensbeeld/", f"{base}/besluit/", f"{base}/besluit/doorslag/",
            f"{base}/besluit/vervolg/", f"{base}/besluit/casuistiek/"]


def test_no_walk_page_is_longer_than_about_two_and_a_half_screens(demo, new_page):
    case = Case.objects.get(status="concept")  # the demo walk in progress
    decided = Case.objects.get(status="besloten")  # the demo's earlier decision, with Na
    page = new_page(viewport=DESKTOP)
    login(page, "casemanager")
    heights = {}
    for url in [*walk_pages(case), f"/casussen/{decided.pk}/na/"]:
        page.goto(url)
        assert page.url.endswith(url.split("/casussen/")[1]), (url, page.url)  # no redirect
        heights[url] = page.evaluate("document.documentElement.scrollHeight")
    too_long = {url: f"{px / DESKTOP['height']:.2f} screens" for url, px in heights.items()
                if px > LIMIT * DESKTOP["height"]}
    assert not too_long, too_long
    # The page is as long as the work, not as the panels beside it: the aside scrolls on
    # its own and stays in view.
    page.goto(f"/casussen/{case.pk}/besluit/")
    aside = page.locator("aside.aside")
    assert aside.evaluate("a => getComputedStyle(a).position") == "sticky"
    assert aside.bounding_box()["height"] <= DESKTOP["height"]
