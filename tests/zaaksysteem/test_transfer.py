"""The approved verantwoording to the zaaksysteem (issue 15, part 2), against a zaaksysteem on
localhost that checks every request against the official ZGW specs (see zgw_server)."""

import base64

import jwt
import pytest
from django.core.management import call_command

from privacy.models import AccessLogEntry
from tests.factories import APPROVED, SUBMITTED, advance, teamleider_of
from tests.zaaksysteem.zgw_server import RSIN, SECRET, ZAAK_ID
from zaaksysteem import services
from zaaksysteem.models import Transfer


def approved(cast, outcome="maatwerk", reference=ZAAK_ID, capture=None):
    case = cast.new_case(title="Kwijtschelding na fout van de gemeente",
                         zaak_reference=reference)
    case = advance(case, SUBMITTED, outcome=outcome)
    from reviews import services as reviews

    if capture is not None:
        with capture(execute=True):
            reviews.approve(case, teamleider_of(case.team))
    else:
        reviews.approve(case, teamleider_of(case.team))
    return case


def run(transfer):
    services.run(transfer.pk)
    transfer.refresh_from_db()
    return transfer


def test_approval_sends_document_zaak_link_besluit_and_its_link(
        zaaksysteem, cast, django_capture_on_commit_callbacks):
    case = approved(cast, capture=django_capture_on_commit_callbacks)
    transfer = Transfer.objects.get(case=case)
    assert transfer.status == Transfer.Status.QUEUED  # queued on approval, not sent in it
    assert zaaksysteem.requests == []
    transfer = run(transfer)
    assert transfer.status == Transfer.Status.SENT, transfer.error
    assert [path for path, _body in zaaksysteem.posts()] == [
        "/enkelvoudiginformatieobjecten", "/zaakinformatieobjecten", "/besluiten",
        "/besluitinformatieobjecten"]
    document, link, besluit, besluit_link = (body for _path, body in zaaksysteem.posts())
    assert base64.b64decode(document["inhoud"]).startswith(b"%PDF")
    assert (document["bronorganisatie"], document["taal"], document["formaat"]) == (
        RSIN, "nld", "application/pdf")
    assert document["indicatieGebruiksrecht"] is False
    assert link == {"zaak": zaaksysteem.zaak_url, "informatieobject": transfer.document_url,
                    "titel": "Verantwoording maatwerk"}
    assert besluit["zaak"] == zaaksysteem.zaak_url and besluit["verantwoordelijkeOrganisatie"]
    assert besluit_link == {"besluit": transfer.besluit_url,
                            "informatieobject": transfer.document_url}
    assert transfer.zaak_url == zaaksysteem.zaak_url and transfer.besluit_url.startswith(
        zaaksysteem.root)
    # The acting person is in every token, for the zaaksysteem's audit trail.
    leider = teamleider_of(case.team)
    claims = jwt.decode(zaaksysteem.requests[-1]["authorization"].split()[1], SECRET,
                        algorithms=["HS256"])
    assert claims["user_id"] == leider.username and claims["client_id"] == "maatwerk"
    entry = AccessLogEntry.objects.get(case_id=case.pk, action="zaaksysteem")
    assert entry.detail == transfer.document_url


def test_an_outcome_that_is_no_besluit_sends_the_document_only(zaaksysteem, cast):
    case = approved(cast, outcome="op_maat")
    transfer = run(Transfer.objects.get(case=case))
    assert transfer.status == Transfer.Status.SENT and not transfer.besluit_url
    assert [p for p, _b in zaaksysteem.posts()] == ["/enkelvoudiginformatieobjecten",
                                                     "/zaakinformatieobjecten"]


def test_a_zaak_url_is_used_as_it_is(zaaksysteem, cast):
    case = approved(cast, reference=zaaksysteem.zaak_url)
    assert run(Transfer.objects.get(case=case)).zaak_url == zaaksysteem.zaak_url


def test_a_resend_creates_nothing_twice(zaaksysteem, cast):
    case = approved(cast)
    transfer = run(Transfer.objects.get(case=case))
    services.request_transfer(case, cast.beheerder)
    transfer = run(transfer)
    assert transfer.status == Transfer.Status.SENT
    assert len(zaaksysteem.created("enkelvoudiginformatieobjecten")) == 1
    assert len(zaaksysteem.created("besluiten")) == 1
    assert len(zaaksysteem.posts()) == 4


def test_a_retry_after_a_partial_transfer_continues_where_it_stopped(zaaksysteem, cast):
    zaaksysteem.fail("POST", "/besluiten", status=503)
    case = approved(cast)
    transfer = run(Transfer.objects.get(case=case))
    assert transfer.status == Transfer.Status.QUEUED and transfer.next_attempt_at
    assert "Poging 1 mislukt" in transfer.error and "storing (503)" in transfer.error
    assert transfer.document_url and not transfer.besluit_url
    transfer = run(transfer)
    assert transfer.status == Transfer.Status.SENT and transfer.attempts == 2
    assert len(zaaksysteem.created("enkelvoudiginformatieobjecten")) == 1
    assert len(zaaksysteem.created("besluiten")) == 1


def test_a_lost_answer_does_not_make_a_second_document(zaaksysteem, cast):
    """The zaaksysteem stored the document but its answer never came (a timeout): the retry
    finds the document by its identificatie instead of creating another."""
    zaaksysteem.fail("POST", "/enkelvoudiginformatieobjecten", after=True, delay=4)
    case = approved(cast)
    transfer = run(Transfer.objects.get(case=case))
    assert transfer.status == Transfer.Status.QUEUED
    assert "niet op tijd" in transfer.error
    transfer = run(transfer)
    assert transfer.status == Transfer.Status.SENT
    assert len(zaaksysteem.created("enkelvoudiginformatieobjecten")) == 1
    assert transfer.document_url == zaaksysteem.created("enkelvoudiginformatieobjecten")[0][
        "url"]


