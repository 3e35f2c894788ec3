"""Shared fixtures: the card book, the usual cast of users, cases, and a real browser.

Tests run on whatever DATABASE_URL says (PostgreSQL in CI, SQLite by default), against real
WeasyPrint and a real chromium (/usr/bin/chromium through Playwright).
"""

import os
import re
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

from accounts.roles import BEHEERDER, BELEIDSMAKER, CASEMANAGER, TEAMLEIDER
from cards.models import CardSet
from tests.factories import CaseFactory, TeamFactory, UserFactory

# Playwright's sync API runs an event loop in the test thread; the database calls of the
# test's own fixtures are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "docs" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(autouse=True)
def insight_cache_per_test(settings):
    """The beleidsmaker's figures are cached for a quarter (settings.CACHES["insight"], a
    database table). A browser test's live server commits, and a flush does not empty that
    table, so each test gets an empty cache in memory instead; tests/insight tests the
    database cache itself."""
    from django.core.cache import caches

    settings.CACHES = {**settings.CACHES, "insight": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "insight"}}
    yield
    caches["insight"].clear()


@pytest.fixture(autouse=True)
def page_cache_per_test(request, settings):
    """Walk pages are kept while the database's row versions (``xmin``) say nothing changed
    (cases.page_cache). Inside one test transaction every write has the same transaction
    id, so an update would not show: tests that run in one transaction render every page.
    Browser tests (a live server commits each request) and tests marked ``page_cache``
    (transactional) use it as a deployment does."""
    from django.core.cache import caches

    settings.MAATWERK_PAGE_CACHE = ("live_server" in request.fixturenames
                                    or request.node.get_closest_marker("page_cache")
                                    is not None)
    caches["pages"].clear()
    yield
    caches["pages"].clear()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the booklet's card book, loaded by the real command."""
    with django_db_blocker.unblock():
        call_command("load_cardbook", verbosity=0)


@pytest.fixture
def cardbook(db):
    """The active card set (loaded again after a transactional test flushed the tables)."""
    if not CardSet.objects.filter(is_active=True).exists():
        call_command("load_cardbook", verbosity=0)
    return CardSet.objects.get(is_active=True)


def make_user(username, role, teams=(), **extra):
    return UserFactory(username=username, role=role, teams=list(teams), **extra)


class Cast:
    """The usual people: two casemanagers of Centrum, one of Noord (the outsider), the
    teamleider of Centrum, a beleidsmaker and a functioneel beheerder."""

    def __init__(self):
        self.centrum = TeamFactory(name="Wijkteam Centrum")
        self.noord = TeamFactory(name="Wijkteam Noord")
        self.casemanager = make_user("casemanager", CASEMANAGER, [self.centrum])
        self.colleague = make_user("casemanager2", CASEMANAGER, [self.centrum])
        self.outsider = make_user("casemanager3", CASEMANAGER, [self.noord])
        self.teamleider = make_user("teamleider", TEAMLEIDER, [self.centrum])
        self.beleidsmaker = make_user("beleidsmaker", BELEIDSMAKER)
        self.beheerder = make_user("beheerder", BEHEERDER, is_staff=True)

    def new_case(self, owner=None, title="Schuld door te late melding", **fields):
        """A case of ``owner`` (the casemanager by default); traits as in CaseFactory."""
        return CaseFactory(owner=owner or self.casemanager, title=title, **fields)


@pytest.fixture
def cast(cardbook):
    return Cast()


@pytest.fixture
def case(cast):
    return cast.new_case(inwoner_ref="DOS-1", buikpijn="Dit voelt niet goed.")


@pytest.fixture
def client_for(client):
    """client_for(user) → the test client, logged in as that user."""

    def login(user):
        client.force_login(user)
        return client

    return login


# --- Real browser ---------------------------------------------------------------------------

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic", "--lang=nl-NL"]


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium (make system-deps)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                              args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def demo(transactional_db, settings):
    """The same demo data `make run` loads, in a database the live server can see."""
    settings.AXES_ENABLED = True
    call_command("load_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115


@pytest.fixture
def new_page(browser, live_server):
    """new_page() → a fresh browser context (its own cookies) with one page.

    Every console message is kept; a Content-Security-Policy violation fails the test."""
    contexts, console = [], []

    def make(viewport=None, javascript=True):
        context = browser.new_context(
            base_url=live_server.url, locale="nl-NL", timezone_id="Europe/Amsterdam",
            viewport=viewport or {"width": 1280, "height": 900},
            java_script_enabled=javascript,
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.on("console", lambda message: console.append(
            f"{message.text} @ {message.location.get('url')}:{message.location.get('lineNumber')}"))
        return page

    yield make
    for context in contexts:
        context.close()
    violations = [m for m in console if "Content Security Policy" in m or "Refused to" in m]
    assert not violations, violations


def login(page, username, password="demo"):  # noqa: S107 - the demo password
    page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/")


def write_precedent(page, situation="Alleenstaande ouder met schulden; een fout van de "
                    "overheid bracht haar in de problemen."):
    """Besluit, part 4: the anonymous precedent card, by its labels. Each field's autosave is
    awaited (the live server shares SQLite's in-memory connection between its threads, so
    requests must not overlap)."""
    from playwright.sync_api import expect

    page.get_by_role("link", name=re.compile("Casuïstiek voor collega")).first.click()
    for label, name, text in (
            ("Situatie", "precedent_situation", situation),
            ("Vraag", "precedent_question", "Afzien van terugvordering."),
            ("Besluit", "precedent_decision", "Niet teruggevorderd."),
            ("Wat gaf de doorslag", "precedent_decisive",
             "Terugvorderen liet de schuldregeling stranden.")):
        page.get_by_label(label, exact=True).fill(text)
        expect(page.locator(f"#status-{name}")).to_contain_text("Opgeslagen", timeout=10_000)


def screenshot(page, name, full_page=True):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """Hashing passwords with PBKDF2 costs ~0.2 s per user; tests need no strong hashes."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def zaaksysteem(settings):
    """A zaaksysteem on localhost that checks every request against the ZGW specs
    (tests/zaaksysteem/zgw_server.py), with the app configured to send to it."""
    from tests.zaaksysteem.zgw_server import Zaaksysteem

    system = Zaaksysteem().start()
    system.settings(settings)
    yield system
    system.stop()
    assert not system.problems, system.problems  # every request met the specs


def download_pdf(client, case):
    """The verantwoording as a user gets it: a PDF that is not kept yet is made by the
    background worker's task while the user waits on "wordt gemaakt"; then the download is
    served."""
    from django.urls import reverse

    from cases.pdf_cache import prepare_pdf

    url = reverse("cases:pdf", args=[case.pk])
    response = client.get(url)
    if response.status_code == 302 and "/verantwoording/" in response["Location"]:
        prepare_pdf.call(case.pk)  # what the worker runs (the worker itself: test_pdf_cache)
        assert "Je verantwoording is klaar." in client.get(response["Location"]).content.decode()
        response = client.get(url)
    return response
