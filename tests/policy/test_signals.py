"""Solven with a reply: a structural problem raised with a decision becomes a signal at
approval; a beleidsmaker takes it up and answers; the casemanager sees the answer."""

import io

import pytest
from django.db import connection
from django.urls import reverse

from cases.models import Regeling
from policy.models import StructuralSignal
from privacy.models import AccessLogEntry
from reviews import services as reviews
from tests.factories import advance, complete_decision

pytestmark = pytest.mark.django_db
postgres_only = pytest.mark.skipif(connection.vendor != "postgresql",
                                   reason="the query plan is PostgreSQL's")

TEXT = "De kostendelersnorm raakt elk gezin waar een volwassen kind tijdelijk terugkomt."


def structural_case(cast, stage=3, regeling=None, structural="solven", owner=None):
    regeling = regeling or Regeling.objects.get_or_create(name="Participatiewet")[0]
    case = cast.new_case(owner=owner, regeling_ids=[regeling.pk], structural=structural,
                         inwoner_ref="DOS-SIGNAAL",
                         structural_description=TEXT if structural == "solven" else "")
    complete_decision(case, case.owner)
    if stage >= 2:
        reviews.submit(case, case.owner)
    if stage >= 3:
        reviews.approve(case, cast.teamleider)
    return case


def test_only_an_approved_solven_decision_becomes_a_signal(cast):
    under_review = structural_case(cast, stage=2)
    assert not StructuralSignal.objects.filter(case=under_review).exists()
    fixen = structural_case(cast, structural="fixen")
    assert not StructuralSignal.objects.filter(case=fixen).exists()
    approved = structural_case(cast)
    signal = StructuralSignal.objects.get(case=approved)
    assert (signal.description, signal.status, signal.raised_by, signal.team) == (
        TEXT, "nieuw", cast.casemanager, cast.centrum)
    assert signal.regeling.name == "Participatiewet"


def test_the_loop_from_signal_to_reply_and_back(cast, client):
    case = structural_case(cast)
    signal = StructuralSignal.objects.get(case=case)
    client.force_login(cast.beleidsmaker)
    page = client.get(reverse("policy:signals")).content.decode()
    assert TEXT[:40] in page and "Participatiewet" in page
    assert AccessLogEntry.objects.filter(actor=cast.beleidsmaker, case_id=case.pk).exists()
    url = reverse("policy:signal", args=[signal.pk])
    page = client.get(url).content.decode()
    assert TEXT in page and case.title not in page and "DOS-SIGNAAL" not in page

    # Taking it up: the owner is the beleidsmaker who saves.
    response = client.post(url, {"status": "in_behandeling", "regeling": signal.regeling_id,
                                 "owner": "", "reply": "", "version": 1})
    assert response.status_code == 302
    signal.refresh_from_db()
    assert (signal.status, signal.owner, signal.replied_at) == (
        "in_behandeling", cast.beleidsmaker, None)

    # Answered without a reply: refused, in Dutch, nothing lost.
    response = client.post(url, {"status": "overgenomen", "regeling": signal.regeling_id,
                                 "owner": cast.beleidsmaker.pk, "reply": " ", "version": 2})
    assert response.status_code == 400
    assert "Schrijf een antwoord aan de casemanager" in response.content.decode()
    reply = "We passen de beleidsregel per 1 januari aan: tijdelijk inwonen telt niet mee."
    # A stale version (someone saved in between) is refused too.
    response = client.post(url, {"status": "overgenomen", "regeling": signal.regeling_id,
                                 "owner": cast.beleidsmaker.pk, "reply": reply, "version": 1})
    assert response.status_code == 400 and reply in response.content.decode()
    response = client.post(url, {"status": "overgenomen", "regeling": signal.regeling_id,
                                 "owner": cast.beleidsmaker.pk, "reply": reply, "version": 2})
    assert response.status_code == 302
    signal.refresh_from_db()
    assert signal.status == "overgenomen" and signal.reply == reply and signal.replied_at

    # Back to the casemanager: on the case and at home.
    client.force_login(cast.casemanager)
    summary = client.get(reverse("cases:summary", args=[case.pk])).content.decode()
    assert "Je signaal voor beleid" in summary and reply in summary and "Overgenomen" in summary
    home = client.get(reverse("home")).content.decode()
    assert "Je signalen voor beleid" in home and reply in home


