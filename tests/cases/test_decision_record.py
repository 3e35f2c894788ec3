"""A decision record a lawyer would sign: no score, the arguments that tipped it, "not looked
at" is not "n.v.t.", consistent decisions checked on the server, the record names whoever
recorded what was reviewed (four eyes by authorship), the whole tegenspraak, the mensbeeld
out of the verantwoording, and everything readable for people."""

import json
import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from cards.models import CardKind
from cards.services import card_view
from cases import decision, services
from cases.models import ArgumentWeight, Case
from cases.pdf import render_case_pdf
from reviews import services as reviews
from reviews.models import Comment, Revision
from tests.cases.test_pdf import flat, text_of
from tests.conftest import make_user
from tests.factories import PRECEDENT

GOOD = {
    "motivation": "Mevrouw meldde het inwonen van haar zoon zelf, zodra zij het begreep.",
    "proportionality": "Terugvorderen kost haar de schuldregeling en misschien haar huis.",
    "decisive_reasoning": "Het huis verliezen weegt voor mij zwaarder dan gelijke "
                          "behandeling bij een late melding.",
    "inwoner_view": "Mevrouw vertelde dat zij de brief niet begreep en meteen belde.",
    **PRECEDENT,
}


def htmx(client, url, field, data):
    return client.post(url, data, headers={"HX-Request": "true", "HX-Trigger-Name": field})


def item(case, key):
    return card_view(case.card_set, CardKind.ARGUMENTEN).items_by_key[key]


def weighed_case(cast, **fields):
    """A concept case with a maatwerk option, two arguments weighed (voor zwaar, tegen
    licht) and a complete decision filled in but not recorded."""
    case = cast.new_case(title="Terugvordering na inwoning", **fields)
    option = services.add_option(case, kind="maatwerk", title="Afzien van terugvordering",
                                 deviated_rule="Terugvorderingsbeleid")
    voor = services.weigh(case, option, item(case, "a01.1"), "zwaar", "Schuldregeling klapt.")
    tegen = services.weigh(case, option, item(case, "a21.1"), "licht")
    services.save_case(case, cast.casemanager, outcome="maatwerk", chosen_option=option,
                       deviated_rule="Terugvorderingsbeleid", legal_ground="4:84",
                       decisive_keys=[f"w{voor.pk}"], inwoner_heard="ja",
                       evaluation_date=date.today() + timedelta(days=90), **GOOD)
    case.option, case.voor, case.tegen = option, voor, tegen
    return case


def problems_of(case, **changes):
    if changes:
        services.save_case(case, case.owner, **changes)
    return decision.problems(Case.objects.get(pk=case.pk))


# --- 1. No score anywhere --------------------------------------------------------------------


def test_the_weighing_is_shown_back_in_words_heaviest_first_never_summed(cast, client_for):
    case = weighed_case(cast)
    services.weigh(case, case.option, item(case, "a01.2"), "licht")
    services.weigh(case, case.option, item(case, "a01.3"), "gemiddeld")
    page = client_for(cast.casemanager).get(
        reverse("cases:weigh", args=[case.pk, case.option.pk])).content.decode()
    welzijn = page.split('id="spiegel-welzijn"')[1].split("</section>")[0]
    assert welzijn.index("zwaar") < welzijn.index("gemiddeld") < welzijn.index("licht")
    assert "Maatwerk lost financiële problemen" in welzijn.split("gemiddeld")[0]
    for mirror in re.findall(r'id="spiegel-[a-z]+".*?</section>', page, re.S):
        assert not re.search(r"\d", re.sub(r"<[^>]+>", "", mirror)), "no numbers in a mirror"


def test_the_besluit_page_asks_no_reason_against_a_weighing(cast, client_for):
    case = weighed_case(cast)
    services.weigh(case, case.option, case.tegen.item, "zwaar")
    client = client_for(cast.casemanager)
    pages = "".join(client.get(url).content.decode() for url in (
        case.step_url("besluit"), reverse("cases:decision_part", args=[case.pk, "doorslag"]),
        reverse("cases:decision_part", args=[case.pk, "vervolg"])))
    assert "tegen de weging in" not in pages and "Het beeld van je eigen weging" not in pages
    assert "against_weighing" not in problems_of(case)


