"""Reliability in a real browser: a failing save is visible and loses nothing; the walk works
without JavaScript."""

import re

import pytest
from django.db import OperationalError
from playwright.sync_api import expect

from cases.models import Case
from tests.conftest import login, screenshot

pytestmark = pytest.mark.browser


def test_a_database_error_during_autosave_shows_niet_opgeslagen(demo, new_page, monkeypatch):
    case = Case.objects.get(status="concept")  # the demo walk in progress
    page = new_page()
    login(page, "casemanager")
    page.goto(f"/casussen/{case.pk}/casus/")

    import cases.decision

    real = cases.decision.save_versioned

    def database_down(*args, **kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(cases.decision, "save_versioned", database_down)
    field = page.get_by_label("Buikpijn", exact=True)
    field.fill("Deze zin mag niet verloren gaan.")
    status = page.locator("#status-buikpijn")
    expect(status).to_contain_text("Niet opgeslagen: de opslag is even niet bereikbaar")
    expect(status).to_have_attribute("data-state", "error")
    expect(field).to_have_value("Deze zin mag niet verloren gaan.")
    screenshot(page, "30-niet-opgeslagen", full_page=False)

    monkeypatch.setattr(cases.decision, "save_versioned", real)
    field.fill("Deze zin mag niet verloren gaan. Nu wel bewaard.")
    expect(status).to_contain_text("Opgeslagen om")
    case.refresh_from_db()
    assert case.buikpijn == "Deze zin mag niet verloren gaan. Nu wel bewaard."


def test_an_expired_session_keeps_the_text_and_says_so(demo, new_page):
    case = Case.objects.get(status="concept")  # the demo walk in progress
    page = new_page()
    login(page, "casemanager")
    page.goto(f"/casussen/{case.pk}/casus/")
    page.context.clear_cookies(name="sessionid")  # the session ended; the CSRF cookie stays
    field = page.get_by_label("Buikpijn", exact=True)
    field.fill("Getypt na het verlopen van de sessie.")
    expect(page.locator("#status-buikpijn")).to_contain_text("je bent niet meer ingelogd")
    expect(field).to_have_value("Getypt na het verlopen van de sessie.")


def test_text_typed_before_the_scripts_are_ready_is_still_saved(demo, new_page):
    """On a slow connection you can type before htmx has bound its triggers; that text must
    not stay unsaved once the scripts arrive."""
    case = Case.objects.get(status="concept")  # the demo walk in progress
    page = new_page()
    login(page, "casemanager")
    held = []
    page.route("**/htmx.min.js", lambda route: held.append(route))  # held until released
    page.goto(f"/casussen/{case.pk}/casus/", wait_until="commit")
    field = page.get_by_label("Buikpijn", exact=True)
    field.fill("Getypt terwijl de pagina nog laadde.")
    page.wait_for_timeout(300)  # no script yet, so nothing can have been sent
    case.refresh_from_db()
    assert case.buikpijn != "Getypt terwijl de pagina nog laadde."
    assert held, "htmx was requested"
    held[0].continue_()
    expect(page.locator("#status-buikpijn")).to_contain_text("Opgeslagen om")
    case.refresh_from_db()
    assert case.buikpijn == "Getypt terwijl de pagina nog laadde."


def test_the_walk_works_without_javascript(demo, new_page):
    case = Case.objects.get(status="concept")  # the demo walk in progress
    page = new_page(javascript=False)
    login(page, "casemanager")
    page.goto(f"/casussen/{case.pk}/casus/")
    page.get_by_label("Buikpijn", exact=True).fill("Zonder JavaScript ingevuld.")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Opgeslagen.")).to_be_visible()
    page.goto(f"/casussen/{case.pk}/signalen/")
    page.get_by_role("checkbox", name="De inwoner stelt meerdere keren dezelfde vraag.").check()
    page.get_by_role("button", name="Signalen opslaan").click()
    expect(page.get_by_text("Opgeslagen.")).to_be_visible()
    expect(page.get_by_role("checkbox", name="De inwoner stelt meerdere keren dezelfde vraag.")
           ).to_be_checked()
    case.refresh_from_db()
    assert case.buikpijn == "Zonder JavaScript ingevuld."


def test_a_text_too_long_is_counted_and_refused_never_cut(demo, new_page):
    case = Case.objects.get(status="concept")  # the demo walk in progress
    page = new_page()
    login(page, "casemanager")
    page.goto(f"/casussen/{case.pk}/casus/")
    field = page.get_by_label("Buikpijn", exact=True)
    long_text = "Een heel lange tekst. " * 240  # 5 280 characters, the limit is 5 000
    field.fill(long_text)
    expect(page.get_by_text("Te lang: 5280 van de 5000 tekens.")).to_be_visible()
    expect(page.locator("#status-buikpijn")).to_contain_text("Niet opgeslagen")
    expect(field).to_have_value(long_text)  # nothing cut
    field.fill("Korter nu.")
    expect(page.get_by_text("Te lang:")).to_have_count(0)
    expect(page.locator("#status-buikpijn")).to_contain_text("Opgeslagen om")


def test_a_dropped_connection_on_afwegen_is_shown_at_that_argument(demo, new_page):
    """Afwegen's fields inherit their target from the theme's form (next .save-status):
    "Opslaan…" and "Niet opgeslagen" still land in the argument's own status line."""
    case = Case.objects.get(status="concept")  # the demo walk in progress
    option = case.options.get(kind="maatwerk")
    page = new_page()
    login(page, "casemanager")
    page.goto(f"/casussen/{case.pk}/afwegen/{option.pk}/thema/bestuur/")
    argument = page.locator(".argument").first
    # "Waarom hier?" appears once a weight is chosen.
    expect(argument.get_by_text("Waarom hier?")).to_be_hidden()
    argument.get_by_label("zwaar").check()
    weight_status = argument.locator(".save-status").first
    expect(weight_status).to_contain_text("Opgeslagen om")
    argument.get_by_text("Waarom hier?").click()
    note = argument.get_by_role("textbox")
    status = argument.locator(".save-status").last
    page.route("**/thema/bestuur/", lambda route: route.abort()
               if route.request.method == "POST" else route.continue_())
    note.fill("Dit mag niet verloren gaan.")
    expect(status).to_contain_text("Niet opgeslagen: geen verbinding")
    expect(status).to_have_attribute("data-state", "error")
    expect(weight_status).to_contain_text("Opgeslagen om")  # the weight's line is untouched
    page.unroute("**/thema/bestuur/")
    note.fill("Dit mag niet verloren gaan. Nu bewaard.")
    expect(status).to_contain_text("Opgeslagen om")
    # Back to "niet bekeken": no longer framed as weighed; the written reason stays in view.
    expect(argument).to_have_class(re.compile(r"\bis-weighed\b"))
    argument.get_by_label("niet bekeken").check()
    expect(argument).not_to_have_class(re.compile(r"\bis-weighed\b"))
    expect(note).to_be_visible()


def test_one_afwegen_theme_by_keyboard_only_saves_each_weight_once(demo, new_page):
    """Issue 16, items 6-7: arrowing through a weight saves only where the choice settles;
    the note opens and saves by keyboard; the next argument is one Tab group further."""
    from cases.models import ArgumentWeight

    case = Case.objects.get(status="concept")  # the demo walk in progress
    option = case.options.get(kind="maatwerk")
    page = new_page()
    login(page, "casemanager")
    page.goto(f"/casussen/{case.pk}/afwegen/{option.pk}/thema/bestuur/")
    first = page.locator(".argument").first
    first.locator("input[type='radio']:checked").focus()  # "niet bekeken"
    for _ in range(3):  # n.v.t., licht, gemiddeld
        page.keyboard.press("ArrowRight")
    expect(first.get_by_label("gemiddeld")).to_be_checked()
    expect(first.locator(".save-status").first).to_contain_text("Opgeslagen om")
    item_weights = ArgumentWeight.objects.filter(option=option)
    weight = item_weights.get(item__key=first.get_attribute("id").removeprefix(
        "argument-").replace("_", "."))
    assert weight.weight == "gemiddeld"
    assert weight.history.count() == 1  # one save, not one per arrow
    page.keyboard.press("Tab")  # to "Waarom hier?"
    page.keyboard.press("Enter")  # opens it
    page.keyboard.press("Tab")  # into the note
    page.keyboard.type("Gewogen met het toetsenbord.")
    expect(first.locator(".save-status").last).to_contain_text("Opgeslagen om")
    page.keyboard.press("Tab")  # the comment link
    page.keyboard.press("Tab")  # the next argument's weights
    page.keyboard.press("ArrowRight")
    second = page.locator(".argument").nth(1)
    expect(second.get_by_label("n.v.t.")).to_be_checked()
    expect(second.locator(".save-status").first).to_contain_text("Opgeslagen om")
    weight.refresh_from_db()
    assert weight.note == "Gewogen met het toetsenbord."