def test_filters_and_grouping_by_regeling_and_status(cast, client):
    wmo = Regeling.objects.create(name="Wmo 2015")
    structural_case(cast)
    second = structural_case(cast, regeling=wmo)
    StructuralSignal.objects.filter(case=second).update(status="niet_overgenomen")
    client.force_login(cast.beleidsmaker)
    page = client.get(reverse("policy:signals")).content.decode()
    assert '<h2 id="groep-1">Participatiewet</h2>' in page and "Wmo 2015</h2>" in page
    page = client.get(reverse("policy:signals"), {"status": "nieuw"}).content.decode()
    assert "Participatiewet</h2>" in page and "Wmo 2015</h2>" not in page
    page = client.get(reverse("policy:signals"), {"regeling": wmo.pk}).content.decode()
    assert "Wmo 2015</h2>" in page and "Participatiewet</h2>" not in page


def test_nobody_else_reads_or_handles_signals(cast, client):
    signal = StructuralSignal.objects.get(case=structural_case(cast))
    for user in (cast.casemanager, cast.teamleider, cast.outsider, cast.beheerder):
        client.force_login(user)
        assert client.get(reverse("policy:signals")).status_code == 403
        response = client.post(reverse("policy:signal", args=[signal.pk]),
                               {"status": "overgenomen", "reply": "x", "version": 1})
        assert response.status_code == 403
    signal.refresh_from_db()
    assert signal.status == "nieuw"


def test_reopened_and_approved_again_gives_a_new_signal_and_keeps_the_old(cast):
    case = structural_case(cast)
    reviews.reopen(case, cast.teamleider, "Nieuwe feiten.")
    case.refresh_from_db()
    case.structural, case.structural_description = "solven", TEXT + " Ook bij Wmo."
    case.save()
    advance(case, 3)
    signals = list(StructuralSignal.objects.filter(case=case).order_by("revision"))
    assert [(s.revision, s.description) for s in signals] == [
        (1, TEXT), (2, TEXT + " Ook bij Wmo.")]


def test_beleidsmaker_home_leads_with_open_signals(cast, client):
    structural_case(cast)
    client.force_login(cast.beleidsmaker)
    home = client.get(reverse("home")).content.decode()
    assert "Open signalen" in home and "1 signaal wacht op antwoord" in home
    assert "buikpijn van krijgt" not in home
    assert TEXT not in home  # no texts on the home page


def test_anonymising_the_case_empties_the_signal_text(cast):
    from privacy.services import anonymise

    case = structural_case(cast)
    anonymise(case)
    signal = StructuralSignal.objects.get(case=case)
    assert signal.description == ""


def _listed(client):
    page = client.get(reverse("policy:signals")).content.decode()
    return [h.split("</h2>")[0].split(">")[-1] for h in page.split('<h2 id="groep-')[1:]]


def test_the_list_follows_the_order_beheer_gives_the_regelingen(cast, client):
    """Issue 18: each signal keeps its regeling's place (regeling_rank) for an index-ordered
    list; a new order, a new name, a removed regeling or a signal moved to another regeling
    keeps the list in the order of the regelingen."""
    wmo = Regeling.objects.create(name="Wmo 2015", order=2)
    pw = Regeling.objects.create(name="Participatiewet", order=1)
    structural_case(cast, regeling=wmo)
    structural_case(cast, regeling=pw)
    client.force_login(cast.beleidsmaker)
    assert _listed(client) == ["Participatiewet", "Wmo 2015"]
    wmo.order = 0
    wmo.save()
    assert _listed(client) == ["Wmo 2015", "Participatiewet"]
    wmo.order = 1
    wmo.name = "Abonnementstarief Wmo"
    wmo.save()  # same order as Participatiewet: the name decides
    assert _listed(client) == ["Abonnementstarief Wmo", "Participatiewet"]
    signal = StructuralSignal.objects.get(regeling=wmo)
    from policy.services import handle_signal

    handle_signal(signal, cast.beleidsmaker, status="nieuw", regeling=pw, owner=None,
                  reply="", version=signal.version)
    assert _listed(client) == ["Participatiewet"]
    pw.delete()  # the signals lose their regeling and come last, under "Geen regeling"
    Regeling.objects.create(name="Schuldhulpverlening", order=5)
    third = structural_case(cast, regeling=Regeling.objects.get(name="Schuldhulpverlening"))
    assert _listed(client) == ["Schuldhulpverlening", "Geen regeling"]
    assert StructuralSignal.objects.get(case=third).regeling_rank == 1  # after Abonnementstarief