# --- 2. Doorslaggevende argumenten -----------------------------------------------------------


def test_at_least_one_decisive_argument_from_the_own_weighing(cast):
    case = weighed_case(cast)
    assert problems_of(case) == {}
    assert "decisive_keys" in problems_of(case, decisive_keys=[])
    assert "decisive_keys" in problems_of(case, decisive_keys=["w999999", "o1"])
    services.weigh(case, case.option, case.voor.item, "nvt")  # no longer weighed
    assert "decisive_keys" in problems_of(case, decisive_keys=[f"w{case.voor.pk}"])


def test_decisive_and_weighed_against_appear_on_the_summary(cast, client_for):
    case = weighed_case(cast)
    decision.record(case, cast.casemanager)
    page = client_for(cast.teamleider).get(reverse("cases:summary", args=[case.pk]))
    decided = page.content.decode().split('id="sam-besluit"')[1].split("</section>")[0]
    decisive = decided.split("Doorslaggevend")[1].split("Daartegen gewogen")[0]
    against = decided.split("Daartegen gewogen")[1].split("Waarom dit zwaarder weegt")[0]
    assert "Maatwerk lost financiële problemen" in decisive
    assert "Maatwerk botst met het principe" in against
    assert "weegt voor mij zwaarder dan gelijke" in decided


def test_the_decisive_choices_are_the_weighed_arguments_only(cast, client_for):
    case = weighed_case(cast)
    services.weigh(case, case.option, item(case, "a02.1"), "nvt")
    page = client_for(cast.casemanager).get(
        reverse("cases:decision_part", args=[case.pk, "doorslag"])).content.decode()
    choices = page.split('name="decisive_keys"', 1)[1].split("</fieldset>")[0]
    assert "Voor · zwaar · Maatwerk lost financiële problemen" in page
    assert "Tegen · licht · Maatwerk botst met het principe" in page
    assert item(case, "a02.1").text[:40] not in choices


# --- 3. Not looked at is not "n.v.t." --------------------------------------------------------


def test_an_argument_starts_not_looked_at(cast, client_for):
    case = weighed_case(cast)
    client = client_for(cast.casemanager)
    url = reverse("cases:weigh_theme", args=[case.pk, case.option.pk, "welzijn"])
    htmx(client, url, "arg-a02_1-note", {"arg-a02_1-note": "Alleen een notitie.",
                                         "arg-a02_1-version": 0})
    assert ArgumentWeight.objects.get(item=item(case, "a02.1")).weight == ""
    page = client.get(url).content.decode()
    unmarked = page.split('id="argument-a02_1"')[1].split("</fieldset>")[0]
    assert re.search(r'value=""[^>]*checked> niet bekeken', unmarked)


# --- 4. Consistent decisions, checked on the server ------------------------------------------


def test_the_outcome_fits_the_chosen_options_kind(cast):
    case = weighed_case(cast)
    standard = case.options.get(is_standard=True)
    found = problems_of(case, chosen_option=standard)
    assert "‘Maatwerk toepassen’ past niet bij optie 1. Standaardprocedure" in \
        found["chosen_option"]
    found = problems_of(case, outcome="geen", chosen_option=case.option)
    assert "chosen_option" in found
    assert "chosen_option" not in problems_of(case, outcome="geen", chosen_option=standard)


def test_rule_and_ground_only_for_maatwerk_and_cleared_in_history(cast, client_for):
    case = weighed_case(cast)
    client = client_for(cast.casemanager)
    url = case.step_url("besluit")
    assert "Van welke regel wijk je af?" in client.get(url).content.decode()
    response = htmx(client, url, "outcome", {"outcome": "geen",
                                             "version": Case.objects.get(pk=case.pk).version})
    assert response.status_code == 200
    assert 'id="maatwerk-velden" hx-swap-oob="true"' in response.content.decode()
    case.refresh_from_db()
    assert (case.deviated_rule, case.legal_ground) == ("", "")
    assert "Van welke regel wijk je af?" not in client.get(url).content.decode()
    history = client.get(reverse("cases:history", args=[case.pk])).content.decode()
    assert "<del>Terugvorderingsbeleid</del> → <ins>—</ins>" in history


