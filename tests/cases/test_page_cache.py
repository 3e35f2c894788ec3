"""Walk pages kept while nothing they show changed (cases.page_cache, issue 18).

These tests commit (a deployment's requests each run in their own transaction, and the
stamp reads the row versions those transactions wrote), so they run on PostgreSQL only; on
SQLite every page is rendered (``test_sqlite_renders_every_page``).
"""

import re

import pytest
from django.apps import apps
from django.core.cache import caches
from django.db import connection, models
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import TeamFrameAnswer
from accounts.roles import CASEMANAGER
from cases import page_cache
from cases.models import ArgumentWeight, Case, Option, OptionKind, Regeling, SignalMark
from privacy.models import AccessLogEntry
from reviews.models import Comment
from tests.factories import APPROVED, DECIDED, UserFactory, advance
from tests.precedents.test_similar import signals

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql",
                                   reason="the stamp reads PostgreSQL's row versions (xmin)")
pytestmark = [pytest.mark.page_cache, pytest.mark.django_db(transaction=True)]

TOKEN = re.compile(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")([^"]+)')


def urls(case):
    option = case.options.filter(kind=OptionKind.MAATWERK).first()
    step = lambda name: reverse("cases:step", args=[case.pk, name])  # noqa: E731
    return {
        "casus": step("casus"), "signalen": step("signalen"), "verkennen": step("verkennen"),
        "opties": step("verkennen") + "?deel=opties", "besluit": step("besluit"),
        "afwegen": reverse("cases:weigh_theme", kwargs={
            "pk": case.pk, "option_pk": option.pk, "theme": "welzijn"}),
        "afwegen, alle thema's": reverse("cases:weigh", args=[case.pk, option.pk]),
        "afwegen, de stap": step("afwegen"),  # shows the first theme itself
    }


def team_question(case):
    """The key of a question of the team's frame (Vóór, not a personal one)."""
    from accounts.models import is_personal_question
    from cards.models import CardKind
    from cards.services import card_view

    voor = next(s for s in card_view(case.card_set, CardKind.VRAGEN).sections
                if s.key == "voor")
    return next(item.key for cluster in voor.clusters.all() for item in cluster.items.all()
                if not is_personal_question(item.key))


def without_tokens(html):
    return TOKEN.sub(r"\1…", html)


def get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


@pytest.fixture
def wmo(cardbook):
    return Regeling.objects.create(name="Wmo")


def decided(cast, wmo, title):
    earlier = cast.new_case(title=title, regeling_ids=[wmo.pk])
    signals(earlier, 0, 1)
    return advance(earlier, APPROVED)


@pytest.fixture
def walk(cast, client_for, wmo):
    """A decided case of the casemanager (every step filled in, two signals marked), an
    earlier approved case of the team under the same regeling (a similar decision beside
    it) and the casemanager's client."""
    decided(cast, wmo, "Eerder besluit over schuld door te late melding")
    case = cast.new_case(regeling_ids=[wmo.pk])
    signals(case, 0, 1)
    advance(case, DECIDED)
    Case.objects.filter(pk=case.pk).update(status="concept")  # back to editable
    return Case.objects.get(pk=case.pk), client_for(cast.casemanager)


@on_postgresql
def test_a_kept_page_is_the_same_page_for_a_fraction_of_the_work(walk):
    case, client = walk
    for name, url in urls(case).items():
        first, built = get(client, url)
        again, kept = get(client, url)
        assert without_tokens(again) == without_tokens(first), name
        # Kept: session, user, teams, the case, permissions (2), the logboek entry, the stamp,
        # and the similar cases logged again on the steps that show them.
        assert kept <= 11 < built, (name, kept, built)


@on_postgresql
@pytest.mark.parametrize("change, shown", [
    ("title", "Een nieuwe titel van de casus"),
    ("title (QuerySet.update)", "Een titel buiten de ORM-save om"),
    ("signal note (QuerySet.update)", None),
    ("option renamed", "Een andere naam voor de optie"),
    ("comment", "Een opmerking van de teamleider"),
    ("team frame", "Ons kader in een nieuwe zin"),
])
def test_every_change_shows_at_once(walk, cast, change, shown):
    case, client = walk
    pages = urls(case)
    before = {name: get(client, url)[0] for name, url in pages.items()}
    if change == "title":
        case.title = shown
        case.save()
    elif change == "title (QuerySet.update)":
        Case.objects.filter(pk=case.pk).update(title=shown)
    elif change == "signal note (QuerySet.update)":
        assert SignalMark.objects.filter(case=case).update(note="Een andere notitie")
    elif change == "option renamed":
        Option.objects.filter(case=case, kind=OptionKind.MAATWERK).update(title=shown)
    elif change == "comment":
        Comment.objects.create(case=case, revision=case.revision, author=cast.teamleider,
                               target="case", text=shown)
    elif change == "team frame":
        TeamFrameAnswer.objects.update_or_create(
            team=case.team, question_key=team_question(case), defaults={
                "text": shown, "updated_by": cast.teamleider})
    after = {}
    for name, url in pages.items():
        after[name], queries = get(client, url)
        assert queries > 11, (change, name)  # rendered anew, not kept
    if shown:
        assert any(shown in html and shown not in before[name] for name, html in after.items())


@on_postgresql
def test_a_decision_elsewhere_renews_the_similar_decisions(walk, cast, wmo):
    case, client = walk
    url = urls(case)["besluit"]
    get(client, url)
    decided(cast, wmo, "Nog een besluit over schuld door te late melding")
    again, queries = get(client, url)
    assert queries > 11  # rendered anew
    assert "Nog een besluit over schuld" in again


