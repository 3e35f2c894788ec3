"""Four eyes: submit, return, approve, reopen; tegenspraak; revisions; every transition
checked on the POST itself."""

import pytest
from django.core import mail
from django.urls import reverse

from cases.models import Case
from reviews.models import AdviceRequest, Comment, ReviewEvent, Revision
from tests.conftest import make_user


@pytest.fixture
def decided(cast):
    """A concept case with a recorded, complete decision."""
    return cast.new_case(title="Afzien van terugvordering", inwoner_ref="DOS-7", decided=True)


@pytest.fixture
def submitted(cast):
    return cast.new_case(title="Afzien van terugvordering", inwoner_ref="DOS-7", submitted=True)


def post(client, name, case, **data):
    return client.post(reverse(f"reviews:{name}", args=[case.pk]), data)


def status(case):
    return Case.objects.get(pk=case.pk).status


def test_submit_puts_the_case_in_the_teamleiders_queue(decided, cast, client_for):
    response = post(client_for(cast.casemanager), "submit", decided)
    assert response.status_code == 302
    assert status(decided) == "ter_beoordeling"
    queue = client_for(cast.teamleider).get("/te-beoordelen/").content.decode()
    assert "Afzien van terugvordering" in queue
    assert ReviewEvent.objects.get().kind == "aangeboden"


def test_submit_needs_a_recorded_decision(cast, client_for):
    case = cast.new_case()
    post(client_for(cast.casemanager), "submit", case)
    assert status(case) == "concept"
    assert not ReviewEvent.objects.exists()


def test_queue_is_own_team_only_and_oldest_deadline_first(cast, client_for):
    cast.new_case(title="Later", deadline="2027-02-01", submitted=True)
    cast.new_case(title="Eerder", deadline="2026-12-01", submitted=True)
    cast.new_case(owner=cast.outsider, title="Noord", submitted=True)
    page = client_for(cast.teamleider).get("/te-beoordelen/").content.decode()
    assert page.index("Eerder") < page.index("Later")
    assert "Noord" not in page


def test_return_needs_a_comment_and_goes_back_to_the_casemanager(decided, cast, client_for):
    post(client_for(cast.casemanager), "submit", decided)
    leader = client_for(cast.teamleider)
    post(leader, "review", decided, action="terugsturen", comment="")
    assert status(decided) == "ter_beoordeling"
    post(leader, "review", decided, action="terugsturen", comment="Onderbouw de evenredigheid.")
    assert status(decided) == "concept"
    home = client_for(cast.casemanager).get("/").content.decode()
    assert "Teruggestuurd naar jou" in home and "Afzien van terugvordering" in home
    walk = client_for(cast.casemanager).get(
        reverse("cases:step", args=[decided.pk, "besluit"])).content.decode()
    assert "Onderbouw de evenredigheid." in walk


def test_approve_freezes_a_revision_and_makes_the_case_read_only(decided, cast, client_for):
    post(client_for(cast.casemanager), "submit", decided)
    post(client_for(cast.teamleider), "review", decided, action="goedkeuren", comment="Helder.")
    assert status(decided) == "besloten"
    revision = Revision.objects.get()
    assert revision.number == 1 and revision.approved_by == cast.teamleider
    assert revision.snapshot["decision"]["outcome_label"] == "Maatwerk toepassen"
    client = client_for(cast.casemanager)
    page = client.get(reverse("cases:step", args=[decided.pk, "casus"])).content.decode()
    assert "besloten en alleen nog te lezen" in page and "hx-post" not in page
    response = client.post(reverse("cases:step", args=[decided.pk, "casus"]),
                           {"buikpijn": "x", "version": 99},
                           headers={"HX-Request": "true", "HX-Trigger-Name": "buikpijn"})
    assert response.status_code == 403


def test_a_casemanager_never_approves_their_own_decision(cast, client_for):
    # Even a teamleider who is also the casemanager of the case cannot approve it.
    both = make_user("beide", "teamleider", [cast.centrum])
    both.groups.add(*cast.casemanager.groups.all())
    own = cast.new_case(owner=both, submitted=True)
    post(client_for(both), "review", own, action="goedkeuren")
    assert status(own) == "ter_beoordeling"
    assert not Revision.objects.exists()


@pytest.mark.parametrize("who", ["casemanager", "colleague", "beleidsmaker", "beheerder"])
def test_only_the_teamleider_reviews(submitted, cast, client_for, who):
    response = post(client_for(getattr(cast, who)), "review", submitted, action="goedkeuren")
    assert response.status_code in (200, 404)  # the team sees why; other roles see nothing
    assert status(submitted) == "ter_beoordeling"


def test_teamleider_of_another_team_gets_404(submitted, cast, client_for):
    other_leader = make_user("leider-noord", "teamleider", [cast.noord])
    client = client_for(other_leader)
    for name in ["review", "submit", "reopen", "advice", "comment"]:
        assert post(client, name, submitted, action="goedkeuren").status_code == 404
    assert client.get(reverse("reviews:revisions", args=[submitted.pk])).status_code == 404
    assert status(submitted) == "ter_beoordeling"


