"""The findings of the independent security test (issue 14), one test (or more) per finding.
Each failed before its fix."""

import io
import json
import time
from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import Team, TeamFrameAnswer, User
from accounts.roles import CASEMANAGER, TEAMLEIDER
from cases import services
from cases.models import Case, Option
from cases.validators import find_bsn
from privacy.models import ABANDONED, AccessLogEntry, RetentionRule
from reviews import services as reviews
from tests.conftest import make_user
from tests.factories import APPROVED, advance
from tests.maatwerk.test_settings import run_manage

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql",
                                   reason="PostgreSQL roles and triggers")
MARK = "Zeldzaamwoord"


def log_rows(**filters):
    return list(AccessLogEntry.objects.filter(**filters).order_by("pk"))


@pytest.fixture
def decided(cast):
    """An approved case with a revision, for the revision URLs."""
    return cast.new_case(title=f"{MARK} besloten", approved=True, inwoner_ref="DOS-77")


# --- 1. Every response with case data is logged; other methods are refused ---------------


def read_urls(case):
    return [reverse("cases:summary", args=[case.pk]), reverse("cases:history", args=[case.pk]),
            reverse("reviews:revisions", args=[case.pk]),
            reverse("reviews:revision", args=[case.pk, 1]),
            reverse("reviews:compare", args=[case.pk, 1, 1])]


@pytest.mark.parametrize("method", ["options", "trace", "put", "patch", "delete", "post"])
def test_read_pages_refuse_other_methods_and_show_nothing(decided, cast, client_for, method):
    client = client_for(cast.casemanager)
    for url in read_urls(decided):
        response = getattr(client, method)(url)
        assert response.status_code == 405, (url, method)
        assert MARK not in response.content.decode(), url
    assert log_rows(action="inzien") == []


def test_every_read_of_a_case_page_is_logged(decided, cast, client_for):
    client = client_for(cast.casemanager)
    for url in read_urls(decided):
        assert client.get(url).status_code == 200
        assert client.head(url).status_code == 200
    assert len(log_rows(action="inzien", case_id=decided.pk)) == 10


# --- 2. Retention in delete mode leaves no copy ------------------------------------------


def tables_holding(text):
    found = set()
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            if any(text in str(row) for row in cursor.fetchall()):
                found.add(table)
    return found


def case_full_of_text(cast):
    case = cast.new_case(title=f"{MARK} titel", buikpijn=f"{MARK} buikpijn",
                         inwoner_ref="DOS-WEG")
    signal = case.card_set.cards.get(kind="signalen").sections.first().clusters.first(
    ).items.first()
    services.mark_signal(case, signal, f"{MARK} signaal")
    services.add_option(case, title=f"{MARK} optie", kind="maatwerk",
                        deviated_rule=f"{MARK} regel")
    services.save_case(case, cast.casemanager, motivation=f"{MARK} motivering")
    reviews.add_comment(case, cast.teamleider, f"{MARK} opmerking")
    return advance(Case.objects.get(pk=case.pk), APPROVED, outcome="geen",
                   decided_at=datetime(2018, 3, 1, tzinfo=UTC))


def test_retention_in_delete_mode_leaves_no_copy_anywhere(cast):
    RetentionRule.objects.filter(outcome="geen").update(years=5, anonymise=False)
    case = case_full_of_text(cast)
    held = tables_holding(MARK)
    assert "cases_case" in held and "cases_historicalcase" in held
    assert "cases_historicaloption" in held and "reviews_revision" in held
    call_command("purge_expired", "--today", "2030-01-01", stdout=io.StringIO())
    assert not Case.objects.filter(pk=case.pk).exists()
    assert tables_holding(MARK) == set()


# --- 3. Abandoned cases have a retention rule too ----------------------------------------


def test_a_case_never_decided_is_deleted_after_the_abandoned_rule(cast):
    rule = RetentionRule.objects.get(outcome=ABANDONED)
    assert (rule.years, rule.anonymise) == (2, False)
    old = cast.new_case(title="Vergeten concept")
    under_review = cast.new_case(title="Blijven liggen", submitted=True)
    Case.objects.filter(pk__in=[old.pk, under_review.pk]).update(
        updated_at=timezone.now().replace(year=2020))
    recent = cast.new_case(title="Recent concept")
    out = io.StringIO()
    call_command("purge_expired", stdout=out)
    assert "2 case(s) past retention" in out.getvalue()
    assert list(Case.objects.values_list("pk", flat=True)) == [recent.pk]
    assert {e.case_id for e in log_rows(action="bewaartermijn")} == {old.pk, under_review.pk}


