"""The walk's views: plain forms without JavaScript, one-field htmx autosave, validation in
Dutch, nothing the user typed lost, permissions on every POST, and constant query counts."""

import pytest
from django.urls import reverse

from cards.models import CardKind
from cards.services import card_view
from cases import services
from cases.models import Answer, ArgumentWeight, Case, OwnArgument, OwnSignal, SignalMark
from tests.factories import PRECEDENT, complete_decision

STEPS = ["casus", "signalen", "verkennen", "afwegen", "besluit", "na"]


def htmx(client, url, field, data):
    return client.post(url, data, headers={"HX-Request": "true", "HX-Trigger-Name": field})


def step(case, name):
    return reverse("cases:step", args=[case.pk, name])


def maatwerk_option(case, **extra):
    return services.add_option(case, kind="maatwerk", title="Afzien",
                               deviated_rule="Beleidsregel", **extra)


# --- Creating a case -----------------------------------------------------------------------


def test_new_case_needs_only_a_title(cast, client_for):
    client = client_for(cast.casemanager)
    response = client.post("/casussen/nieuw/", {"title": "Boete na te late melding",
                                                "team": cast.centrum.pk, "inwoner_ref": ""})
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == step(case, "casus")
    assert case.team == cast.centrum and case.owner == cast.casemanager
    assert case.card_set.is_active and case.status == "concept"
    standard = case.options.get()
    assert standard.is_standard and standard.order == 1 and standard.kind == "standaard"


