"""The team's frame: the teamleider answers the Vóór questions once for the team;
casemanagers see the answers beside their deliberation."""

import re

from django.urls import reverse

from accounts.models import PersonalFrameAnswer, TeamFrameAnswer

BUDGET = "v02.4"  # Welk budget heeft mijn organisatie om maatwerk toe te passen …?


def test_teamleider_answers_and_casemanagers_see_it_beside_the_walk(case, cast, client_for):
    leader = client_for(cast.teamleider)
    page = leader.get("/teamkader/").content.decode()
    assert "Welk budget heeft mijn organisatie om maatwerk toe te passen" in page
    response = leader.post("/teamkader/?team=wijkteam-centrum",
                           {"v02_4": "€ 25.000 per jaar; tot € 2.500 beslist de teamleider.",
                            "v02_4-version": 0},
                           headers={"HX-Request": "true", "HX-Trigger-Name": "v02_4"})
    assert response.status_code == 200 and "Opgeslagen" in response.content.decode()
    answer = TeamFrameAnswer.objects.get(team=cast.centrum, question_key=BUDGET)
    assert answer.updated_by == cast.teamleider
    walk = client_for(cast.casemanager).get(
        reverse("cases:step", args=[case.pk, "casus"])).content.decode()
    assert "€ 25.000 per jaar; tot € 2.500 beslist de teamleider." in walk


def test_teamleider_plain_form_saves_all_team_answers(cast, client_for):
    client_for(cast.teamleider).post("/teamkader/", {"v01_1": "Participatiewet.",
                                                     "v02_4": "€ 25.000.",
                                                     "v03_4": "Niet voor het team."})
    assert set(TeamFrameAnswer.objects.values_list("question_key", flat=True)) == {"v01.1",
                                                                                  "v02.4"}


def test_casemanager_reads_the_frame_but_cannot_change_it(cast, client_for):
    client = client_for(cast.casemanager)
    page = client.get("/teamkader/").content.decode()
    assert 'name="v01_1"' not in page and "Teamkader opslaan" not in page  # text, no fields
    assert "Je teamleider heeft deze vragen nog niet beantwoord." in page
    assert client.post("/teamkader/", {"v01_1": "x"}).status_code == 403
    assert not TeamFrameAnswer.objects.exists()


def test_each_team_has_its_own_frame(cast, client_for):
    TeamFrameAnswer.objects.create(team=cast.centrum, question_key="v01.1",
                                   text="Alleen voor Centrum.", updated_by=cast.teamleider)
    page = client_for(cast.outsider).get("/teamkader/").content.decode()
    assert "Teamkader van Wijkteam Noord" in page and "Alleen voor Centrum." not in page
    assert client_for(cast.outsider).get("/teamkader/?team=wijkteam-centrum").status_code == 404


def test_users_without_a_team_have_no_frame(cast, client_for):
    assert client_for(cast.beleidsmaker).get("/teamkader/").status_code == 403


def test_each_professional_answers_the_personal_questions_for_themselves(case, cast,
                                                                        client_for):
    """"Wat is mijn uitgangspositie": not the teamleider's to answer for the team (issue 16,
    item 8). Each user answers once, sees it beside every walk, and nobody else sees it."""
    sanne = client_for(cast.casemanager)
    page = sanne.get("/teamkader/").content.decode()
    assert "Jouw uitgangspositie" in page and "Mijn antwoorden opslaan" in page
    own = re.search(r'<textarea[^>]*name="v03_1"[^>]*>', page).group(0)
    assert "disabled" not in own and 'name="v01_1"' not in page  # hers to write; team: read
    response = sanne.post("/teamkader/mijn/", {"v03_1-version": 0,
                                               "v03_1": "Rechtvaardigheid boven regels."},
                          headers={"HX-Request": "true", "HX-Trigger-Name": "v03_1"})
    assert response.status_code == 200 and "Opgeslagen" in response.content.decode()
    assert PersonalFrameAnswer.objects.get(user=cast.casemanager).text == (
        "Rechtvaardigheid boven regels.")
    # Plain form (no JavaScript): all personal answers at once.
    response = sanne.post("/teamkader/mijn/", {"v03_1": "Rechtvaardigheid boven regels.",
                                               "v03_1-version": 1,
                                               "v03_4": "Marieke."})
    assert response.status_code == 302 and response["Location"].endswith(
        "#mijn-uitgangspositie")
    assert PersonalFrameAnswer.objects.filter(user=cast.casemanager).count() == 2
    walk = sanne.get(reverse("cases:step", args=[case.pk, "casus"])).content.decode()
    assert "Jouw uitgangspositie" in walk and "Rechtvaardigheid boven regels." in walk
    # A colleague on the same case and the teamleider do not see it.
    for other in (cast.colleague, cast.teamleider):
        assert "Rechtvaardigheid boven regels." not in client_for(other).get(
            "/teamkader/").content.decode()
    leader_walk = client_for(cast.teamleider).get(
        reverse("cases:step", args=[case.pk, "casus"])).content.decode()
    assert "Rechtvaardigheid boven regels." not in leader_walk
    assert not TeamFrameAnswer.objects.exists()


def test_only_answered_questions_are_shown_beside_the_walk(case, cast, client_for):
    TeamFrameAnswer.objects.create(team=cast.centrum, question_key="v02.4", text="€ 25.000.",
                                   updated_by=cast.teamleider)
    walk = client_for(cast.casemanager).get(
        reverse("cases:step", args=[case.pk, "casus"])).content.decode()
    assert "€ 25.000." in walk
    assert "Wat zijn belangrijke juridische kaders" not in walk  # no answered question there
    assert "Jouw uitgangspositie" not in walk  # nothing answered yet


def test_a_user_without_a_team_has_no_personal_frame(cast, client_for):
    response = client_for(cast.beleidsmaker).post("/teamkader/mijn/", {"v03_1": "x"})
    assert response.status_code == 403 and not PersonalFrameAnswer.objects.exists()


def test_a_refused_own_answer_is_shown_again_as_typed(cast, client_for):
    """Bad input loses nothing: a BSN in a personal answer is refused at the field, with the
    rest of what was typed still there."""
    response = client_for(cast.casemanager).post("/teamkader/mijn/", {
        "v03_1": "Mijn BSN is 111222333.", "v03_2": "Gesprekstechniek."})
    page = response.content.decode()
    assert response.status_code == 200 and "Niet alles is opgeslagen" in page
    assert "Mijn BSN is 111222333." in page and "Gesprekstechniek." in page
    assert "error-message" in page
    assert not PersonalFrameAnswer.objects.filter(question_key="v03.1").exists()