# --- 4. An absolute session lifetime ------------------------------------------------------


def test_the_absolute_session_lifetime_holds_whatever_the_activity(cast, client, settings,
                                                                  monkeypatch):
    settings.SESSION_COOKIE_AGE, settings.SESSION_IDLE_TIMEOUT = 90, 70
    clock = [1_000_000.0]
    monkeypatch.setattr(time, "time", lambda: clock[0])
    client.force_login(cast.casemanager)
    for second, status in ((0, 200), (61, 200), (122, 302)):
        clock[0] = 1_000_000.0 + second
        assert client.get("/").status_code == status, second
    clock[0] += 1
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/inloggen/")


# --- 5. Advisers read until the case is decided, or until withdrawn ------------------------


def test_adviser_access_ends_when_the_case_is_decided(cast, client_for):
    adviser = make_user("adviseur", CASEMANAGER, [cast.noord])
    case = cast.new_case(title=f"{MARK} advies", decided=True)
    reviews.ask_advice(case, cast.casemanager, adviser, "Klopt mijn weging?")
    summary = reverse("cases:summary", args=[case.pk])
    client = client_for(adviser)
    assert client.get(summary).status_code == 200
    assert MARK in client.get("/").content.decode()
    reviews.submit(case, cast.casemanager)
    reviews.approve(Case.objects.get(pk=case.pk), cast.teamleider)
    for url in (summary, reverse("cases:pdf", args=[case.pk]),
                reverse("reviews:comment", args=[case.pk])):
        assert client.get(url).status_code == 404, url
    assert MARK not in client.get("/").content.decode()


def test_the_requester_withdraws_an_advice_request(cast, client_for):
    adviser = make_user("adviseur", CASEMANAGER, [cast.noord])
    case = cast.new_case(title=f"{MARK} advies")
    request = reviews.ask_advice(case, cast.casemanager, adviser, "")
    page = client_for(cast.casemanager).get(reverse("reviews:advice", args=[case.pk]))
    assert "Vraag aan Adviseur intrekken" in page.content.decode()
    response = client_for(cast.casemanager).post(
        reverse("reviews:advice_withdraw", args=[case.pk, request.pk]), follow=True)
    assert "De adviesvraag is ingetrokken." in response.content.decode()
    request.refresh_from_db()
    assert request.end_reason == "ingetrokken" and request.ended_at is not None
    assert client_for(adviser).get(reverse("cases:summary", args=[case.pk])).status_code == 404
    # The adviser cannot withdraw (or re-open) anything themselves.
    assert client_for(adviser).post(
        reverse("reviews:advice_withdraw", args=[case.pk, request.pk])).status_code == 404


# --- 6. The inzage export holds everything ------------------------------------------------


def test_the_inzage_export_holds_every_piece_of_personal_data(cast, client_for):
    adviser = make_user("adviseur", CASEMANAGER, [cast.noord])
    case = cast.new_case(title="Inzage", inwoner_ref="DOS-INZ", buikpijn="Eerste buikpijn",
                         perceived_reputation="positief", decided=True)
    services.save_case(case, cast.casemanager, buikpijn="Tweede buikpijn")
    reviews.ask_advice(case, cast.casemanager, adviser, "Adviesvraag over de schuld")
    comment = reviews.add_comment(case, adviser, "Opmerking van de adviseur")
    reviews.add_comment(case, cast.casemanager, "Antwoord op de opmerking", parent=comment)
    advance(Case.objects.get(pk=case.pk), APPROVED)
    response = client_for(cast.beheerder).post("/inzageverzoek/export.json",
                                               {"inwoner_ref": "DOS-INZ"})
    text = response.content.decode()
    for held in ("Eerste buikpijn", "Tweede buikpijn", "Adviesvraag over de schuld",
                 "Opmerking van de adviseur", "Antwoord op de opmerking", "Positief"):
        assert held in text, held
    exported = json.loads(text)["cases"][0]
    assert exported["revisions"][0]["number"] == 1
    assert any("Tweede buikpijn" in t["text"] for t in exported["revisions"][0]["texts"])
    assert any(c["old"] == "Eerste buikpijn" for e in exported["history"] for c in e["changes"])
    pdf = client_for(cast.beheerder).post("/inzageverzoek/export.pdf",
                                          {"inwoner_ref": "DOS-INZ"})
    from pypdf import PdfReader

    pages = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    pages = " ".join(pages.split())
    for held in ("Eerste buikpijn", "Adviesvraag over de schuld", "Antwoord op de opmerking",
                 "Goedgekeurde versie 1"):
        assert held in pages, held


