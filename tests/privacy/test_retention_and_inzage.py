"""Bewaartermijn (retention, with a frozen clock) and the inzageverzoek (AVG art. 15)."""

import io
import json
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from pypdf import PdfReader

from cases import services
from cases.models import Case, SignalMark
from privacy.models import AccessLogEntry, RetentionRule
from tests.factories import APPROVED, advance

DECIDED_AT = datetime(2018, 3, 1, 12, tzinfo=UTC)


def decided_case(cast, outcome="maatwerk", **fields):
    case = cast.new_case(title="Schuld bij mevrouw Jansen", inwoner_ref="DOS-OUD",
                         buikpijn="Haar man is ziek.", **fields)
    item = case.card_set.cards.get(kind="signalen").sections.first().clusters.first(
    ).items.first()
    services.mark_signal(case, item, "Ze huilde.")
    return advance(case, APPROVED, outcome=outcome, decided_at=DECIDED_AT)


def purge(*args):
    out = io.StringIO()
    call_command("purge_expired", *args, stdout=out)
    return out.getvalue()


def test_dry_run_lists_without_changing(cast):
    case = decided_case(cast)
    output = purge("--dry-run", "--today", "2025-03-02")
    assert f"{case.reference}: would anonimiseren" in output
    case.refresh_from_db()
    assert case.anonymised_at is None and case.inwoner_ref == "DOS-OUD"


def test_not_yet_expired_is_left_alone(cast):
    decided_case(cast)
    assert "0 case(s) past retention" in purge("--today", "2025-02-27")


def test_anonymising_removes_personal_data_and_its_history(cast):
    case = decided_case(cast)
    output = purge("--today", "2025-03-02")
    assert "did anonimiseren" in output
    case.refresh_from_db()
    assert case.anonymised_at is not None
    assert case.inwoner_ref == "" and case.buikpijn == "" and case.motivation == ""
    assert case.title == f"Geanonimiseerde casus {case.reference}"
    assert SignalMark.objects.get(case=case).note == ""
    assert SignalMark.objects.get(case=case).marked  # what was weighed stays, for learning
    assert not Case.history.filter(id=case.pk).exists()
    assert not SignalMark.history.filter(case_id=case.pk).exists()
    entry = AccessLogEntry.objects.get(action="bewaartermijn")
    assert entry.case_ref == case.reference and "na 7 jaar" in entry.detail


def test_a_rule_can_delete_instead(cast):
    RetentionRule.objects.filter(outcome="geen").update(years=5, anonymise=False)
    case = decided_case(cast, outcome="geen")
    purge("--today", "2023-03-02")
    assert not Case.objects.filter(pk=case.pk).exists()
    assert AccessLogEntry.objects.get(action="bewaartermijn").case_id == case.pk


def test_a_concept_in_use_is_not_purged(cast):
    cast.new_case(title="Concept")
    assert "0 case(s)" in purge("--today", "2027-01-01")


def test_bad_date_is_a_clear_error(cast):
    with pytest.raises(CommandError, match="--today must be a date"):
        purge("--today", "gisteren")


# --- Inzageverzoek -------------------------------------------------------------------------


def test_inzage_exports_everything_about_one_reference_as_json(case, cast, client_for):
    client_for(cast.teamleider).get(f"/casussen/{case.pk}/samenvatting/")
    other = cast.new_case(title="Andere inwoner", inwoner_ref="DOS-ANDER")
    client = client_for(cast.beheerder)
    search = client.post("/inzageverzoek/", {"inwoner_ref": "DOS-1"}).content.decode()
    assert "1 casus gevonden." in search
    response = client.post("/inzageverzoek/export.json", {"inwoner_ref": "DOS-1"})
    data = json.loads(response.content)
    assert response["Content-Disposition"] == 'attachment; filename="inzageverzoek.json"'
    assert [c["case"]["reference"] for c in data["cases"]] == [case.reference]
    assert data["cases"][0]["case"]["buikpijn"] == "Dit voelt niet goed."
    consulted = {(e["by"], e["purpose"]) for e in data["consulted"]}
    assert ("teamleider", "beoordeling") in consulted
    assert other.reference not in response.content.decode()
    assert AccessLogEntry.objects.filter(action="inzage", case_id=case.pk).count() == 1


