"""Case lists (mine, team, search; own team only) and the Geschiedenis tab."""

from django.urls import reverse

from cases.models import Regeling


def test_my_cases_and_team_cases(cast, client_for):
    mine = cast.new_case(title="Van Sanne")
    colleague = cast.new_case(owner=cast.colleague, title="Van Ahmed")
    other_team = cast.new_case(owner=cast.outsider, title="Van Joke uit Noord")
    client = client_for(cast.casemanager)
    own = client.get("/casussen/").content.decode()
    assert mine.title in own and colleague.title not in own
    team = client.get("/casussen/team/").content.decode()
    assert mine.title in team and colleague.title in team
    assert other_team.title not in own + team


def test_lists_show_status_deadline_and_regeling(cast, client_for):
    regeling = Regeling.objects.create(name="Participatiewet")
    cast.new_case(title="Met regeling", deadline="2026-12-24", regeling_ids=[regeling.pk])
    page = client_for(cast.casemanager).get("/casussen/").content.decode()
    assert "Participatiewet" in page and "24 dec 2026" in page and "Concept" in page


def test_search_by_title_and_text_within_the_team_only(cast, client_for):
    cast.new_case(title="Toeslag", buikpijn="De woningcorporatie dreigt met ontruiming.")
    cast.new_case(title="Boete")
    cast.new_case(owner=cast.outsider, title="Ontruiming in Noord")
    page = client_for(cast.casemanager).post("/casussen/team/", {"q": "ontruiming"},
                                             follow=True).content.decode()
    assert "Toeslag" in page
    assert "Boete" not in page and "Ontruiming in Noord" not in page


def test_status_filter(cast, client_for):
    cast.new_case(title="Nog bezig")
    cast.new_case(title="Al besloten", approved=True)
    page = client_for(cast.casemanager).get("/casussen/?status=besloten").content.decode()
    assert "Al besloten" in page and "Nog bezig" not in page


def test_beleidsmaker_has_no_case_list(cast, client_for):
    assert client_for(cast.beleidsmaker).get("/casussen/").status_code == 403


def test_history_shows_who_when_and_old_to_new(case, cast, client_for):
    client = client_for(cast.casemanager)
    client.post(reverse("cases:step", args=[case.pk, "casus"]),
                {"buikpijn": "Nieuwe buikpijn.", "version": case.version},
                headers={"HX-Request": "true", "HX-Trigger-Name": "buikpijn"})
    client.post(reverse("cases:step", args=[case.pk, "signalen"]),
                {"sig-s01_1-marked": "on", "sig-s01_1-version": 0},
                headers={"HX-Request": "true", "HX-Trigger-Name": "sig-s01_1-marked"})
    page = client.get(reverse("cases:history", args=[case.pk])).content.decode()
    assert "Dit voelt niet goed." in page and "Nieuwe buikpijn." in page
    assert "<del>Dit voelt niet goed.</del> → <ins>Nieuwe buikpijn.</ins>" in page
    assert "Casemanager" in page
    assert "Signaal: De inwoner stelt een ongebruikelijke vraag" in page


def test_pagination_keeps_the_search(cast, client_for):
    for i in range(27):
        cast.new_case(title=f"Schuld {i}")
    client = client_for(cast.casemanager)
    response = client.post("/casussen/", {"q": "Schuld", "status": "concept"}, follow=True)
    page = response.content.decode()
    assert "Pagina 1 van 2" in page
    # The search words are not in the URL: a token of this session stands for them.
    url = response.redirect_chain[-1][0]
    assert "Schuld" not in url and "zoek=" in url
    token = url.split("zoek=")[1].split("&")[0]
    assert f'href="?zoek={token}&amp;status=concept&amp;volgorde=&amp;pagina=2"' in page
    second = client.get(f"/casussen/?zoek={token}&status=concept&pagina=2").content.decode()
    assert "Pagina 2 van 2" in second and "Schuld" in second


def test_history_is_grouped_per_session_and_paginated(case, cast, client_for):
    """Geschiedenis was 11 700 px long (issue 16): one line per person's run of changes,
    its changes behind it, 15 runs per page."""
    from datetime import timedelta

    from django.utils import timezone

    from cases.history import Entry, sessions

    now = timezone.now()
    entries = [Entry(now - timedelta(minutes=m), user, "Casus", "~", [])
               for m, user in ((0, "Sanne"), (10, "Sanne"), (35, "Sanne"), (80, "Sanne"),
                               (81, "Marieke"), (82, "Sanne"))]
    runs = sessions(entries)
    assert [(r.user, len(r.entries)) for r in runs] == [
        ("Sanne", 3), ("Sanne", 1), ("Marieke", 1), ("Sanne", 1)]
    assert runs[0].start == entries[2].at and runs[0].end == entries[0].at

    client = client_for(cast.casemanager)
    for i in range(3):
        client.post(reverse("cases:step", args=[case.pk, "casus"]),
                    {"buikpijn": f"Versie {i}.", "version": case.version + i},
                    headers={"HX-Request": "true", "HX-Trigger-Name": "buikpijn"})
    page = client.get(reverse("cases:history", args=[case.pk])).content.decode()
    # The creation (by the service, no request user) and her three saves in one run.
    assert page.count("<details") == 2 and "3 wijzigingen" in page
    # Older sessions of others spread over more than one page.
    from cases.models import Case

    record = Case.history.filter(id=case.pk).earliest("history_date")
    for day in range(1, 20):
        copy = Case.history.filter(pk=record.pk).values()[0]
        copy.pop("history_id")
        copy.update(history_date=record.history_date - timedelta(days=day),
                    history_type="~", buikpijn=f"Dag {day}.")
        Case.history.model.objects.create(**copy)
    first = client.get(reverse("cases:history", args=[case.pk])).content.decode()
    assert first.count("<details") == 15 and "Pagina 1 van 2" in first
    second = client.get(reverse("cases:history", args=[case.pk]) + "?pagina=2").content.decode()
    assert second.count("<details") == 2 + 19 - 15 and " open>" not in second
