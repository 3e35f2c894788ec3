"""The beleidsvraag workspace: a beleidsmaker opens a beleidsvraag from a structural signal,
works it through a beleidsmakers' Vragenkaart (autosave, conflicts, history), links signals and
precedents, and closes it with a change that reaches the teams concerned and the casemanagers
whose signals it answers."""

import datetime
import re

import pytest
from django.urls import reverse

from cards.models import Cluster
from policy.models import PolicyAnswer, PolicyQuestion, StructuralSignal
from privacy.models import AccessLogEntry
from tests.policy.test_signals import TEXT, structural_case

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}


def cluster(key):
    return Cluster.objects.get(key=key, section__card__card_set__is_active=True)


def open_from_signal(client, cast, **extra):
    case = structural_case(cast)
    signal = StructuralSignal.objects.get(case=case)
    client.force_login(cast.beleidsmaker)
    data = {"title": "Kostendelersnorm bij tijdelijk inwonen", "card_kind": "vragen_maatwerk",
            "regeling": signal.regeling_id, "teams": [cast.centrum.pk],
            "signaal": signal.pk, **extra}
    response = client.post(reverse("policy:new_question"), data)
    return case, signal, response


def conclude(client, question, **data):
    question.refresh_from_db()
    return client.post(reverse("policy:question_conclude", args=[question.pk]),
                       {"version": question.version, **data})


def test_a_beleidsvraag_starts_from_a_signal_with_its_regeling_and_team(cast, client):
    case = structural_case(cast)
    signal = StructuralSignal.objects.get(case=case)
    client.force_login(cast.beleidsmaker)
    signal_page = client.get(reverse("policy:signal", args=[signal.pk])).content.decode()
    assert f"/beleid/vragen/nieuw/?signaal={signal.pk}" in signal_page
    page = client.get(reverse("policy:new_question"), {"signaal": signal.pk}).content.decode()
    assert TEXT in page and case.title not in page
    assert f'value="{signal.regeling_id}" selected' in page
    assert re.search(f'value="{cast.centrum.pk}"[^>]* id="id_teams_0" checked', page)
    # The two cards are offered with their central questions, verbatim.
    assert "Welke vragen over maatwerk kunnen beleidsmakers zich stellen" in page

    _case, _signal, response = open_from_signal(client, cast)
    question = PolicyQuestion.objects.get()
    assert response.status_code == 302 and response.url == reverse("policy:question",
                                                                   args=[question.pk])
    assert list(question.signals.all()) == [_signal]
    assert (question.owner, question.card_kind, question.status) == (
        cast.beleidsmaker, "vragen_maatwerk", "open")


def test_a_new_beleidsvraag_without_a_title_keeps_what_was_typed(cast, client):
    client.force_login(cast.beleidsmaker)
    response = client.post(reverse("policy:new_question"), {"title": " ", "card_kind": "x",
                                                            "teams": [cast.centrum.pk]})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Dit veld is verplicht" in page and "Selecteer een geldige keuze" in page
    assert re.search(f'value="{cast.centrum.pk}"[^>]* id="id_teams_0" checked', page)
    assert not PolicyQuestion.objects.exists()


def test_the_workspace_shows_the_card_the_links_and_the_lessons(cast, client):
    case, signal, _response = open_from_signal(client, cast)
    question = PolicyQuestion.objects.get()
    page = client.get(reverse("policy:question", args=[question.pk])).content.decode()
    # Every cluster of the Vragenkaart maatwerk, by step, with its questions verbatim.
    assert page.count('<section class="cluster answer-cluster">') == 10
    assert "Stap 6 Uitvoering" in page
    assert "Welke hulp gebruik ik in deze en volgende stappen bij het maken van beleid?" in page
    # The linked signal's text, and the beleidsmakers' lessons of the Lessenkaart.
    assert TEXT in page
    assert "Betrek belanghebbenden en criticasters bij het maken of aanpassen van beleid" in page
    assert "Verken verschillende oplossingsrichtingen en evalueer beleid grondig" in page
    assert "Wees alert op signalen" not in page  # a lesson for uitvoerders
    # Reading a signal's text is a read of its case.
    assert AccessLogEntry.objects.filter(actor=cast.beleidsmaker, case_id=case.pk,
                                         purpose="beleidsvraag").exists()