# --- 7. The logboek cannot be emptied by the app's role (PostgreSQL) -----------------------


def _refused(cursor, sql, match):
    with pytest.raises(DatabaseError, match=match), transaction.atomic():
        cursor.execute(sql)


@postgres_only
def test_truncate_is_refused_even_to_the_owning_role(db):
    with connection.cursor() as cursor:
        cursor.execute("CREATE ROLE maatwerk_test_owner NOLOGIN")
        cursor.execute("ALTER TABLE privacy_accesslogentry OWNER TO maatwerk_test_owner")
        cursor.execute("SET ROLE maatwerk_test_owner")
        try:
            _refused(cursor, "TRUNCATE privacy_accesslogentry", "append-only")
        finally:
            cursor.execute("RESET ROLE")


@postgres_only
def test_an_app_role_that_does_not_own_the_logboek_can_only_add_to_it(db):
    with connection.cursor() as cursor:
        cursor.execute("CREATE ROLE maatwerk_test_app NOLOGIN")
        cursor.execute("GRANT SELECT, INSERT ON privacy_accesslogentry TO maatwerk_test_app")
        cursor.execute("SET ROLE maatwerk_test_app")
        try:
            cursor.execute("INSERT INTO privacy_accesslogentry (at, actor_name, action, "
                           "case_ref, purpose, detail) VALUES (now(), 'x', 'inzien', '', '', '')")
            cursor.execute("SELECT count(*) FROM privacy_accesslogentry")
            assert cursor.fetchone()[0] == 1
            for sql in ("TRUNCATE privacy_accesslogentry",
                        "UPDATE privacy_accesslogentry SET detail = 'x'",
                        "DELETE FROM privacy_accesslogentry"):
                _refused(cursor, sql, "permission denied")
            _refused(cursor, "ALTER TABLE privacy_accesslogentry DISABLE TRIGGER ALL",
                     "must be owner")
        finally:
            cursor.execute("RESET ROLE")


# --- 8. Beheer cannot change superusers, nor their own roles and teams ---------------------


def test_beheer_cannot_change_a_superuser(cast, client_for):
    root = User.objects.create_superuser("root", password="Een-heel-lang-wachtwoord-1")
    client = client_for(cast.beheerder)
    password_url = f"/beheer/accounts/user/{root.pk}/password/"
    assert client.get(password_url).status_code == 403
    assert client.post(password_url, {"password1": "Nieuw-lang-wachtwoord-77",
                                      "password2": "Nieuw-lang-wachtwoord-77"}
                       ).status_code == 403
    root.refresh_from_db()
    assert root.check_password("Een-heel-lang-wachtwoord-1")
    change = client.post(f"/beheer/accounts/user/{root.pk}/change/",
                         {"username": "root2", "is_active": "on"})
    assert change.status_code == 403
    assert User.objects.get(pk=root.pk).username == "root"


def test_beheer_cannot_give_themselves_roles_or_teams(cast, client_for):
    me = cast.beheerder
    client = client_for(me)
    groups = [Group.objects.get(name=CASEMANAGER).pk, Group.objects.get(name=TEAMLEIDER).pk]
    client.post(f"/beheer/accounts/user/{me.pk}/change/", {
        "username": me.username, "first_name": "", "last_name": "", "email": "",
        "is_active": "on", "is_staff": "on", "groups": groups, "teams": [cast.centrum.pk]})
    me = User.objects.get(pk=me.pk)
    assert not me.groups.filter(name__in=[CASEMANAGER, TEAMLEIDER]).exists()
    assert not me.teams.exists()
    # Another beheerder can.
    other = make_user("beheerder2", "beheerder", is_staff=True)
    client_for(other).post(f"/beheer/accounts/user/{me.pk}/change/", {
        "username": me.username, "first_name": "", "last_name": "", "email": "",
        "is_active": "on", "is_staff": "on", "groups": groups + [
            Group.objects.get(name="beheerder").pk], "teams": [cast.centrum.pk]})
    assert User.objects.get(pk=me.pk).teams.filter(pk=cast.centrum.pk).exists()


# --- 9. Reads the logboek missed ------------------------------------------------------------


def test_the_home_page_logs_the_cases_it_names(cast, client_for):
    adviser = make_user("adviseur", CASEMANAGER, [cast.noord])
    case = cast.new_case(title="Op de startpagina")
    reviews.ask_advice(case, cast.casemanager, adviser, "")
    client_for(adviser).get("/")
    (entry,) = log_rows(actor=adviser)
    assert (entry.action, entry.case_id, entry.purpose) == ("lijst", case.pk,
                                                            "advies (tegenspraak)")
    client_for(cast.casemanager).get("/")
    assert [e.case_id for e in log_rows(actor=cast.casemanager)] == [case.pk]


