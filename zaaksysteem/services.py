"""Sending an approved verantwoording to the zaaksysteem: queue it (never in the request),
then a background job does the calls, continuing where an earlier attempt stopped."""

import base64
import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .client import Client, ZGWError
from .models import Transfer

logger = logging.getLogger(__name__)


def enabled():
    return settings.ZGW_ENABLED


def recent_for(user, limit=5):
    """The latest transfers of the cases ``user`` owns, for their home page: what is still
    waiting, what failed and what arrived."""
    return list(Transfer.objects.filter(case__owner=user).select_related("case")
                .order_by("-updated_at", "-pk")[:limit])


def request_transfer(case, user, revision=None):
    """Queue the transfer of ``case``'s approved ``revision`` (the latest by default). Returns
    the Transfer, or None when the feature is off or the case has no zaak. Asking again for
    the same revision starts the same transfer again (it continues, never duplicates)."""
    if not enabled() or not case.zaak_reference:
        return None
    revision = revision or case.revision
    transfer, created = Transfer.objects.get_or_create(
        case=case, revision=revision, defaults={"requested_by": user})
    if not created:  # a resend: every step is checked again, nothing is created twice
        transfer.status, transfer.error, transfer.attempts = Transfer.Status.QUEUED, "", 0
        transfer.requested_by = user
        transfer.save()
    _enqueue(transfer)
    return transfer


def _enqueue(transfer, run_after=None):
    from .tasks import send_transfer

    task = send_transfer.using(run_after=run_after) if run_after else send_transfer
    transaction.on_commit(lambda: task.enqueue(transfer.pk))


def run(transfer_id):
    """One attempt (the background job). Each step is skipped when its result is stored."""
    transfer = Transfer.objects.select_related("case", "requested_by").get(pk=transfer_id)
    if transfer.status != Transfer.Status.QUEUED:
        return transfer.status
    transfer.attempts += 1
    transfer.save(update_fields=["attempts", "updated_at"])
    try:
        _steps(transfer)
    except ZGWError as exc:
        return _failed(transfer, exc)
    transfer.status, transfer.error = Transfer.Status.SENT, ""
    transfer.next_attempt_at, transfer.sent_at = None, timezone.now()
    transfer.save()
    _log(transfer)
    return transfer.status


def _steps(transfer):
    case, user = transfer.case, transfer.requested_by
    client = Client(user_id=user.username, user_representation=user.get_full_name() or
                    user.username)
    _step(transfer, "zaak_url", lambda: _zaak_url(client, case.zaak_reference))
    _step(transfer, "document_url", lambda: _document(client, transfer))
    _step(transfer, "zaakinformatieobject_url", lambda: _link(
        client, f"{settings.ZGW_ZAKEN_ROOT}/zaakinformatieobjecten", transfer.document_url,
        "zaak", transfer.zaak_url, titel=_("Verantwoording maatwerk")))
    if case.outcome not in settings.ZGW_BESLUIT_OUTCOMES:
        return
    _step(transfer, "besluit_url", lambda: _besluit(client, transfer))
    _step(transfer, "besluitinformatieobject_url", lambda: _link(
        client, f"{settings.ZGW_BESLUITEN_ROOT}/besluitinformatieobjecten",
        transfer.document_url, "besluit", transfer.besluit_url))


def _step(transfer, field, make):
    """Make the object behind ``field`` unless its URL is stored; store it at once."""
    if not getattr(transfer, field):
        setattr(transfer, field, make())
        transfer.save(update_fields=[field, "updated_at"])


def _link(client, url, document_url, key, value, **extra):
    """The link of the document to the zaak or besluit (``key``: ``value``), found or made.
    Looked up by the document only: the specs type the zaak/besluit filter as an integer
    although it takes a URL."""
    found = next((link for link in client.results(url, informatieobject=document_url)
                  if link.get(key) == value), None)
    return (found or client.post(url, {key: value, "informatieobject": document_url,
                                       **extra}))["url"]


