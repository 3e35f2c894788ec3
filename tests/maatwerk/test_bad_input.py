"""Bad input (security checklist #16): random, oversized, unicode, null-byte and HTML payloads
posted to every form and htmx endpoint. Never a 500; refusals carry a Dutch message; nothing
already saved is lost."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import TeamFrameAnswer
from cases.models import Answer, ArgumentWeight, Case, Option, SignalMark

NASTY = [
    "", " ", "\x00", "a\x00b", "\u202eevil", "💥" * 50, "<script>alert(1)</script>",
    "' OR 1=1; --", "x" * 100_000, "\ud7ff\ue000", "٣٤٥", "Ω≈ç√∫˜µ≤≥÷", "123456782",
    "1e309", "NaN", "-1", "9" * 40, "1.250,50", "0,01", "2026-02-30", "31-12-2026",
    "<b>vet</b>", "\r\n\t", "null", "[]", "{}",
]
text = st.one_of(st.sampled_from(NASTY),
                 st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=300),
                 st.builds(lambda chunk, n: (chunk * n)[:n], st.sampled_from(["a", "é ", "💥"]),
                           st.integers(4_990, 10_010)))
FAST = settings(max_examples=30, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow, HealthCheck.data_too_large])

CASE_FIELDS = ["title", "inwoner_ref", "household", "age_bracket", "regeling_ids", "request",
               "standard_outcome", "buikpijn", "deadline"]
DECISION_FIELDS = ["outcome", "chosen_option", "motivation", "proportionality",
                   "deviated_rule", "legal_ground", "against_weighing", "structural",
                   "structural_description", "inform", "evaluation_date"]
OPTION_FIELDS = ["title", "description", "kind", "deviated_rule", "rule_type"]


def snapshot(case):
    case = Case.objects.get(pk=case.pk)
    return {f.attname: getattr(case, f.attname) for f in Case._meta.concrete_fields
            if f.attname not in ("version", "updated_at")}


def check(response, *, saved_before, saved_after, changed_field=None):
    if changed_field:
        changed_field = Case._meta.get_field(changed_field).attname
    assert response.status_code < 500, response.content[:300]
    if response.status_code == 422:
        assert "Niet opgeslagen:" in response.content.decode()
    lost = {k for k in saved_before if saved_before[k] != saved_after[k]} - {changed_field}
    assert not lost, f"changed without being posted: {lost}"
    if response.status_code in (400, 403, 409, 422) and changed_field:
        assert saved_before[changed_field] == saved_after[changed_field]


def htmx(client, url, name, data):
    return client.post(url, data, headers={"HX-Request": "true", "HX-Trigger-Name": name})


@pytest.fixture
def submitted_case(cast):
    return cast.new_case(submitted=True)


@pytest.fixture
def editor(case, cast, client_for):
    return client_for(cast.casemanager)


@FAST
@given(field=st.sampled_from(CASE_FIELDS), value=text)
def test_case_fields_autosave(case, editor, field, value):
    before = snapshot(case)
    version = Case.objects.get(pk=case.pk).version
    response = htmx(editor, reverse("cases:step", args=[case.pk, "casus"]), field,
                    {field: value, "version": version})
    check(response, saved_before=before, saved_after=snapshot(case), changed_field=field)


@FAST
@given(values=st.fixed_dictionaries({f: text for f in CASE_FIELDS}), version=text)
def test_case_step_whole_form(case, editor, values, version):
    before = snapshot(case)
    response = editor.post(reverse("cases:step", args=[case.pk, "casus"]),
                           {**values, "version": version})
    after = snapshot(case)
    assert response.status_code < 500
    if response.status_code == 200:  # refused: shown again with the errors, nothing saved
        assert before == after


@FAST
@given(field=st.sampled_from(DECISION_FIELDS), value=text, record=st.booleans())
def test_decision_fields(case, editor, field, value, record):
    before = snapshot(case)
    version = Case.objects.get(pk=case.pk).version
    url = reverse("cases:step", args=[case.pk, "besluit"])
    if record:
        response = editor.post(url, {field: value, "version": version, "action": "vastleggen"})
        assert response.status_code < 500
    else:
        response = htmx(editor, url, field, {field: value, "version": version})
        check(response, saved_before=before, saved_after=snapshot(case), changed_field=field)


@FAST
@given(marked=st.sampled_from(["on", "", "\x00", "ja"]), note=text, version=text)
def test_signal_marks(case, editor, marked, note, version):
    url = reverse("cases:step", args=[case.pk, "signalen"])
    for name, data in [("sig-s01_1-marked", {"sig-s01_1-marked": marked}),
                       ("sig-s01_1-note", {"sig-s01_1-note": note})]:
        before = list(SignalMark.objects.filter(case=case).values_list("marked", "note"))
        response = htmx(editor, url, name, {**data, "sig-s01_1-version": version})
        assert response.status_code < 500
        if response.status_code != 200:
            assert list(SignalMark.objects.filter(case=case).values_list(
                "marked", "note")) == before
    response = editor.post(url, {"sig-s02_1-marked": marked, "sig-s02_1-note": note,
                                 "sig-s02_1-version": version})
    assert response.status_code < 500


@FAST
@given(section=text, own=text, note=text)
def test_own_signals_and_arguments(case, editor, section, own, note):
    option, _ = Option.objects.get_or_create(case=case, order=2, kind="maatwerk",
                                             defaults={"title": "Afwijken"})
    for url in (reverse("cases:add_own_signal", args=[case.pk]),
                reverse("cases:add_own_argument", args=[case.pk, option.pk])):
        response = editor.post(url, {"section_key": section, "text": own, "note": note,
                                     "stance": section, "weight": note})
        assert response.status_code < 500


@FAST
@given(values=st.fixed_dictionaries({f: text for f in OPTION_FIELDS}),
       field=st.sampled_from(OPTION_FIELDS))
def test_options(case, editor, values, field):
    response = editor.post(reverse("cases:add_option", args=[case.pk]),
                           {f"new-{k}": v for k, v in values.items()})
    assert response.status_code < 500
    standard = case.options.get(is_standard=True)
    before = Option.objects.filter(pk=standard.pk).values().get()
    name = f"opt{standard.pk}-{field}"
    response = htmx(editor, reverse("cases:option", args=[case.pk, standard.pk]), name,
                    {name: values[field], f"opt{standard.pk}-version": standard.version})
    assert response.status_code < 500
    after = Option.objects.filter(pk=standard.pk).values().get()
    lost = {k for k in before if before[k] != after[k]} - {field, "version"}
    assert not lost


@FAST
@given(weight=text, note=text, answer=text)
def test_weights_and_answers(case, editor, weight, note, answer):
    option, _ = Option.objects.get_or_create(case=case, order=2, kind="maatwerk",
                                             defaults={"title": "Afwijken"})
    url = reverse("cases:weigh_theme", args=[case.pk, option.pk, "welzijn"])
    for name, value in (("arg-a01_1-weight", weight), ("arg-a01_1-note", note)):
        before = list(ArgumentWeight.objects.values_list("weight", "note"))
        response = htmx(editor, url, name, {name: value, "arg-a01_1-version": 0})
        assert response.status_code < 500
        if response.status_code not in (200,):
            assert list(ArgumentWeight.objects.values_list("weight", "note")) == before
    before = list(Answer.objects.values_list("text", flat=True))
    response = htmx(editor, reverse("cases:step", args=[case.pk, "verkennen"]), "answer-v04",
                    {"answer-v04": answer, "answer-v04-version": 0})
    assert response.status_code < 500
    if response.status_code == 422:
        assert list(Answer.objects.values_list("text", flat=True)) == before


@FAST
@given(comment=text, action=text, reason=text, about=text)
def test_review_forms(submitted_case, cast, client_for, comment, action, reason, about):
    case = submitted_case
    leader = client_for(cast.teamleider)
    for url, data in [
        (reverse("reviews:review", args=[case.pk]), {"comment": comment, "action": action}),
        (reverse("reviews:reopen", args=[case.pk]), {"reason": reason}),
        (reverse("reviews:comment", args=[case.pk]), {"about": about, "text": comment,
                                                     "next": reason}),
        (reverse("reviews:advice", args=[case.pk]), {"adviser": about, "question": reason}),
    ]:
        response = leader.post(url, data)
        assert response.status_code < 500
        if response.status_code == 302:
            assert response["Location"].startswith("/"), "no open redirect"


@FAST
@given(answer=text, query=text)
def test_team_frame_search_and_filters(cast, client_for, answer, query):
    leader = client_for(cast.teamleider)
    response = htmx(leader, "/teamkader/", "v01_1", {"v01_1": answer, "v01_1-version": 0})
    assert response.status_code < 500
    if response.status_code == 422:
        assert "Niet opgeslagen:" in response.content.decode()
    assert leader.post("/casussen/team/", {"q": query, "status": query},
                       follow=True).status_code < 500
    assert leader.get("/casussen/team/", {"zoek": query, "status": query,
                                          "pagina": query}).status_code < 500
    beheer = client_for(cast.beheerder)
    assert beheer.get("/logboek/", {"case_ref": query, "actor": query, "action": query,
                                    "pagina": query}).status_code < 500
    assert beheer.post("/inzageverzoek/", {"inwoner_ref": query}).status_code < 500
    assert TeamFrameAnswer.objects.count() <= 1


@FAST
@given(username=text, password=text)
def test_login_form(cast, client, username, password):
    response = client.post("/inloggen/", {"username": username, "password": password})
    assert response.status_code in (200, 302, 429)


def test_null_bytes_get_a_dutch_message_not_a_database_error(case, editor):
    response = htmx(editor, reverse("cases:step", args=[case.pk, "casus"]), "buikpijn",
                    {"buikpijn": "a\x00b", "version": 1})
    assert response.status_code == 422
    assert "Null-tekens zijn niet toegestaan." in response.content.decode()


@FAST
@given(title=text, answer=text, reference=text, outcome=text, date=text, version=text)
def test_beleidsvraag_forms(cast, client_for, title, answer, reference, outcome, date, version):
    from policy.models import PolicyQuestion

    beleid = client_for(cast.beleidsmaker)
    response = beleid.post("/beleid/vragen/nieuw/", {"title": title, "signaal": reference,
                                                     "card_kind": "vragen_beleid",
                                                     "teams": [version]})
    assert response.status_code in (302, 400), response.status_code
    if response.status_code == 400:
        assert "error-message" in response.content.decode()
    question = PolicyQuestion.objects.order_by("pk").first()
    if question is None:
        return
    url = f"/beleid/vragen/{question.pk}/"
    response = htmx(beleid, url, "answer-b01", {"answer-b01": answer,
                                                "answer-b01-version": version})
    assert response.status_code in (200, 400, 409, 422), response.status_code
    if response.status_code == 422:
        assert "Niet opgeslagen:" in response.content.decode()
    for path, data in ((f"{url}koppelen/", {"precedent": reference, "signals": [version],
                                            "ontkoppel_signaal": version}),
                       (f"{url}gegevens/", {"title": title, "owner": version,
                                            "version": version}),
                       (f"{url}afronden/", {"status": "aangepast", "effective_from": date,
                                            "outcome": outcome, "version": version})):
        assert beleid.post(path, data).status_code in (200, 302, 400), path
    assert beleid.get("/beleid/vragen/", {"status": title, "pagina": version}).status_code == 200


@pytest.mark.django_db
def test_a_row_number_beyond_the_databases_integers_is_no_choice_not_an_error(cast, client_for):
    """Found by the beleidsvraag property test: a 40-digit id crashed the database driver."""
    huge = "9" * 40
    new_case = client_for(cast.casemanager).post("/casussen/nieuw/",
                                                 {"title": "Een titel", "team": huge})
    assert new_case.status_code == 200
    assert "Selecteer een geldige keuze" in new_case.content.decode()
    question = client_for(cast.beleidsmaker).post("/beleid/vragen/nieuw/", {
        "title": "Een vraag", "card_kind": "vragen_beleid", "teams": [huge]})
    assert question.status_code in (200, 400)
    assert "geen beschikbare keuze" in question.content.decode() or (
        "geldige keuze" in question.content.decode())


def test_every_form_uses_the_model_choice_fields_that_check_the_id_range():
    """Django's own model choice fields let a 40-digit id reach the database driver; ours
    (maatwerk.forms) answer with the field's message. A new form must not bring them back."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    plain = [str(path.relative_to(root)) for app in ("accounts", "cards", "cases", "insight",
                                                     "policy", "precedents", "privacy",
                                                     "reviews", "zaaksysteem")
             for path in (root / app).rglob("*.py")
             if "forms.ModelChoiceField(" in path.read_text(encoding="utf-8")
             or "forms.ModelMultipleChoiceField(" in path.read_text(encoding="utf-8")]
    assert plain == []