def test_the_policy_page_logs_the_structural_texts_it_shows(cast, client_for):
    case = cast.new_case(title="Structureel", approved=True, structural="solven",
                         structural_description="De regel past niet bij zzp'ers.")
    page = client_for(cast.beleidsmaker).get(reverse("policy:insight")).content.decode()
    assert "De regel past niet bij zzp" in page
    (entry,) = log_rows(actor=cast.beleidsmaker)
    assert (entry.action, entry.case_id) == ("lijst", case.pk)


def test_changes_and_refusals_are_logged(case, cast, client_for):
    client_for(cast.casemanager).post(reverse("cases:step", args=[case.pk, "casus"]),
                                      {"buikpijn": "Nieuw", "version": case.version},
                                      headers={"HX-Request": "true",
                                               "HX-Trigger-Name": "buikpijn"})
    assert [e.action for e in log_rows(actor=cast.casemanager)] == ["wijzigen"]
    assert client_for(cast.outsider).get(
        reverse("cases:summary", args=[case.pk])).status_code == 404
    (denied,) = log_rows(actor=cast.outsider)
    assert (denied.action, denied.case_id) == ("geweigerd", case.pk)
    client_for(cast.teamleider).post(reverse("cases:step", args=[case.pk, "casus"]),
                                     {"buikpijn": "Van de teamleider", "version": 99})
    assert "geweigerd" in [e.action for e in log_rows(actor=cast.teamleider)]


def test_a_teamleider_reads_lists_for_beoordeling(cast, client_for):
    cast.new_case(title="In de lijst")
    client_for(cast.teamleider).get("/casussen/team/")
    assert {e.purpose for e in log_rows(actor=cast.teamleider)} == {"beoordeling"}


# --- 10. Beleidsmakers see only approved structural texts ----------------------------------


def test_structural_texts_of_unapproved_decisions_stay_out_of_policy(cast, client_for):
    cast.new_case(title="Nog niet goedgekeurd", submitted=True, structural="solven",
                  structural_description="Nog in beoordeling en daarom niet voor beleid.")
    cast.new_case(title="Goedgekeurd", approved=True, structural="solven",
                  structural_description="Goedgekeurd en daarom wel voor beleid.")
    page = client_for(cast.beleidsmaker).get(reverse("policy:insight")).content.decode()
    assert "Goedgekeurd en daarom wel voor beleid." in page
    assert "Nog in beoordeling" not in page


# --- 11. One BSN check for every free text ----------------------------------------------


@pytest.mark.parametrize("text", ["123456782", "123 456 782", "123-456-782", "123456782,",
                                  "bsn: 123.456.782.", "1234.56.782"])
def test_every_way_of_writing_a_bsn_is_found(text):
    assert find_bsn(text)


@pytest.mark.parametrize("text", ["€ 123456782,50", "0612345678", "1234567890",
                                  "123456789"])
def test_amounts_phone_numbers_and_non_bsns_pass(text):
    assert find_bsn(text) is None


def test_the_team_frame_refuses_a_bsn(cast, client_for):
    response = client_for(cast.teamleider).post("/teamkader/", {"v01_1": "Zie 123 456 782",
                                                                 "v01_1-version": 0})
    assert "lijkt een BSN te bevatten" in response.content.decode()
    assert not TeamFrameAnswer.objects.exists()


def test_beheer_forms_refuse_a_bsn(cast, client_for):
    response = client_for(cast.beheerder).post("/beheer/accounts/team/add/",
                                               {"name": "Team 123-456-782", "slug": "t"})
    assert "lijkt een BSN te bevatten" in response.content.decode()
    assert not Team.objects.filter(slug="t").exists()


def test_no_path_saves_a_bsn(case, cast):
    with pytest.raises(ValidationError):
        Team.objects.create(name="Team 123456782", slug="bsn")
    case.buikpijn = "BSN 123 456 782"
    with pytest.raises(ValidationError):
        case.save()


# --- 12. Refused text is never parked in the session or a cookie ---------------------------


def test_refused_text_stays_out_of_session_and_cookies(case, cast, client_for):
    from django.contrib.sessions.models import Session

    client = client_for(cast.casemanager)
    response = client.post(reverse("reviews:comment", args=[case.pk]),
                           {"about": "case", "text": "Haar BSN is 123 456 782."})
    assert "lijkt een BSN te bevatten" in response.content.decode()
    # The refused text, or its number in any form ("456" alone also matches timestamps).
    traces = ("Haar BSN", "123 456 782", "123456782", "456 782")
    for session in Session.objects.all():
        held = json.dumps(session.get_decoded(), ensure_ascii=False)
        assert not any(trace in held for trace in traces), held
    for morsel in client.cookies.values():
        assert not any(trace in morsel.value for trace in traces), morsel.key
    assert "messages" not in client.cookies