def test_a_hardheidsclausule_names_its_article(cast):
    case = weighed_case(cast)
    found = problems_of(case, legal_ground="hardheidsclausule", legal_ground_article="")
    assert "Noem het artikel" in found["legal_ground_article"]
    assert "legal_ground_article" not in problems_of(
        case, legal_ground_article="artikel 58 lid 8 Participatiewet")


@pytest.mark.parametrize("text", ["x", "test", "ok ok ok ok ok ok", "zie dossier"])
def test_a_motivation_needs_substance(cast, text):
    case = weighed_case(cast)
    found = problems_of(case, motivation=text, proportionality=text)
    assert "in een paar zinnen" in found["motivation"]
    assert "proportionality" in found


def test_the_inwoner_is_heard_or_it_says_why_not(cast):
    case = weighed_case(cast)
    found = problems_of(case, inwoner_heard="", inwoner_view="")
    assert set(found) >= {"inwoner_heard", "inwoner_view"}
    assert problems_of(case, inwoner_heard="nee", inwoner_view="Mevrouw was niet bereikbaar, "
                                                               "drie keer gebeld.") == {}


def test_recording_refuses_and_keeps_every_word_typed(cast, client_for):
    case = weighed_case(cast)
    response = client_for(cast.casemanager).post(case.step_url("besluit"), {
        "outcome": "maatwerk", "chosen_option": case.option.pk, "motivation": "x",
        "proportionality": "Alles wat ik hier typte blijft staan.", "deviated_rule": "R",
        "legal_ground": "4:84", "version": Case.objects.get(pk=case.pk).version,
        "action": "vastleggen"})
    page = response.content.decode()
    assert response.status_code == 200 and Case.objects.get(pk=case.pk).decided_at is None
    assert "Alles wat ik hier typte blijft staan." in page
    assert 'id="wat-ontbreekt"' in page and "Beschrijf de feiten en belangen in een paar" in page


def test_an_evaluation_only_on_or_after_its_date(cast, client_for):
    case = cast.new_case(decided=True)
    client = client_for(cast.casemanager)
    url = case.step_url("na")
    response = htmx(client, url, "evaluation_result", {"evaluation_result": "werkt",
                                                       "version": case.version})
    assert response.status_code == 422 and "Je kunt evalueren vanaf" in response.content.decode()
    Case.objects.filter(pk=case.pk).update(evaluation_date=date.today())  # time passes
    case.refresh_from_db()
    response = htmx(client, url, "evaluation_result", {"evaluation_result": "werkt",
                                                       "version": case.version})
    assert response.status_code == 200
    assert Case.objects.get(pk=case.pk).evaluation_result == "werkt"


def test_reopening_starts_a_fresh_decision_and_evaluation(cast, client_for):
    case = cast.new_case(approved=True)
    Case.objects.filter(pk=case.pk).update(evaluation_result="werkt",
                                           evaluation_note="Het ging goed.")
    reviews.reopen(case, cast.casemanager, "Nieuwe feiten over het inkomen.")
    case.refresh_from_db()
    assert (case.outcome, case.motivation, case.decisive_keys, case.evaluation_result,
            case.evaluation_note, case.decided_at) == ("", "", [], "", "", None)
    old = Revision.objects.get(case=case, number=1).snapshot
    assert old["decision"]["outcome_label"] == "Maatwerk toepassen"


# --- 5. The record is what was reviewed ------------------------------------------------------