def test_more_signals_than_the_cap_are_not_counted(cast, client, monkeypatch):
    monkeypatch.setattr("maatwerk.paging.CAP", 1)
    structural_case(cast)
    structural_case(cast)
    client.force_login(cast.beleidsmaker)
    page = client.get(reverse("policy:signals")).content.decode()
    assert "Meer dan 1 signalen" in page and "2 signalen." not in page


@postgres_only
def test_the_list_is_read_in_order_from_an_index(cast):
    """No sort over every signal: the page of 30 comes from the index's first rows. (With
    sorting priced out, a plan still sorts when no index gives the order: a real test.)"""
    from policy.services import signals_for_policy

    structural_case(cast)
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off; SET enable_sort = off")
        plans = [signals_for_policy()[:30].explain(),
                 signals_for_policy(status="nieuw")[:30].explain(),
                 signals_for_policy(regeling=Regeling.objects.get())[:30].explain()]
        cursor.execute("SET enable_seqscan = on; SET enable_sort = on")
    for plan in plans:
        assert "signal_by_" in plan and "Sort" not in plan, plan


def test_signals_for_policy_over_all_teams_are_counted_once_a_quarter(cast, client_for):
    """Issue 18: over all teams the page aggregates a year of the organisation's decisions;
    it is kept a while (insight.services.kept), says when it was counted, still logs each
    structural text it shows, and a purge that anonymises a case clears it."""
    from django.core.management import call_command

    first = structural_case(cast)
    client = client_for(cast.beleidsmaker)
    page = client.get(reverse("policy:insight")).content.decode()
    assert TEXT in page and "Geteld om " in page
    structural_case(cast, regeling=Regeling.objects.create(name="Wmo 2015"))
    page = client.get(reverse("policy:insight")).content.decode()
    assert page.count(TEXT) == 1  # the kept figures
    reads = AccessLogEntry.objects.filter(actor=cast.beleidsmaker, action="lijst",
                                          case_id=first.pk)
    assert reads.count() == 2  # every showing is a read, kept or not
    own = client_for(cast.teamleider).get(reverse("policy:insight")).content.decode()
    assert own.count(TEXT) == 2 and "Geteld om " not in own  # a team's own: live
    call_command("purge_expired", "--today", "2100-01-01", stdout=io.StringIO())
    page = client_for(cast.beleidsmaker).get(reverse("policy:insight")).content.decode()
    assert TEXT not in page


def test_signals_for_policy_show_the_structural_texts_page_by_page(cast, client_for,
                                                                   monkeypatch):
    """Issue 18: at a million cases the newest hundred texts made the page twice as long as
    at a thousand; they are shown 25 to a page, and only the texts shown are logged."""
    monkeypatch.setattr("policy.views.TEXTS_PAGE", 1)
    older, newer = structural_case(cast), structural_case(cast)
    client = client_for(cast.teamleider)
    first = client.get(reverse("policy:insight")).content.decode()
    assert first.count(TEXT) == 1 and "1 tot en met 1 van 2" in first
    assert "?teksten=2#teksten" in first
    second = client.get(reverse("policy:insight") + "?teksten=2").content.decode()
    assert second.count(TEXT) == 1 and "2 tot en met 2 van 2" in second
    reads = AccessLogEntry.objects.filter(actor=cast.teamleider, action="lijst",
                                          detail="signalen voor beleid")
    assert list(reads.order_by("pk").values_list("case_id", flat=True)) == [newer.pk, older.pk]


def test_the_home_page_counts_open_signals_up_to_a_thousand(cast, client, monkeypatch):
    """Issue 18: at a million cases some 50 000 signals are open; the home page reads at
    most cap + 1 of them for each count and says "meer dan"."""
    monkeypatch.setattr("maatwerk.paging.CAP", 1)
    structural_case(cast)
    structural_case(cast)
    client.force_login(cast.beleidsmaker)
    home = client.get(reverse("home")).content.decode()
    assert "Meer dan 1 signalen wachten op antwoord: meer dan 1 nog door niemand" in home
    assert "0 door jou" in home