def test_inzage_as_pdf(case, cast, client_for):
    response = client_for(cast.beheerder).post("/inzageverzoek/export.pdf",
                                               {"inwoner_ref": "DOS-1"})
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "DOS-1" in text and "Dit voelt niet goed." in text
    assert "Wanneer en waarom zijn de gegevens ingezien?" in text


def test_only_beheer_does_inzage(case, cast, client_for):
    for user in (cast.casemanager, cast.teamleider, cast.beleidsmaker):
        assert client_for(user).post("/inzageverzoek/export.json", {"inwoner_ref": "DOS-1"}
                                     ).status_code == 403


def test_recent_cases_are_not_expired(cast):
    cast.new_case(approved=True, decided_at=datetime.now(UTC) - timedelta(days=30))
    assert "0 case(s)" in purge()


def test_purging_goes_in_batches_and_misses_none(cast, monkeypatch):
    """Five expired cases, loaded two at a time: every one is handled once."""
    from privacy import services as privacy_services

    monkeypatch.setattr(privacy_services, "BATCH", 2)
    RetentionRule.objects.filter(outcome="geen").update(years=5, anonymise=False)
    cases = [decided_case(cast, outcome=outcome) for outcome in
             ("geen", "maatwerk", "geen", "maatwerk", "geen")]
    loads = []
    real = privacy_services.expired_cases

    def counting(now=None, batch=privacy_services.BATCH):
        loads.append(batch)
        return real(now, batch=batch)

    monkeypatch.setattr(privacy_services, "expired_cases", counting)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        output = purge("--today", "2026-03-02")
    loaded = [q["sql"] for q in queries if 'FROM "cases_case"' in q["sql"]
              and "LIMIT 2" in q["sql"]]
    assert len(loaded) >= 4  # "geen": 2 + 1 (+ an empty check), "maatwerk": 2 (+ 1)
    assert "5 case(s) past retention" in output and loads == [2]
    assert not Case.objects.filter(outcome="geen").exists()
    assert Case.objects.filter(outcome="maatwerk").exclude(anonymised_at=None).count() == 2
    assert AccessLogEntry.objects.filter(action="bewaartermijn").count() == 5
    assert {e.case_id for e in AccessLogEntry.objects.filter(action="bewaartermijn")} == {
        c.pk for c in cases}


def test_anonymising_keeps_the_reference_in_the_title_past_a_million(cast):
    """The title is written in SQL for a whole batch; it must be Case.reference, also for
    an id of seven digits (MW-1234567, not truncated to six)."""
    from privacy.services import anonymise_many

    small = decided_case(cast)
    decided_case(cast, pk=1_234_567)
    anonymise_many([small.pk, 1_234_567])
    for case in Case.objects.filter(pk__in=[small.pk, 1_234_567]):
        assert case.title == f"Geanonimiseerde casus {case.reference}"
    assert Case.objects.get(pk=1_234_567).title == "Geanonimiseerde casus MW-1234567"


@pytest.mark.parametrize("outcome, anonymise", [("maatwerk", True), ("geen", False)])
def test_a_batch_costs_the_same_queries_for_two_cases_or_six(cast, outcome, anonymise):
    """Issue 18, goal 5: a batch is purged with set-based statements, not per case (35
    cases/s made a million-case purge take hours), and leaves no history behind."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    RetentionRule.objects.filter(outcome=outcome).update(years=5, anonymise=anonymise)
    counts = []
    for n in (2, 6):
        cases = [decided_case(cast, outcome=outcome) for _ in range(n)]
        with CaptureQueriesContext(connection) as queries:
            output = purge("--today", "2026-03-02")
        assert f"{n} case(s) past retention" in output
        counts.append(len(queries))
        if anonymise:
            assert all(c.title.startswith("Geanonimiseerde") for c in Case.objects.filter(
                pk__in=[c.pk for c in cases]))
        else:
            assert not Case.objects.filter(pk__in=[c.pk for c in cases]).exists()
        assert not Case.history.filter(id__in=[c.pk for c in cases]).exists()
        assert not SignalMark.history.filter(case_id__in=[c.pk for c in cases]).exists()
    assert AccessLogEntry.objects.filter(action="bewaartermijn").count() == 8
    assert counts[0] == counts[1], counts
