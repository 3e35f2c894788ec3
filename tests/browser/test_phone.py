"""A phone (390 × 844): no page scrolls sideways (issue 16, item 3).

Every kind of page the accessibility test visits is opened at 390 px wide, as each role;
the document may not be wider than the window."""

import pytest

from cases.models import Case
from policy.models import PolicyQuestion
from tests.browser.test_accessibility import pages_for
from tests.conftest import login, screenshot

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def test_no_page_scrolls_sideways_on_a_phone(demo, new_page):
    case = Case.objects.get(status="concept")  # the demo walk in progress
    decided = Case.objects.get(status="besloten")  # the demo's earlier decision
    wide = {}
    question = PolicyQuestion.objects.get()  # the demo's beleidsvraag
    for username, urls in pages_for(case, question).items():
        page = new_page(viewport=PHONE)
        login(page, username)
        if username == "casemanager":
            urls = [*urls, f"/casussen/{decided.pk}/versies/1/",
                    f"/casussen/{decided.pk}/versies/1/1/"]
        for url in urls:
            page.goto(url)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > PHONE["width"]:
                wide[url] = width
        if username == "casemanager":
            page.goto(f"/casussen/{case.pk}/verkennen/?deel=opties")
            screenshot(page, "50-telefoon-verkennen", full_page=False)
            # The header, the case and the steps leave room on the first screen for the
            # step itself: its heading and the start of what you do there (the heading
            # ended below the first screen before, at over 844 px; now at about 650).
            heading = page.get_by_role("heading", name="3. Verkennen").bounding_box()
            assert heading["y"] + heading["height"] < PHONE["height"] * 0.8, heading
    assert not wide, ", ".join(f"{url} {px}px" for url, px in sorted(wide.items()))