@on_postgresql
def test_a_user_who_left_the_team_gets_no_kept_page(walk, cast):
    case, client = walk
    get(client, urls(case)["casus"])
    cast.casemanager.teams.clear()
    assert client.get(urls(case)["casus"]).status_code == 404


@on_postgresql
def test_a_kept_page_logs_the_read_again(walk):
    case, client = walk
    url = urls(case)["besluit"]
    start = AccessLogEntry.objects.count()
    get(client, url)
    built = list(AccessLogEntry.objects.order_by("pk")[start:].values_list(
        "action", "case_id", "purpose"))
    assert len(built) >= 2  # the case read, and the similar case of the own team shown
    middle = AccessLogEntry.objects.count()
    get(client, url)
    kept = list(AccessLogEntry.objects.order_by("pk")[middle:].values_list(
        "action", "case_id", "purpose"))
    assert kept == built


@on_postgresql
def test_a_kept_page_carries_the_token_of_the_session_that_reads_it(walk, cast):
    case, client = walk
    url = urls(case)["casus"]
    other = Client(enforce_csrf_checks=True)
    other.force_login(cast.casemanager)  # a login is a change of the user: before the page
    get(client, url)
    html, queries = get(other, url)
    assert queries <= 11  # kept
    assert page_cache.CSRF_MARK not in html
    token = TOKEN.search(html).group(2)
    response = other.post(url, {"csrfmiddlewaretoken": token, "title": "Met een nieuw token",
                                "version": case.version})
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).title == "Met een nieuw token"


@on_postgresql
def test_a_message_is_shown_once_and_never_kept(walk):
    case, client = walk
    url = urls(case)["casus"]
    response = client.post(url, {"title": "Opgeslagen titel", "version": case.version},
                           follow=True)
    assert "Opgeslagen" in response.content.decode() or response.status_code == 200
    messages_html = re.findall(r'<ul class="messages">.*?</ul>', response.content.decode(),
                               re.S)
    again, _queries = get(client, url)
    assert '<ul class="messages">' not in again
    assert messages_html  # the plain save said so, once


@on_postgresql
def test_another_user_gets_their_own_page(walk, cast):
    case, client = walk
    url = urls(case)["casus"]
    get(client, url)
    reader = Client()
    reader.force_login(cast.teamleider)
    html, queries = get(reader, url)
    assert queries > 11  # not the casemanager's page
    assert str(cast.teamleider) in html


def test_every_table_that_points_at_a_case_is_stamped_or_named_as_not_shown():
    """A new model with a foreign key to a case is covered by the stamp, or has to be named
    in NOT_SHOWN on purpose; a hidden relation (related_name="+") is found too."""
    stamped = {table for (table, _column), _where in page_cache.case_tables()}
    for model in apps.get_models():
        if model._meta.label.startswith("cases.Historical") or "historical" in \
                model._meta.db_table:
            continue
        points = [f for f in model._meta.concrete_fields
                  if isinstance(f, models.ForeignKey) and f.related_model is Case]
        if points and model._meta.label not in page_cache.NOT_SHOWN:
            assert model._meta.db_table in stamped, model._meta.label


@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite only")
def test_sqlite_renders_every_page(walk):
    case, client = walk
    url = urls(case)["casus"]
    get(client, url)
    _again, again = get(client, url)
    assert again > 11  # rendered, not kept
    assert not caches["pages"]._cache  # nothing was kept


@on_postgresql
def test_a_new_casemanager_of_the_team_reads_their_own_page(walk, cast):
    case, client = walk
    get(client, urls(case)["casus"])
    newcomer = UserFactory(username="nieuw", role=CASEMANAGER, teams=[case.team])
    reader = Client()
    reader.force_login(newcomer)
    html, _queries = get(reader, urls(case)["casus"])
    assert str(newcomer) in html


@on_postgresql
def test_the_similar_decisions_are_kept_apart_from_the_page(walk, wmo):
    """A weight saved at Afwegen makes the page new, not the decisions found beside it; a
    change of what they are found from finds them anew."""
    case, client = walk
    url = urls(case)["afwegen"]
    get(client, urls(case)["casus"])  # the card set's views, read once per process
    first, _built = get(client, url)
    assert "Eerder besluit over schuld" in first
    ArgumentWeight.objects.filter(case=case).update(note="Gewogen na een gesprek")
    again, rendered = get(client, url)
    assert rendered > 11  # rendered anew
    assert without_tokens(again).count("Eerder besluit over schuld") == \
        without_tokens(first).count("Eerder besluit over schuld")
    Case.objects.filter(pk=case.pk).update(regeling_ids=[])
    Case.objects.filter(pk=case.pk).update(buikpijn="", request="", standard_outcome="")
    found_anew, queries = get(client, url)
    # the four queries that find the decisions (regelingen, text, signals, option kinds)
    assert queries >= rendered + 4, (queries, rendered)
    assert "Eerder besluit over schuld" not in found_anew


@on_postgresql
def test_a_change_just_before_the_stamp_is_not_kept_with_the_older_case(walk, monkeypatch):
    """A colleague saves between this request's read of the case and its stamp: the page
    kept under that (newer) stamp must show the change, so a miss reads the case again."""
    case, client = walk
    url = urls(case)["casus"]
    real = page_cache.stamp
    changed = "Intussen door een collega gewijzigd"

    def stamp_after_a_colleague_saved(found, user):
        Case.objects.filter(pk=found.pk).update(title=changed)  # a real, committed write
        monkeypatch.setattr(page_cache, "stamp", real)
        return real(found, user)

    monkeypatch.setattr(page_cache, "stamp", stamp_after_a_colleague_saved)
    first, _built = get(client, url)
    again, kept = get(client, url)
    assert kept <= 11
    assert changed in first and changed in again