def test_answers_autosave_per_cluster_with_conflicts_and_history(cast, client):
    open_from_signal(client, cast)
    question = PolicyQuestion.objects.get()
    url = reverse("policy:question", args=[question.pk])
    response = client.post(url, {"answer-m02": "Tien signalen uit drie teams.",
                                 "answer-m02-version": 0},
                           headers={**HX, "HX-Trigger-Name": "answer-m02"})
    assert response.status_code == 200 and "Opgeslagen om" in response.content.decode()
    answer = PolicyAnswer.objects.get(question=question, cluster=cluster("m02"))
    assert (answer.text, answer.version) == ("Tien signalen uit drie teams.", 1)

    # Someone else saved in between: refused, their text shown, ours kept in the field.
    response = client.post(url, {"answer-m02": "Mijn versie.", "answer-m02-version": 0},
                           headers={**HX, "HX-Trigger-Name": "answer-m02"})
    assert response.status_code == 409
    assert "Tien signalen uit drie teams." in response.content.decode()
    # A field that is not a cluster of this card is refused.
    response = client.post(url, {"answer-b01": "x", "answer-b01-version": 0},
                           headers={**HX, "HX-Trigger-Name": "answer-b01"})
    assert response.status_code == 400

    # Without JavaScript: the whole form.
    response = client.post(url, {"answer-m02": "Tien signalen uit drie teams.",
                                 "answer-m02-version": 1, "answer-m04": "Niemand valt uit.",
                                 "answer-m04-version": 0})
    assert response.status_code == 302
    assert PolicyAnswer.objects.get(question=question, cluster=cluster("m04")).text == (
        "Niemand valt uit.")

    history = client.get(reverse("policy:question_history", args=[question.pk]))
    page = history.content.decode()
    assert "Antwoord bij: Wat is de huidige situatie?" in page
    assert "Tien signalen uit drie teams." in page and "Niemand valt uit." in page
    assert "Beleidsvraag geopend" in page and str(cast.beleidsmaker) in page