def _zaak_url(client, reference):
    """The zaak's URL: the reference itself when it is a URL of the configured Zaken API,
    otherwise the zaak with that identificatie."""
    root = settings.ZGW_ZAKEN_ROOT + "/zaken/"
    if reference.startswith(("http://", "https://")):
        if not reference.startswith(root):
            raise ZGWError(_("De zaak-URL hoort niet bij het ingestelde zaaksysteem (%(root)s).")
                           % {"root": root})
        return client.get(reference)["url"]
    found = client.first(root.rstrip("/"), identificatie=reference,
                         bronorganisatie=settings.ZGW_RSIN)
    if not found:
        raise ZGWError(_("Het zaaksysteem kent geen zaak met kenmerk %(ref)s.")
                       % {"ref": reference})
    return found["url"]


def _document(client, transfer):
    from cases.pdf_cache import case_pdf
    from reviews.models import Revision

    url = f"{settings.ZGW_DOCUMENTEN_ROOT}/enkelvoudiginformatieobjecten"
    found = client.first(url, bronorganisatie=settings.ZGW_RSIN,
                         identificatie=transfer.identificatie)
    if found:
        return found["url"]
    case = transfer.case
    frozen = Revision.objects.get(case=case, number=transfer.revision)
    pdf, _kept = case_pdf(case, summary=frozen.snapshot)
    return client.post(url, {
        "identificatie": transfer.identificatie,
        "bronorganisatie": settings.ZGW_RSIN,
        "creatiedatum": timezone.localdate(frozen.approved_at).isoformat(),
        "titel": _("Verantwoording maatwerk %(ref)s") % {"ref": case.reference},
        "auteur": (case.decided_by.get_full_name() or case.decided_by.username)
        if case.decided_by else transfer.requested_by.username,
        "taal": "nld",
        "informatieobjecttype": settings.ZGW_INFORMATIEOBJECTTYPE,
        "inhoud": base64.b64encode(pdf).decode(),
        "bestandsnaam": f"verantwoording-{case.reference}-{transfer.revision}.pdf",
        "formaat": "application/pdf",
        "vertrouwelijkheidaanduiding": "vertrouwelijk",
        "status": "definitief",
        "indicatieGebruiksrecht": False,
    })["url"]


def _besluit(client, transfer):
    url = f"{settings.ZGW_BESLUITEN_ROOT}/besluiten"
    found = client.first(url, verantwoordelijkeOrganisatie=settings.ZGW_RSIN,
                         identificatie=transfer.identificatie)
    if found:
        return found["url"]
    case = transfer.case
    day = timezone.localdate(case.decided_at or timezone.now()).isoformat()
    return client.post(url, {
        "identificatie": transfer.identificatie,
        "verantwoordelijkeOrganisatie": settings.ZGW_RSIN,
        "besluittype": settings.ZGW_BESLUITTYPE,
        "zaak": transfer.zaak_url,
        "datum": day,
        "ingangsdatum": day,
        "toelichting": case.get_outcome_display(),
    })["url"]


def _failed(transfer, exc):
    if exc.retry and transfer.attempts < settings.ZGW_MAX_ATTEMPTS:
        wait = settings.ZGW_RETRY_SECONDS * 2 ** (transfer.attempts - 1)
        transfer.next_attempt_at = timezone.now() + timedelta(seconds=wait)
        transfer.error = _("Poging %(n)d mislukt: %(reason)s Maatwerk probeert het opnieuw.") % {
            "n": transfer.attempts, "reason": exc.message}
        transfer.save()
        _enqueue(transfer, run_after=transfer.next_attempt_at)
    else:
        transfer.status, transfer.next_attempt_at = Transfer.Status.FAILED, None
        transfer.error = exc.message[:500]
        transfer.save()
    logger.warning("ZGW transfer %s attempt %s failed: %s", transfer.pk, transfer.attempts,
                   exc.message)
    _log(transfer)
    return transfer.status


def _log(transfer):
    from privacy.logboek import log_pairs
    from privacy.models import AccessLogEntry

    detail = (transfer.document_url if transfer.status == Transfer.Status.SENT
              else f"{transfer.get_status_display()}: {transfer.error}")
    log_pairs(transfer.requested_by, AccessLogEntry.Action.TRANSFER,
              [(transfer.case, "zaaksysteem")], detail=detail[:200])