def test_new_case_without_title_says_so_in_dutch_and_keeps_the_reference(cast, client_for):
    response = client_for(cast.casemanager).post(
        "/casussen/nieuw/", {"title": "", "team": cast.centrum.pk, "inwoner_ref": "DOS-9"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Dit veld is verplicht." in page
    assert 'value="DOS-9"' in page
    assert not Case.objects.exists()


@pytest.mark.parametrize("value", ["123456782", "1234.56.782"])
def test_a_bsn_is_never_accepted_as_reference(cast, client_for, value):
    response = client_for(cast.casemanager).post(
        "/casussen/nieuw/", {"title": "Casus", "team": cast.centrum.pk, "inwoner_ref": value})
    assert "Je tekst lijkt een BSN te bevatten" in response.content.decode()
    assert not Case.objects.exists()


def test_a_number_that_is_not_a_bsn_is_fine(cast, client_for):
    client_for(cast.casemanager).post(
        "/casussen/nieuw/", {"title": "Casus", "team": cast.centrum.pk,
                             "inwoner_ref": "123456789"})  # fails the elfproef
    assert Case.objects.get().inwoner_ref == "123456789"


# --- Autosave of one field -----------------------------------------------------------------


def test_autosave_saves_one_field_with_a_small_response(case, cast, client_for):
    client = client_for(cast.casemanager)
    response = htmx(client, step(case, "casus"), "buikpijn",
                    {"buikpijn": "Ze wordt dubbel gestraft.", "version": case.version})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Opgeslagen om" in body
    assert 'id="status-buikpijn"' in body
    assert 'hx-swap-oob="true"' in body and 'value="2"' in body
    assert len(response.content) < 2048
    case.refresh_from_db()
    assert case.buikpijn == "Ze wordt dubbel gestraft." and case.version == 2
    assert case.title == "Schuld door te late melding"  # other fields untouched


def test_autosave_of_a_too_long_text_is_refused_in_dutch(case, cast, client_for):
    response = htmx(client_for(cast.casemanager), step(case, "casus"), "buikpijn",
                    {"buikpijn": "x" * 5001, "version": case.version})
    assert response.status_code == 422
    assert "Niet opgeslagen:" in response.content.decode()
    assert "5000" in response.content.decode()
    case.refresh_from_db()
    assert case.buikpijn == "Dit voelt niet goed."


def test_autosave_conflict_answers_409_with_the_other_text(case, cast, client_for):
    client = client_for(cast.colleague)
    htmx(client, step(case, "casus"), "buikpijn", {"buikpijn": "Van Ahmed.", "version": 1})
    response = htmx(client_for(cast.casemanager), step(case, "casus"), "buikpijn",
                    {"buikpijn": "Van Sanne.", "version": 1})
    assert response.status_code == 409
    body = response.content.decode()
    assert "iemand anders wijzigde dit veld intussen" in body
    assert "Van Ahmed." in body and "Casemanager2 schreef op" in body
    case.refresh_from_db()
    assert case.buikpijn == "Van Ahmed."


def test_autosave_of_an_unknown_field_is_a_bad_request(case, cast, client_for):
    response = htmx(client_for(cast.casemanager), step(case, "casus"), "owner",
                    {"owner": cast.outsider.pk, "version": 1})
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.owner == cast.casemanager


def test_autosave_without_a_version_asks_for_a_reload(case, cast, client_for):
    response = htmx(client_for(cast.casemanager), step(case, "casus"), "buikpijn",
                    {"buikpijn": "x"})
    assert response.status_code == 400
    assert "Ververs de pagina" in response.content.decode()


# --- Plain forms (no JavaScript) -----------------------------------------------------------


def test_casus_step_works_as_a_plain_form(case, cast, client_for, cardbook):
    client = client_for(cast.casemanager)
    data = {"title": "Nieuwe titel", "inwoner_ref": "DOS-2", "household": "gezin",
            "age_bracket": "", "regeling_ids": [], "request": "Uitstel.",
            "standard_outcome": "Afwijzing.", "buikpijn": "Klopt niet.",
            "deadline": "31-12-2026", "version": case.version}
    response = client.post(step(case, "casus"), data)
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.title, case.household, str(case.deadline)) == ("Nieuwe titel", "gezin",
                                                               "2026-12-31")
    page = client.get(step(case, "casus")).content.decode()
    assert "Klopt niet." in page and "Opgeslagen." in page


def test_invalid_plain_form_keeps_every_word(case, cast, client_for):
    data = {"title": "", "request": "Een lange vraag die niet verloren mag gaan.",
            "deadline": "morgen", "version": case.version}
    response = client_for(cast.casemanager).post(step(case, "casus"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Dit veld is verplicht." in page
    assert "Een lange vraag die niet verloren mag gaan." in page
    assert "Voer een geldige datum in." in page


def test_signals_plain_form_marks_and_notes(case, cast, client_for):
    view = card_view(case.card_set, CardKind.SIGNALEN)
    first, second = list(view.items_by_id.values())[:2]
    data = {"sig-s01_1-marked": "on", "sig-s01_1-note": "Gezien.", "sig-s01_1-version": 0,
            "sig-s01_2-note": "Alleen een notitie.", "sig-s01_2-version": 0}
    response = client_for(cast.casemanager).post(step(case, "signalen"), data)
    assert response.status_code == 302
    marks = {m.item_id: m for m in SignalMark.objects.filter(case=case)}
    assert marks[first.pk].marked and marks[first.pk].note == "Gezien."
    assert not marks[second.pk].marked and marks[second.pk].note == "Alleen een notitie."


def test_signal_autosave(case, cast, client_for):
    response = htmx(client_for(cast.casemanager), step(case, "signalen"), "sig-s02_1-marked",
                    {"sig-s02_1-marked": "on", "sig-s02_1-version": 0})
    assert response.status_code == 200
    assert SignalMark.objects.get(case=case).marked


def test_own_signal_is_added_apart_from_the_booklet(case, cast, client_for):
    client = client_for(cast.casemanager)
    response = client.post(reverse("cases:add_own_signal", args=[case.pk]),
                           {"section_key": "inwoner", "text": "Ze heeft geen telefoon.",
                            "note": ""})
    assert response.status_code == 302
    own = OwnSignal.objects.get(case=case)
    page = client.get(step(case, "signalen")).content.decode()
    assert "Eigen signaal" in page and "Ze heeft geen telefoon." in page
    client.post(reverse("cases:delete_own_signal", args=[case.pk, own.pk]))
    assert not OwnSignal.objects.exists()


def test_signalen_shows_one_column_per_page(case, cast, client_for):
    """The card's two columns each on their own page (issue 16: Signalen was 5 200 px); a
    mark in one column is listed on the other, and a plain post of one column leaves the
    other's marks alone."""
    view = card_view(case.card_set, CardKind.SIGNALEN)
    inwoner, uitvoerder = view.sections
    first_own = inwoner.clusters.all()[0].items.all()[0]
    first_other = uitvoerder.clusters.all()[0].items.all()[0]
    client = client_for(cast.casemanager)
    page = client.get(step(case, "signalen")).content.decode()
    assert first_own.text in page and first_other.text not in page
    assert 'aria-current="page">Signalen van inwoner' in page.replace("\n", "")
    client.post(step(case, "signalen") + "?kolom=inwoner",
                {"sig-s01_1-marked": "on", "sig-s01_1-version": 0})
    other = client.get(step(case, "signalen") + "?kolom=uitvoerder").content.decode()
    assert first_other.text in other and 'name="sig-s01_1-marked"' not in other
    assert "Aangevinkt bij Signalen van inwoner" in other and first_own.text in other
    # A plain post of this column (nothing of the other in it) keeps the inwoner's mark.
    response = client.post(step(case, "signalen") + "?kolom=uitvoerder", {})
    assert response.status_code == 302 and "kolom=uitvoerder" in response["Location"]
    assert SignalMark.objects.get(case=case, item=first_own).marked
    # An unknown column is the first one.
    assert first_own.text in client.get(step(case, "signalen") + "?kolom=xyz").content.decode()
    # An own signal goes back to its own column.
    response = client.post(reverse("cases:add_own_signal", args=[case.pk]),
                           {"section_key": "uitvoerder", "text": "Dossier zoek.", "note": ""})
    assert response["Location"].endswith("?kolom=uitvoerder#eigen-signalen")


def test_verkennen_has_questions_and_options_on_their_own_pages(case, cast, client_for):
    """Verkennen was 8 300 px (issue 16): the Tijdens questions, the options with their cost
    lines and the comparison of their costs are three parts; adding an option goes back to
    the options."""
    client = client_for(cast.casemanager)
    questions = client.get(step(case, "verkennen")).content.decode()
    assert "Wat is de aanleiding van deze casus?" in questions
    assert 'id="nieuwe-optie"' not in questions and "Verder naar Opties en kosten" in questions
    options = client.get(step(case, "verkennen") + "?deel=opties").content.decode()
    assert 'id="nieuwe-optie"' in options and "Wat is de aanleiding van deze casus?" not in (
        options)
    # A new option starts as an ordinary one, not as maatwerk.
    import re

    checked = re.findall(r'<input type="radio" name="new-kind" value="(\w+)"[^>]*checked', options)
    assert checked == ["op_maat"]
    response = client.post(reverse("cases:add_option", args=[case.pk]), {
        "new-title": "Huurschuld overnemen", "new-kind": "op_maat"})
    assert response.status_code == 302 and "?deel=opties&optie=" in response["Location"]
    # Right after adding one, the form for the next stays open.
    assert "&nieuw#" in response["Location"]
    assert '<details class="panel add-own" id="nieuwe-optie" open>' in client.get(
        response["Location"]).content.decode()
    # With only the standard option the form to add one is open; otherwise it folds away,
    # and "?nieuw" (also the link from Afwegen when there is nothing to weigh) opens it.
    assert '<details class="panel add-own" id="nieuwe-optie" open>' in options
    options = client.get(step(case, "verkennen") + "?deel=opties").content.decode()
    assert '<details class="panel add-own" id="nieuwe-optie">' in options
    assert "Kosten over de jaren" not in options and "Verder naar Kosten vergelijken" in options
    asked = client.get(step(case, "verkennen") + "?deel=opties&nieuw").content.decode()
    assert '<details class="panel add-own" id="nieuwe-optie" open>' in asked
    comparison = client.get(step(case, "verkennen") + "?deel=vergelijken").content.decode()
    assert "Kosten over de jaren" in comparison and 'id="nieuwe-optie"' not in comparison
    assert "Verder naar Afwegen" in comparison


def test_answers_are_saved_per_question_cluster(case, cast, client_for):
    client = client_for(cast.casemanager)
    response = htmx(client, step(case, "verkennen"), "answer-v04",
                    {"answer-v04": "Melding van de woningcorporatie.", "answer-v04-version": 0})
    assert response.status_code == 200
    answer = Answer.objects.get(case=case)
    assert answer.cluster.heading == "Wat is de aanleiding van deze casus?"
    assert answer.text == "Melding van de woningcorporatie."


def test_options_with_costs_and_the_cost_comparison(case, cast, client_for):
    client = client_for(cast.casemanager)
    standard = case.options.get()
    add_line(client, case, standard, amount="1500", period="per_jaar")
    response = client.post(reverse("cases:add_option", args=[case.pk]), {
        "new-title": "Schuld overnemen", "new-kind": "maatwerk",
        "new-deviated_rule": "Beleidsregel"})
    assert response.status_code == 302
    assert case.options.count() == 2
    add_line(client, case, case.options.get(order=2), amount="2400,00")
    page = client.get(step(case, "verkennen") + "?deel=opties").content.decode()
    assert "€ 2.400,00" in page
    comparison = client.get(step(case, "verkennen") + "?deel=vergelijken").content.decode()
    assert "Na ongeveer 1,6 jaar wordt 2. Schuld overnemen goedkoper dan 1. Standaardprocedure" \
        in comparison and "Kosten over de jaren" not in page


def add_line(client, case, option, **fields):
    prefix = f"kost{option.pk}"
    data = {"direction": "kosten", "period": "eenmalig", "party": "eigen", **fields}
    response = client.post(reverse("cases:add_cost_line", args=[case.pk, option.pk]),
                           {f"{prefix}-{name}": value for name, value in data.items()})
    assert response.status_code == 302, response.content.decode()[:500]
    return response


def test_a_maatwerk_option_needs_the_rule_it_deviates_from(case, cast, client_for):
    response = client_for(cast.casemanager).post(
        reverse("cases:add_option", args=[case.pk]),
        {"new-title": "Afwijken", "new-kind": "maatwerk"})
    page = response.content.decode()
    assert "Noem de regel waarvan je afwijkt." in page
    assert 'value="Afwijken"' in page
    assert case.options.count() == 1


def test_the_standard_option_cannot_be_deleted(case, cast, client_for):
    standard = case.options.get()
    response = client_for(cast.casemanager).post(
        reverse("cases:delete_option", args=[case.pk, standard.pk]))
    assert response.status_code == 404
    assert case.options.count() == 1


def theme(case, option, key="welzijn"):
    return reverse("cases:weigh_theme", args=[case.pk, option.pk, key])


def test_afwegen_opens_on_the_first_theme_of_the_first_maatwerk_option(case, cast, client_for):
    from privacy.models import AccessLogEntry

    option = maatwerk_option(case)
    client = client_for(cast.casemanager)
    before = AccessLogEntry.objects.filter(case_id=case.pk).count()
    response = client.get(step(case, "afwegen"))
    page = response.content.decode()
    # Shown in place, no redirect: one request, one read in the logboek (there were two).
    assert response.status_code == 200
    assert AccessLogEntry.objects.filter(case_id=case.pk).count() == before + 1
    assert 'id="thema-welzijn"' in page
    assert f'action="{theme(case, option)}"' in page  # its forms post to the theme's URL
    assert "Maatwerk lost financiële problemen" in page  # the theme's first argument
    assert f'href="{theme(case, option)}" aria-current="page"' in page  # its tab is current
    # A plain POST to the step URL itself goes on to the theme, as before.
    posted = client.post(step(case, "afwegen"), {})
    assert posted.status_code == 302 and posted["Location"] == theme(case, option)


def test_weighing_an_argument_refreshes_the_theme_in_words(case, cast, client_for):
    option = maatwerk_option(case)
    response = htmx(client_for(cast.casemanager), theme(case, option), "arg-a01_1-weight",
                    {"arg-a01_1-weight": "zwaar", "arg-a01_1-version": 0})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="spiegel-welzijn" hx-swap-oob="true"' in body
    assert "Zo woog je Welzijn" in body
    assert "Maatwerk lost financiële problemen" in body.split("zwaar")[1]
    assert ArgumentWeight.objects.get().weight == "zwaar"


def test_an_argument_of_another_theme_is_not_saved_on_this_page(case, cast, client_for):
    option = maatwerk_option(case)
    response = htmx(client_for(cast.casemanager), theme(case, option, "bestuur"),
                    "arg-a01_1-weight", {"arg-a01_1-weight": "zwaar", "arg-a01_1-version": 0})
    assert response.status_code == 400
    assert not ArgumentWeight.objects.exists()


def test_own_argument_per_theme_and_stance(case, cast, client_for):
    option = maatwerk_option(case)
    client = client_for(cast.casemanager)
    client.post(reverse("cases:add_own_argument", args=[case.pk, option.pk]), {
        "section_key": "financien", "stance": "tegen", "text": "Het budget is op.",
        "weight": "zwaar", "note": ""})
    own = OwnArgument.objects.get()
    assert (own.section_key, own.stance, own.weight) == ("financien", "tegen", "zwaar")
    page = client.get(theme(case, option, "financien")).content.decode()
    assert "Eigen argument" in page and "Het budget is op." in page
    mirror = page.split('id="spiegel-financien"')[1].split("</section>")[0]
    assert "Tegen" in mirror and "zwaar" in mirror and "Het budget is op." in mirror


def test_without_a_maatwerk_option_afwegen_explains_how_to_get_one(case, cast, client_for):
    client = client_for(cast.casemanager)
    page = client.get(step(case, "afwegen")).content.decode()
    assert "Er is nog geen maatwerkoptie om af te wegen." in page
    assert "Toets je mensbeeld" in page
    assert client.get(reverse("cases:mensbeeld", args=[case.pk])).status_code == 200


# --- The decision ------------------------------------------------------------------------


MOTIVATION = "De huurschuld ontstond door een fout van de gemeente zelf."


def decide(client, case, part="besluit", **fields):
    data = {"outcome": "maatwerk", "motivation": MOTIVATION,
            "proportionality": "Een eenmalige betaling weegt op tegen een uitzetting.",
            "deviated_rule": "Beleidsregel", "legal_ground": "4:84",
            "version": Case.objects.get(pk=case.pk).version, "action": "vastleggen", **fields}
    url = step(case, "besluit") if part == "besluit" else reverse(
        "cases:decision_part", args=[case.pk, part])
    return client.post(url, data)


def test_recording_a_decision_asks_for_what_is_missing(case, cast, client_for):
    client = client_for(cast.casemanager)
    response = decide(client, case, outcome="maatwerk", motivation="", deviated_rule="")
    assert response.status_code == 200  # shown again, each problem at its field
    page = response.content.decode()
    assert "nog niet vastgelegd" in page
    assert "Beschrijf de feiten en belangen die je hebt gewogen." in page
    assert "Kies de optie die je uitvoert." in page
    assert "Noem de regel waarvan je afwijkt." in page
    # …and what is asked on the other parts, with a link to it
    assert "Kies ten minste één argument" in page or "nog geen argumenten gewogen" in page
    assert reverse("cases:decision_part", args=[case.pk, "vervolg"]) + "#veld-inwoner_view" \
        in page
    case.refresh_from_db()
    assert case.decided_at is None
    assert case.proportionality.startswith("Een eenmalige betaling")  # what was typed is kept


def test_recording_a_complete_decision(case, cast, client_for):
    option = maatwerk_option(case)
    weight = services.weigh(case, option, card_view(case.card_set, CardKind.ARGUMENTEN)
                            .items_by_key["a01.1"], "zwaar")
    client = client_for(cast.casemanager)
    decide(client, case, chosen_option=option.pk, action="")
    decide(client, case, "doorslag", decisive_keys=[f"w{weight.pk}"], action="",
           decisive_reasoning="Zonder hulp raakt het gezin het huis kwijt, dat weegt zwaarder.")
    missing = decide(client, case, "casuistiek").content.decode()
    assert "Beschrijf de situatie kort en zonder namen." in missing
    decide(client, case, "casuistiek", action="", **PRECEDENT)
    response = decide(client, case, "vervolg", inwoner_heard="ja",
                      inwoner_view="Mevrouw legde uit dat de brief te laat kwam bij haar.",
                      evaluation_date="2099-01-01")
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.decided_at is not None and case.decided_by == cast.casemanager
    assert client.get(step(case, "na")).status_code == 200


def test_the_app_never_decides_from_the_weights(case, cast, client_for):
    """However heavy the weights, outcome and decision stay empty until the user chooses,
    and no page shows a sum, a lean or a tilt."""
    option = maatwerk_option(case)
    for item in card_view(case.card_set, CardKind.ARGUMENTEN).items_by_id.values():
        services.weigh(case, option, item, "zwaar" if item.cluster.stance == "voor" else "nvt")
    client = client_for(cast.casemanager)
    pages = [client.get(step(case, name), follow=True).content.decode() for name in STEPS[:5]]
    pages.append(client.get(reverse("cases:weigh", args=[case.pk, option.pk])).content.decode())
    case.refresh_from_db()
    assert case.outcome == "" and case.chosen_option is None and case.decided_at is None
    decision_page = client.get(step(case, "besluit")).content.decode()
    assert 'checked' not in decision_page.split('name="outcome"')[1].split("</fieldset>")[0]
    for page in pages:
        for lean in ("voor 3", "zwaarder aan de kant", "in evenwicht", "tegen de weging in"):
            assert lean not in page


def test_after_the_decision_step_is_closed_until_decided(case, cast, client_for):
    response = client_for(cast.casemanager).get(step(case, "na"))
    assert response.status_code == 302 and response["Location"] == step(case, "besluit")


# --- Permissions on the walk ---------------------------------------------------------------


def test_teamleider_reads_but_cannot_edit(case, cast, client_for):
    client = client_for(cast.teamleider)
    page = client.get(step(case, "casus")).content.decode()
    assert "disabled" in page and "hx-post" not in page
    response = htmx(client, step(case, "casus"), "buikpijn", {"buikpijn": "x", "version": 1})
    assert response.status_code == 403
    assert client.post(step(case, "casus"), {"title": "x", "version": 1}).status_code == 302
    case.refresh_from_db()
    assert case.buikpijn == "Dit voelt niet goed." and case.title != "x"


def test_a_colleague_in_the_team_can_edit(case, cast, client_for):
    response = htmx(client_for(cast.colleague), step(case, "casus"), "buikpijn",
                    {"buikpijn": "Aangevuld door Ahmed.", "version": 1})
    assert response.status_code == 200


@pytest.mark.parametrize("name", STEPS)
def test_another_team_gets_404_on_every_step(case, cast, client_for, name):
    client = client_for(cast.outsider)
    assert client.get(step(case, name)).status_code == 404
    assert client.post(step(case, name), {"buikpijn": "x", "version": 1}).status_code == 404


def test_decided_case_is_read_only(cast, client_for):
    case = cast.new_case(approved=True)
    response = htmx(client_for(cast.casemanager), step(case, "casus"), "buikpijn",
                    {"buikpijn": "x", "version": 1})
    assert response.status_code == 403


# --- Query budget: constant however much is marked -----------------------------------------


def fill_everything(case, note="n", answer="a", own=5, own_signals=5):
    """Every signal marked, every argument weighed and every question answered (with
    ``note`` and ``answer``), ``own`` own arguments in Welzijn, and the decision recorded."""
    option = maatwerk_option(case)
    services.add_cost_line(option, amount=100)
    for item in card_view(case.card_set, CardKind.SIGNALEN).items_by_id.values():
        services.mark_signal(case, item, note)
    for item in card_view(case.card_set, CardKind.ARGUMENTEN).items_by_id.values():
        services.weigh(case, option, item, "licht", note)
    for section in card_view(case.card_set, CardKind.VRAGEN).sections:
        for cluster in section.clusters.all():
            services.answer(case, cluster, answer)
    for i in range(own_signals):
        services.add_own_signal(case, "inwoner", f"eigen {i}")
    for i in range(own):
        services.add_own_argument(case, option, "welzijn", "voor", f"eigen {i}")
    complete_decision(case, case.owner)
    return option


def page_urls(case, option):
    return [step(case, name) for name in STEPS if name != "afwegen"] + [
        reverse("cases:weigh", args=[case.pk, option.pk]),
        reverse("cases:weigh_theme", args=[case.pk, option.pk, "bestuur"]),
        reverse("cases:mensbeeld", args=[case.pk]),
        reverse("cases:summary", args=[case.pk]),
        reverse("cases:history", args=[case.pk]),
    ]


def count_queries(client, url, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm the per-process card cache
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_walk_pages_use_a_constant_number_of_queries(cast, client_for,
                                                     django_assert_max_num_queries):
    client = client_for(cast.casemanager)
    empty = cast.new_case(title="Leeg")
    empty_option = maatwerk_option(empty)
    complete_decision(empty, empty.owner)
    full = cast.new_case(title="Vol")
    full_option = fill_everything(full)
    for empty_url, full_url in zip(page_urls(empty, empty_option),
                                   page_urls(full, full_option), strict=True):
        if "geschiedenis" in empty_url:
            continue  # history grows with the changes it lists, by design
        n_empty = count_queries(client, empty_url, django_assert_max_num_queries)
        n_full = count_queries(client, full_url, django_assert_max_num_queries)
        assert n_full == n_empty, (full_url, n_empty, n_full)
        assert n_full <= 30, (full_url, n_full)


@pytest.mark.parametrize("name", STEPS)
def test_query_budget_per_walk_page(case, cast, client_for, name,
                                    django_assert_max_num_queries):
    option = fill_everything(case)
    client = client_for(cast.casemanager)
    url = step(case, name) if name != "afwegen" else reverse(
        "cases:weigh_theme", args=[case.pk, option.pk, "bestuur"])
    client.get(url)
    with django_assert_max_num_queries(30):
        assert client.get(url).status_code == 200


def test_a_text_too_long_is_refused_with_a_message_never_cut(case, cast, client_for):
    """The browser would cut a paste at maxlength and then say "Opgeslagen": the page sets no
    maxlength on a text area, and the server refuses the whole text with a Dutch message."""
    client = client_for(cast.casemanager)
    page = client.get(step(case, "casus")).content.decode()
    area = page[page.index('<textarea name="buikpijn"'):].split(">", 1)[0]
    assert "maxlength" not in area.replace("data-maxlength", "")
    assert 'data-maxlength="' in area
    response = htmx(client, step(case, "casus"), "buikpijn",
                    {"buikpijn": "lang " * 1200, "version": case.version})
    assert response.status_code == 422
    assert "Niet opgeslagen" in response.content.decode()
    case.refresh_from_db()
    assert case.buikpijn == "Dit voelt niet goed."  # unchanged: nothing cut and saved


def test_option_fields_are_folded_except_the_new_one_or_one_in_error(case, cast, client_for):
    """Verkennen's options part stays short: each option shows its title, kind and costs;
    its fields open for the option just added or one whose save was refused."""
    client = client_for(cast.casemanager)
    standard = case.options.get()
    url = step(case, "verkennen") + "?deel=opties"
    page = client.get(url).content.decode()
    assert '<details class="option-edit">' in page and '<details class="option-edit" open>' \
        not in page
    added = client.post(reverse("cases:add_option", args=[case.pk]),
                        {"new-title": "Betalingsregeling", "new-kind": "op_maat"})
    page = client.get(added["Location"]).content.decode()
    assert page.count('<details class="option-edit" open>') == 1
    refused = client.post(reverse("cases:option", args=[case.pk, standard.pk]), {
        f"opt{standard.pk}-title": "", f"opt{standard.pk}-kind": "standaard",
        f"opt{standard.pk}-version": standard.version}).content.decode()
    assert refused.count('<details class="option-edit" open>') == 1
    assert "Dit veld is verplicht." in refused


def states(case):
    fresh = services.attach_progress(Case.objects.get(pk=case.pk))
    return {s.key: s.state for s in services.step_states(fresh)}


def test_the_steps_say_what_is_filled_in(cast):
    """The step boxes: each step turns from "nog leeg" to "ingevuld" by what the
    professional did there, a weight of n.v.t. is no weighing, and Verkennen is only
    "ingevuld" with an answer and an option besides the standard procedure."""
    case = cast.new_case(title="Voortgang", request="", standard_outcome="", buikpijn="")
    assert set(states(case).values()) == {"leeg"}
    signal = next(iter(card_view(case.card_set, CardKind.SIGNALEN).items_by_id.values()))
    services.mark_signal(case, signal, "", marked=False)
    assert states(case)["signalen"] == "leeg"  # an unmarked signal is nothing yet
    services.mark_signal(case, signal, "Gezien.")
    assert states(case)["signalen"] == "ingevuld"
    cluster = card_view(case.card_set, CardKind.VRAGEN).sections[0].clusters.first()
    services.answer(case, cluster, "")
    assert states(case)["verkennen"] == "leeg"
    services.answer(case, cluster, "Een antwoord.")
    assert states(case)["verkennen"] == "bezig"
    option = services.add_option(case, title="Afwijken", kind="maatwerk",
                                 deviated_rule="Beleidsregel")
    assert states(case)["verkennen"] == "ingevuld"
    argument = next(iter(card_view(case.card_set, CardKind.ARGUMENTEN).items_by_id.values()))
    services.weigh(case, option, argument, "nvt")
    assert states(case)["afwegen"] == "leeg"
    services.weigh(case, option, argument, "zwaar")
    assert states(case)["afwegen"] == "ingevuld"
    OwnSignal.objects.all().delete()
    SignalMark.objects.filter(case=case).update(marked=False)
    services.add_own_signal(case, "inwoner", "Eigen signaal")
    assert states(case)["signalen"] == "ingevuld"  # an own signal counts too