def test_reopen_starts_a_new_revision_and_keeps_the_old_one(decided, cast, client_for):
    post(client_for(cast.casemanager), "submit", decided)
    post(client_for(cast.teamleider), "review", decided, action="goedkeuren")
    client = client_for(cast.casemanager)
    post(client, "reopen", decided, reason="")
    assert status(decided) == "besloten"
    post(client, "reopen", decided, reason="Nieuwe feiten over het inkomen.")
    case = Case.objects.get(pk=decided.pk)
    assert (case.status, case.revision, case.decided_at) == ("concept", 2, None)
    client.post(reverse("cases:step", args=[case.pk, "casus"]),
                {"buikpijn": "Nieuwe feiten.", "version": case.version},
                headers={"HX-Request": "true", "HX-Trigger-Name": "buikpijn"})
    old = client.get(reverse("reviews:revision", args=[case.pk, 1])).content.decode()
    assert "Herziening 1, goedgekeurd door Teamleider" in old
    compare = client.get(reverse("reviews:compare", args=[case.pk, 1, 2])).content.decode()
    # In words a reader knows: no field paths, no UTC timestamps.
    assert "Casus › Buikpijn" in compare and "Nieuwe feiten." in compare
    assert "Besluit › Vastgelegd op" in compare
    assert "case.buikpijn" not in compare and "decided_at" not in compare
    assert "+00:00" not in compare and "T" + "1" not in compare.split("Vastgelegd op")[1][:80]


def test_advice_gives_one_colleague_access_to_one_case(decided, cast, client_for):
    other_case = cast.new_case(title="Andere casus")
    outsider = client_for(cast.outsider)
    assert outsider.get(reverse("cases:summary", args=[decided.pk])).status_code == 404
    post(client_for(cast.casemanager), "advice", decided, adviser=cast.outsider.pk,
         question="Kijk je naar de evenredigheid?")
    assert AdviceRequest.objects.get().adviser == cast.outsider
    outsider = client_for(cast.outsider)
    home = outsider.get("/").content.decode()
    assert "Advies gevraagd aan jou" in home and "Kijk je naar de evenredigheid?" in home
    assert outsider.get(reverse("cases:summary", args=[decided.pk])).status_code == 200
    assert outsider.get(reverse("cases:summary", args=[other_case.pk])).status_code == 404
    # Advice is reading and commenting, never editing.
    response = outsider.post(reverse("cases:step", args=[decided.pk, "casus"]),
                             {"buikpijn": "x", "version": 1},
                             headers={"HX-Request": "true", "HX-Trigger-Name": "buikpijn"})
    assert response.status_code == 403


def test_comment_on_one_argument_shows_beside_it(decided, cast, client_for):
    post(client_for(cast.casemanager), "advice", decided, adviser=cast.colleague.pk)
    colleague = client_for(cast.colleague)
    post(colleague, "comment", decided, about="item:a01.1",
         text="Weegt dit echt zwaar? Ze heeft ook spaargeld.")
    comment = Comment.objects.get()
    assert comment.target == "argument" and comment.item.key == "a01.1"
    option = decided.options.get(kind="maatwerk")
    walk = client_for(cast.casemanager).get(
        reverse("cases:weigh_theme", args=[decided.pk, option.pk, "welzijn"])).content.decode()
    beside = walk.split('id="argument-a01_1"')[1].split('<div class="argument')[0]
    assert "Weegt dit echt zwaar?" in beside
    summary = client_for(cast.teamleider).get(
        reverse("cases:summary", args=[decided.pk])).content.decode()
    assert "Weegt dit echt zwaar?" in summary


def test_comment_on_an_option_and_on_the_whole(decided, cast, client_for):
    client = client_for(cast.teamleider)
    option = decided.options.get(kind="maatwerk")
    post(client, "comment", decided, about=f"option:{option.pk}", text="Kan dit goedkoper?")
    post(client, "comment", decided, about="", text="Mooi uitgewerkt.")
    page = client_for(cast.casemanager).get(
        reverse("cases:step", args=[decided.pk, "verkennen"]) + "?deel=opties").content.decode()
    assert "Kan dit goedkoper?" in page and "Mooi uitgewerkt." in page


def test_a_refused_comment_is_shown_again_with_what_was_typed(decided, cast, client_for):
    client = client_for(cast.teamleider)
    response = post(client, "comment", decided, about="bogus", text="Mijn halve gedachte")
    assert not Comment.objects.exists()
    page = response.content.decode()
    assert "Je opmerking is niet geplaatst" in page and "Mijn halve gedachte" in page
    assert "Kies waarover je opmerking gaat." in page
    assert not any(key.startswith("comment-draft") for key in client.session.keys())


def test_email_notifications_when_switched_on(decided, cast, client_for, settings,
                                             django_capture_on_commit_callbacks):
    settings.MAATWERK_SEND_EMAIL = True
    cast.teamleider.email = "leider@example.org"
    cast.teamleider.save()
    cast.casemanager.email = "sanne@example.org"
    cast.casemanager.save()
    with django_capture_on_commit_callbacks(execute=True):
        post(client_for(cast.casemanager), "submit", decided)
        post(client_for(cast.teamleider), "review", decided, action="terugsturen",
             comment="Nee.")
    assert [m.to for m in mail.outbox] == [["leider@example.org"], ["sanne@example.org"]]
    assert all(decided.reference in m.body for m in mail.outbox)
    assert all("DOS-7" not in m.body and "terugvordering" not in m.body for m in mail.outbox)


def test_no_email_by_default(decided, cast, client_for, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        post(client_for(cast.casemanager), "submit", decided)
    assert mail.outbox == []
