"""Logboek dataverwerkingen: every read of a case and every export, append-only, for beheer."""

import pytest
from django.db import connection, transaction
from django.urls import reverse

from privacy.models import AccessLogEntry, AppendOnlyError
from tests.conftest import download_pdf


def entries(**filters):
    return list(AccessLogEntry.objects.filter(**filters).order_by("pk"))


def test_viewing_a_case_is_logged_with_who_what_which_and_why(case, cast, client_for):
    client_for(cast.casemanager).get(reverse("cases:step", args=[case.pk, "signalen"]))
    (entry,) = entries()
    assert entry.actor == cast.casemanager and entry.actor_name == "casemanager"
    assert (entry.action, entry.case_id, entry.case_ref) == ("inzien", case.pk, case.reference)
    assert entry.purpose == "casusbehandeling" and entry.detail == "step"
    client_for(cast.teamleider).get(reverse("cases:summary", args=[case.pk]))
    assert entries(actor=cast.teamleider)[0].purpose == "beoordeling"


def test_a_list_of_three_cases_is_three_entries(cast, client_for):
    cases = [cast.new_case(title=f"Casus {i}") for i in range(3)]
    client_for(cast.casemanager).get("/casussen/")
    listed = entries(action="lijst")
    assert sorted(e.case_id for e in listed) == sorted(c.pk for c in cases)


def test_pdf_export_is_logged_as_an_export(case, cast, client_for):
    client = client_for(cast.casemanager)
    assert client.get(reverse("cases:pdf", args=[case.pk])).status_code == 302  # being made
    assert not entries()  # nothing handed out yet
    response = download_pdf(client, case)
    assert response.status_code == 200
    # The "wordt gemaakt" page shows the case's header: a read; then the export.
    assert [e.action for e in entries()] == ["inzien", "pdf"]
    client.get(response.request["PATH_INFO"].replace("verantwoording.pdf", "verantwoording/"),
               headers={"HX-Request": "true"})
    assert len(entries()) == 2  # its polls show no case data and are not reads


def test_a_refused_read_is_not_logged_as_a_read(case, cast, client_for):
    assert client_for(cast.outsider).get(
        reverse("cases:summary", args=[case.pk])).status_code == 404
    assert not entries(action="inzien")


def test_entries_hold_no_free_text_of_the_case(case, cast, client_for):
    client_for(cast.casemanager).get(reverse("cases:summary", args=[case.pk]))
    for entry in entries():
        values = " ".join(str(v) for v in entry.__dict__.values())
        assert "Dit voelt niet goed." not in values and case.title not in values


def test_the_logboek_cannot_be_changed_by_the_app(case, cast, client_for):
    client_for(cast.casemanager).get(reverse("cases:summary", args=[case.pk]))
    entry = AccessLogEntry.objects.get()
    entry.action = "wijzigen"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.all().update(action="x")
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.all().delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigger is PostgreSQL-only")
def test_the_database_refuses_updates_to_the_logboek(case, cast, client_for):
    from django.db import DatabaseError

    client_for(cast.casemanager).get(reverse("cases:summary", args=[case.pk]))
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), \
            connection.cursor() as cursor:
        cursor.execute("UPDATE privacy_accesslogentry SET action = 'x'")


@pytest.mark.django_db(transaction=True)
def test_an_entry_survives_a_request_that_fails_after_reading(cardbook, monkeypatch, client):
    """Written in autocommit mode, outside the request's work: a crash afterwards keeps it."""
    from tests.conftest import Cast

    cast = Cast()
    case = cast.new_case()

    def broken(*args, **kwargs):
        raise RuntimeError("rendering failed after the read")

    monkeypatch.setattr("cases.summary.build_summary", broken)
    client.raise_request_exception = False
    client.force_login(cast.casemanager)
    response = client.get(reverse("cases:summary", args=[case.pk]))
    assert response.status_code == 500
    assert "Er ging iets mis" in response.content.decode()
    assert "Dit voelt niet goed." not in response.content.decode()
    assert [e.case_id for e in AccessLogEntry.objects.all()] == [case.pk]


def test_beheer_reads_and_filters_the_logboek(case, cast, client_for):
    client_for(cast.casemanager).get(reverse("cases:summary", args=[case.pk]))
    client_for(cast.teamleider).get(reverse("cases:summary", args=[case.pk]))
    page = client_for(cast.beheerder).get(
        f"/logboek/?case_ref={case.reference}&actor=teamleider").content.decode()
    assert "teamleider" in page and "beoordeling" in page
    assert "casusbehandeling" not in page
    assert client_for(cast.casemanager).get("/logboek/").status_code == 403


def test_logins_are_logged(cast, client):
    from axes.models import AccessLog

    client.post("/inloggen/", {"username": "casemanager", "password": "Een-lang-wachtwoord-2026"})
    assert AccessLog.objects.filter(username="casemanager").exists()