def test_linking_signals_and_precedents(cast, client):
    case, signal, _response = open_from_signal(client, cast)
    question = PolicyQuestion.objects.get()
    other = StructuralSignal.objects.get(case=structural_case(cast))
    links = reverse("policy:question_links", args=[question.pk])
    client.force_login(cast.beleidsmaker)
    page = client.get(reverse("policy:question", args=[question.pk])).content.decode()
    assert f'name="signals" value="{other.pk}"' in page
    assert f'name="signals" value="{signal.pk}"' not in page  # already linked

    # An unknown reference: a Dutch message, the typed reference kept.
    response = client.post(links, {"precedent": "MW-999999"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Geen precedent gevonden met kenmerk MW-999999" in page
    assert 'value="MW-999999"' in page
    # Nothing chosen.
    response = client.post(links, {"precedent": ""})
    assert response.status_code == 400
    assert "Kies een signaal of vul het kenmerk van een precedent in" in response.content.decode()

    response = client.post(links, {"signals": [other.pk], "precedent": case.reference})
    assert response.status_code == 302
    assert set(question.signals.all()) == {signal, other}
    assert list(question.precedents.all()) == [case]
    page = client.get(reverse("policy:question", args=[question.pk])).content.decode()
    assert case.precedent_situation in page

    response = client.post(links, {"ontkoppel_signaal": other.pk})
    assert response.status_code == 302 and list(question.signals.all()) == [signal]
    history = client.get(reverse("policy:question_history", args=[question.pk])).content
    assert f"precedent {case.reference}".encode() in history
    assert b"Ontkoppeld: signaal van Wijkteam Centrum" in history


def test_a_change_of_policy_reaches_the_teams_and_the_casemanager(cast, client):
    case, signal, _response = open_from_signal(client, cast)
    question = PolicyQuestion.objects.get()
    change = "Tijdelijk inwonen tot zes maanden telt niet mee voor de kostendelersnorm."

    # A change needs its date, and every end its outcome: refused in Dutch, text kept.
    response = conclude(client, question, status="aangepast", outcome=change)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Vul in per wanneer het beleid is aangepast." in page and change in page
    response = conclude(client, question, status="niet_aangepast", outcome=" ")
    assert response.status_code == 400
    assert "Schrijf de uitkomst" in response.content.decode()
    response = conclude(client, question, status="aangepast", effective_from="2027-01-01",
                        outcome=change, version=0)
    assert response.status_code == 400  # a stale version
    assert "Iemand anders heeft deze beleidsvraag intussen gewijzigd" in (
        response.content.decode())

    response = conclude(client, question, status="aangepast", effective_from="2027-01-01",
                        outcome=change)
    assert response.status_code == 302
    question.refresh_from_db()
    assert (question.status, question.effective_from, question.closed_by) == (
        "aangepast", datetime.date(2027, 1, 1), cast.beleidsmaker)

    # Closed: answers are read only.
    url = reverse("policy:question", args=[question.pk])
    client.post(url, {"answer-m02": "Te laat.", "answer-m02-version": 0})
    response = client.post(url, {"answer-m02": "Te laat.", "answer-m02-version": 0},
                           headers={**HX, "HX-Trigger-Name": "answer-m02"})
    assert response.status_code == 409
    assert "deze beleidsvraag is afgerond" in response.content.decode()
    assert not PolicyAnswer.objects.filter(question=question).exists()

    # The casemanager whose signal it answers: on the case and at home.
    client.force_login(cast.casemanager)
    summary = client.get(reverse("cases:summary", args=[case.pk])).content.decode()
    assert "Beleidsregel aangepast per 1 januari 2027" in summary and change in summary
    home = client.get(reverse("home")).content.decode()
    assert "Beleidsregel aangepast per 1 januari 2027" in home

    # The team concerned: its team frame, and the Vóór frame beside every case's walk.
    frame = client.get(reverse("accounts:team_frame")).content.decode()
    assert "Beleid aangepast" in frame and change in frame
    fresh = cast.new_case(title="Nieuwe casus")
    walk = client.get(fresh.step_url("casus")).content.decode()
    assert "Beleidsregel aangepast per 1 januari 2027" in walk and change in walk

    # A team it does not concern sees nothing of it.
    client.force_login(cast.outsider)
    frame = client.get(reverse("accounts:team_frame")).content.decode()
    assert change not in frame


def test_a_change_for_no_team_in_particular_reaches_every_team(cast, client):
    open_from_signal(client, cast, teams=[])
    question = PolicyQuestion.objects.get()
    conclude(client, question, status="aangepast", effective_from="2027-03-01",
             outcome="Voor iedereen.")
    client.force_login(cast.outsider)
    assert "Voor iedereen." in client.get(reverse("accounts:team_frame")).content.decode()


def test_only_beleidsmakers_work_on_beleidsvragen(cast, client):
    open_from_signal(client, cast)
    question = PolicyQuestion.objects.get()
    for user in (cast.casemanager, cast.teamleider, cast.outsider, cast.beheerder):
        client.force_login(user)
        assert client.get(reverse("policy:questions")).status_code == 403
        assert client.get(reverse("policy:question", args=[question.pk])).status_code == 403
        response = conclude(client, question, status="niet_aangepast", outcome="x")
        assert response.status_code == 403
    question.refresh_from_db()
    assert question.status == "open"


def test_beleidsmaker_home_lists_open_beleidsvragen(cast, client):
    open_from_signal(client, cast)
    page = client.get(reverse("home")).content.decode()
    assert "1 beleidsvraag is open" in page and "Kostendelersnorm bij tijdelijk inwonen" in page


WALK_LESSONS = {
    "signalen": "Wees alert op signalen dat in een casus mogelijk maatwerk nodig is",
    "afwegen": "Weeg zorgvuldig af of je maatwerk toepast en gebruik hierbij hulp van anderen",
    "besluit": "Toon lef en los problemen ook structureel en tussentijds op",
}


@pytest.mark.parametrize("step", [*WALK_LESSONS, "casus"])
def test_the_walk_shows_the_uitvoerders_lesson_where_it_applies(cast, client, step):
    case = cast.new_case()
    client.force_login(cast.casemanager)
    page = client.get(case.step_url(step)).content.decode()
    for where, lesson in WALK_LESSONS.items():
        assert (lesson in page) == (where == step), (where, step)
    assert "Betrek belanghebbenden en criticasters" not in page