def test_a_change_after_recording_unrecords_and_the_changer_records_again(cast, client_for):
    case = weighed_case(cast)
    decision.record(case, cast.casemanager)
    colleague = client_for(cast.colleague)
    response = htmx(colleague, case.step_url("besluit"), "motivation",
                    {"motivation": GOOD["motivation"] + " Aangevuld door Ahmed.",
                     "version": Case.objects.get(pk=case.pk).version})
    assert "leg het opnieuw vast" in response.content.decode()
    case.refresh_from_db()
    assert case.decided_at is None and case.decided_by is None
    with pytest.raises(reviews.ReviewError):
        reviews.submit(case, cast.casemanager)
    colleague.post(case.step_url("besluit"), {
        "outcome": "maatwerk", "chosen_option": case.option.pk,
        "motivation": case.motivation, "proportionality": case.proportionality,
        "deviated_rule": case.deviated_rule, "legal_ground": case.legal_ground,
        "version": case.version, "action": "vastleggen"})
    case.refresh_from_db()
    assert case.decided_by == cast.colleague
    assert "Besluit vastgelegd Casemanager2" in flat(text_of(render_case_pdf(case))[0])


def test_a_change_to_the_weighing_after_recording_unrecords_too(cast, client_for):
    case = weighed_case(cast)
    decision.record(case, cast.casemanager)
    url = reverse("cases:weigh_theme", args=[case.pk, case.option.pk, "principes"])
    htmx(client_for(cast.colleague), url, "arg-a21_1-weight",
         {"arg-a21_1-weight": "zwaar", "arg-a21_1-version": case.tegen.version})
    assert Case.objects.get(pk=case.pk).decided_at is None


def test_follow_up_after_the_decision_does_not_unrecord(cast, client_for):
    case = cast.new_case(decided=True)
    response = htmx(client_for(cast.casemanager), case.step_url("na"), "answer-v09",
                    {"answer-v09": "De uitvoering loopt.", "answer-v09-version": 0})
    assert response.status_code == 200
    assert Case.objects.get(pk=case.pk).decided_at is not None


def test_a_dual_role_user_never_approves_a_decision_they_changed(cast, client_for):
    both = make_user("beide", "teamleider", [cast.centrum])
    both.groups.add(*cast.casemanager.groups.all())
    case = weighed_case(cast)
    decision.record(case, cast.casemanager)
    htmx(client_for(both), case.step_url("besluit"), "proportionality",
         {"proportionality": GOOD["proportionality"] + " Herschreven door de leider.",
          "version": Case.objects.get(pk=case.pk).version})
    decision.record(case, cast.casemanager)  # the casemanager records it again
    reviews.submit(Case.objects.get(pk=case.pk), cast.casemanager)
    response = client_for(both).post(reverse("reviews:review", args=[case.pk]),
                                      {"action": "goedkeuren"})
    assert "meegeschreven" in response.content.decode()
    assert Case.objects.get(pk=case.pk).status == "ter_beoordeling"
    assert not Revision.objects.exists()
    # Another teamleider, who wrote nothing, can approve it.
    reviews.approve(case, cast.teamleider)
    assert Case.objects.get(pk=case.pk).status == "besloten"


def test_the_pdf_names_who_recorded_the_approved_version(cast):
    case = cast.new_case(approved=True)
    text = flat(text_of(render_case_pdf(case))[0])
    assert f"Besluit vastgelegd {case.owner}" in text and "Beoordeeld door Teamleider" in text


# --- 6. Tegenspraak, whole ---------------------------------------------------------------------


