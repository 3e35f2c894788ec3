"""The team's frame: the teamleider answers the Vóór questions once for the team;
casemanagers see the answers beside their deliberation."""

from django.urls import reverse

from accounts.models import TeamFrameAnswer

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


def test_teamleider_plain_form_saves_all_answers(cast, client_for):
    client_for(cast.teamleider).post("/teamkader/", {"v01_1": "Participatiewet.",
                                                     "v03_4": "De teamleider."})
    assert set(TeamFrameAnswer.objects.values_list("question_key", flat=True)) == {"v01.1",
                                                                                  "v03.4"}


def test_casemanager_reads_the_frame_but_cannot_change_it(cast, client_for):
    client = client_for(cast.casemanager)
    page = client.get("/teamkader/").content.decode()
    assert "disabled" in page and "Teamkader opslaan" not in page
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