def test_a_refused_login_fails_at_once_with_a_dutch_reason(zaaksysteem, cast, settings):
    settings.ZGW_SECRET = "een-ander-geheim-dat-het-zaaksysteem-niet-kent"
    case = approved(cast)
    transfer = run(Transfer.objects.get(case=case))
    assert transfer.status == Transfer.Status.FAILED and transfer.attempts == 1
    assert "weigert Maatwerk (autorisatie, 401)" in transfer.error
    zaaksysteem.problems.clear()  # the refused token was the point of this test


def test_validation_errors_of_the_zaaksysteem_are_shown(zaaksysteem, cast):
    zaaksysteem.fail("POST", "/zaakinformatieobjecten", status=400, body={
        "code": "invalid", "title": "Invalid input.", "invalidParams": [
            {"name": "nonFieldErrors", "code": "missing-zaaktype-informatieobjecttype-relation",
             "reason": "Het informatieobjecttype hoort niet bij het zaaktype van de zaak."}]})
    case = approved(cast)
    transfer = run(Transfer.objects.get(case=case))
    assert transfer.status == Transfer.Status.FAILED
    assert "missing-zaaktype-informatieobjecttype-relation" in transfer.error
    assert "keurt de gegevens af" in transfer.error


def test_timeouts_are_retried_with_growing_waits_then_fail(zaaksysteem, cast, settings):
    settings.ZGW_MAX_ATTEMPTS, settings.ZGW_RETRY_SECONDS = 3, 60
    zaaksysteem.fail("GET", "/zaken", delay=4, times=3)
    case = approved(cast)
    transfer = Transfer.objects.get(case=case)
    waits = []
    for _ in range(3):
        before = transfer.updated_at
        transfer = run(transfer)
        if transfer.next_attempt_at:
            waits.append(round((transfer.next_attempt_at - before).total_seconds() / 60))
    assert waits == [1, 2]
    assert transfer.status == Transfer.Status.FAILED and "niet op tijd" in transfer.error


def test_an_unknown_zaak_fails_with_its_reference(zaaksysteem, cast):
    case = approved(cast, reference="ZAAK-BESTAAT-NIET")
    transfer = run(Transfer.objects.get(case=case))
    assert transfer.status == Transfer.Status.FAILED
    assert "geen zaak met kenmerk ZAAK-BESTAAT-NIET" in transfer.error


def test_a_zaak_url_of_another_host_is_never_called(zaaksysteem, cast):
    case = approved(cast, reference="http://169.254.169.254/zaken/api/v1/zaken/x")
    transfer = run(Transfer.objects.get(case=case))
    assert transfer.status == Transfer.Status.FAILED and "hoort niet bij" in transfer.error
    assert zaaksysteem.requests == []


def test_nothing_is_queued_when_not_configured_or_without_zaak(cast, settings):
    settings.ZGW_ENABLED = False
    approved(cast)
    settings.ZGW_ENABLED = True
    case = cast.new_case(title="Zonder zaak")
    advance(case, APPROVED)
    assert not Transfer.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_what_approval_queued(zaaksysteem, cardbook):
    """The real worker command (django-tasks' database backend), as `make run` starts it."""
    from tests.conftest import Cast

    cast = Cast()
    case = approved(cast)
    assert Transfer.objects.get(case=case).status == Transfer.Status.QUEUED
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    transfer = Transfer.objects.get(case=case)
    assert transfer.status == Transfer.Status.SENT, transfer.error
    assert len(zaaksysteem.created("besluiten")) == 1


def test_the_case_shows_the_status_and_beheer_can_send_again(zaaksysteem, cast, client_for,
                                                             settings):
    settings.ZGW_SECRET = "een-ander-geheim-dat-het-zaaksysteem-niet-kent"
    case = approved(cast)
    transfer = run(Transfer.objects.get(case=case))
    client = client_for(cast.casemanager)
    page = client.get(f"/casussen/{case.pk}/samenvatting/").content.decode()
    assert "Zaaksysteem" in page and "Mislukt" in page and "autorisatie, 401" in page
    zaaksysteem.problems.clear()
    # Beheer fixes the secret and sends it again from the admin.
    settings.ZGW_SECRET = SECRET
    admin = client_for(cast.beheerder)
    response = admin.post("/beheer/zaaksysteem/transfer/", {
        "action": "resend", "_selected_action": [transfer.pk]}, follow=True)
    assert "1 verzending staat in de wachtrij" in response.content.decode()
    transfer = run(transfer)
    assert transfer.status == Transfer.Status.SENT
    page = client_for(cast.casemanager).get(
        f"/casussen/{case.pk}/samenvatting/").content.decode()
    assert "Verzonden" in page and transfer.document_url in page and transfer.besluit_url in page


def test_the_casemanagers_home_shows_the_transfers_of_their_cases(zaaksysteem, cast, client_for,
                                                                  settings):
    settings.ZGW_SECRET = "een-ander-geheim-dat-het-zaaksysteem-niet-kent"
    case = approved(cast)
    run(Transfer.objects.get(case=case))
    zaaksysteem.problems.clear()
    page = client_for(cast.casemanager).get("/").content.decode()
    assert "Naar het zaaksysteem" in page and case.title in page
    assert "Mislukt" in page and "autorisatie, 401" in page
    assert AccessLogEntry.objects.filter(
        case_id=case.pk, actor=cast.casemanager,
        purpose="eigen verzending naar het zaaksysteem").exists()
    # Another casemanager's home does not show it.
    other = client_for(cast.colleague).get("/").content.decode()
    assert "Naar het zaaksysteem" not in other