def test_tegenspraak_beside_the_argument_with_an_answer_home_and_pdf(cast, client_for):
    case = weighed_case(cast)
    reviews.ask_advice(case, cast.casemanager, cast.outsider, "Kijk je naar de evenredigheid?")
    adviser = client_for(cast.outsider)
    theme = reverse("cases:weigh_theme", args=[case.pk, case.option.pk, "welzijn"])
    walk = adviser.get(theme).content.decode()
    assert "Opmerking bij dit argument" in walk and "over=item%3Aa01.1" in walk
    form = adviser.get(reverse("reviews:comment", args=[case.pk]),
                       {"over": "item:a01.1", "next": theme}, headers={"HX-Request": "true"})
    assert form.status_code == 200 and "<html" not in form.content.decode()
    assert 'name="about"' in form.content.decode()
    response = adviser.post(reverse("reviews:comment", args=[case.pk]), {
        "over": "item:a01.1", "about": "item:a01.1", "next": theme,
        "text": "Weegt dit echt zwaar? Ze heeft ook spaargeld."})
    assert response.status_code == 302 and response["Location"] == theme
    comment = Comment.objects.get()
    assert comment.item.key == "a01.1"
    client = client_for(cast.casemanager)
    client.post(reverse("reviews:comment", args=[case.pk]), {
        "antwoord": comment.pk, "text": "Het spaargeld is al op: zie de bankafschriften."})
    reply = Comment.objects.get(parent=comment)
    assert reply.item_id == comment.item_id
    assert "Het spaargeld is al op" in client.get(theme).content.decode()
    reviews.mark_advice_done(case, cast.outsider)
    home = client.get("/").content.decode()
    assert "Advies gegeven" in home and "advies gegeven door Casemanager3" in home
    text = flat(text_of(render_case_pdf(case))[0])
    tegenspraak = text.split("Tegenspraak")[1]
    for expected in ("Casemanager vroeg Casemanager3 om advies", "Kijk je naar de evenredigheid?",
                     "Advies gegeven op", "Weegt dit echt zwaar?",
                     "Antwoord van Casemanager", "Het spaargeld is al op"):
        assert expected in tegenspraak, expected


def test_an_answer_is_one_level_deep(cast):
    case = weighed_case(cast)
    first = reviews.add_comment(case, cast.teamleider, "Waarom zwaar?")
    answer = reviews.add_comment(case, cast.casemanager, "Daarom.", parent=first)
    again = reviews.add_comment(case, cast.teamleider, "Helder.", parent=answer)
    assert answer.parent == first and again.parent == first


def test_home_says_when_a_decision_was_returned(cast, client_for):
    case = cast.new_case(submitted=True)
    reviews.return_case(case, cast.teamleider, "Onderbouw de evenredigheid beter.")
    home = client_for(cast.casemanager).get("/").content.decode()
    assert "Teruggestuurd naar jou" in home and case.title in home and "teruggestuurd" in home


# --- 7. The mensbeeld stays out of the verantwoording ------------------------------------------


def test_the_mensbeeld_is_in_the_case_and_the_inzage_not_in_the_verantwoording(cast,
                                                                              client_for):
    case = weighed_case(cast, inwoner_ref="DOS-9", perceived_reputation="positief",
                        perceived_effort="veel")
    decision.record(case, cast.casemanager)
    summary = client_for(cast.teamleider).get(reverse("cases:summary", args=[case.pk]))
    pdf = flat(text_of(render_case_pdf(case))[0])
    for shown in (summary.content.decode(), pdf):
        assert "Reputatie" not in shown and "Positief" not in shown and "Veel inzet" not in shown
    walk = client_for(cast.casemanager).get(reverse("cases:mensbeeld", args=[case.pk]))
    assert re.search(r'value="positief"[^>]* id="id_perceived_reputation_2" checked',
                     walk.content.decode())
    export = json.loads(client_for(cast.beheerder).post(
        "/inzageverzoek/export.json", {"inwoner_ref": "DOS-9"}).content)
    assert export["cases"][0]["mensbeeld"]["reputation"] == "Positief"


# --- 8. Readable for people --------------------------------------------------------------------


def test_history_shows_dutch_dates_and_labels(cast, client_for):
    case = cast.new_case(decided=True)
    page = client_for(cast.casemanager).get(reverse("cases:history", args=[case.pk]))
    text = page.content.decode()
    recorded = text.split("Besluit vastgelegd op:")[1][:200]
    assert re.search(r"\d{1,2} [a-z]+ \d{4}, \d\d:\d\d", recorded)
    assert "+00:00" not in text and "decided_at" not in text
    assert "Doorslaggevende argumenten" in text and "w" + str(ArgumentWeight.objects.first().pk) \
        not in text.split("Doorslaggevende argumenten")[1][:300]