# --- 13. An id too large for the database is a 404, not a 500 -----------------------------


def test_an_overlong_id_is_not_found(case, cast, client_for):
    client = client_for(cast.casemanager)
    huge = "9999999999999999999999999"
    for url in (f"/casussen/{case.pk}/versies/{huge}/1/", f"/casussen/{huge}/samenvatting/",
                f"/casussen/{case.pk}/opties/{huge}/"):
        assert client.get(url).status_code == 404, url


# --- 14. Personal search terms never travel in a URL ---------------------------------------


def test_search_words_and_inwoner_references_are_posted(cast, client_for):
    cast.new_case(title="Schulden en verslaving", inwoner_ref="DOS-ZOEK")
    client = client_for(cast.casemanager)
    response = client.post("/casussen/team/", {"q": "verslaving"}, follow=True)
    url = response.redirect_chain[-1][0]
    assert "verslaving" not in url and "Schulden en verslaving" in response.content.decode()
    # A word in the query string is not a search.
    assert "Schulden en verslaving" in client.get("/casussen/team/?q=niets").content.decode()
    beheer = client_for(cast.beheerder)
    assert beheer.get("/inzageverzoek/export.json?inwoner_ref=DOS-ZOEK").status_code == 405
    assert 'method="post"' in beheer.get("/inzageverzoek/").content.decode()
    found = beheer.post("/inzageverzoek/", {"inwoner_ref": "DOS-ZOEK"}).content.decode()
    assert "1 casus gevonden." in found and "?inwoner_ref" not in found


# --- 15. Anonymisation removes option titles ----------------------------------------------


def test_anonymising_removes_option_titles(cast):
    case = case_full_of_text(cast)
    RetentionRule.objects.filter(outcome="geen").update(years=5, anonymise=True)
    call_command("purge_expired", "--today", "2030-01-01", stdout=io.StringIO())
    titles = list(Option.objects.filter(case=case).values_list("title", flat=True))
    assert titles and all(MARK not in t for t in titles)
    assert "Optie 2" in titles
    assert tables_holding(MARK) == set()


# --- Also: own password, repetitive passwords, headers on static files and redirects -------


def test_a_user_changes_their_own_password(cast, client):
    cast.casemanager.set_password("Oud-en-lang-wachtwoord-1")
    cast.casemanager.save()
    client.force_login(cast.casemanager)
    assert "Wachtwoord wijzigen" in client.get("/").content.decode()
    refused = client.post(reverse("accounts:password_change"), {
        "old_password": "Oud-en-lang-wachtwoord-1", "new_password1": "aaaaaaaaaaaa",
        "new_password2": "aaaaaaaaaaaa"})
    assert "herhaalt steeds dezelfde paar tekens" in refused.content.decode()
    done = client.post(reverse("accounts:password_change"), {
        "old_password": "Oud-en-lang-wachtwoord-1", "new_password1": "Fiets-langs-de-Vecht-9",
        "new_password2": "Fiets-langs-de-Vecht-9"}, follow=True)
    assert "Je wachtwoord is gewijzigd." in done.content.decode()
    cast.casemanager.refresh_from_db()
    assert cast.casemanager.check_password("Fiets-langs-de-Vecht-9")


def test_static_files_and_the_https_redirect_carry_csp_and_frame_options():
    script = (
        "import json\n"
        "from django.test import Client, override_settings\n"
        "with override_settings(WHITENOISE_USE_FINDERS=True, WHITENOISE_AUTOREFRESH=True):\n"
        "    c = Client()\n"
        "    out = {}\n"
        "    for name, kw in (('static', {'secure': True}), ('redirect', {})):\n"
        "        r = c.get('/static/css/app.css', HTTP_HOST='maatwerk.example.org', **kw)\n"
        "        out[name] = [r.status_code, r.get('Content-Security-Policy', ''),\n"
        "                     r.get('X-Frame-Options', '')]\n"
        "print(json.dumps(out))\n"
    )
    result = run_manage("shell", "-c", script, DJANGO_ENV="production", SECRET_KEY="x" * 60,
                        ALLOWED_HOSTS="maatwerk.example.org")
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["static"][0] == 200 and out["redirect"][0] == 301
    for _status, csp, xfo in out.values():
        assert "frame-ancestors 'none'" in csp and xfo == "DENY"
