"""The verantwoording PDF, kept per content of the deliberation (issue 18, goal 4).

Rendering a PDF takes 0.3–0.9 s of a web worker. The PDF is kept (cases.models.PdfExport)
under a key that hashes everything it shows: the summary it is rendered from (without the
moment it was built), the organisation's name and the PDF templates and stylesheet
themselves, so a change to the case, a setting or the layout makes a new PDF and never
serves an old one. When a decision is submitted or approved the background worker
(``manage.py db_worker``) renders it ahead, so the teamleider's and the casemanager's
download is served at once.

A download of a PDF that is not kept yet never renders in the web request: it hands the
rendering to the worker and sends the user to a page that says the PDF "wordt gemaakt" and
starts the download once it is there (``pdf_state``). If no worker picks the task up within
``MAATWERK_PDF_WORKER_WAIT`` seconds (a deployment without a worker) or the task failed, that
page renders it itself, so a download never waits forever. ``MAATWERK_PDF_BACKGROUND=false``
renders every first download in the request, as before.
"""

import hashlib
import json
import logging
from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import TaskResultStatus as ResultStatus
from django_tasks import task
from django_tasks.exceptions import TaskResultDoesNotExist, TaskResultMismatch

from .models import Case, PdfExport
from .pdf import render_case_pdf
from .summary import build_summary

LAYOUT_FILES = ("templates/pdf", "templates/cases/verantwoording", "static/css/pdf.css")


@cache
def layout_hash():
    """A hash of the files that lay the PDF out: a new release with another layout makes new
    PDFs."""
    digest = hashlib.sha256()
    for name in LAYOUT_FILES:
        root = Path(settings.BASE_DIR) / name
        for path in sorted([root] if root.is_file() else root.rglob("*")):
            if path.is_file():
                digest.update(path.name.encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def content_key(summary):
    shown = {name: value for name, value in summary.items() if name != "generated_at"}
    raw = json.dumps([layout_hash(), settings.MAATWERK_ORGANISATION, shown],
                     sort_keys=True, default=str)
    return hashlib.sha256(raw.encode()).digest()


logger = logging.getLogger(__name__)


def _kept(case, key):
    kept = PdfExport.objects.filter(case=case, key=key).values_list("pdf", flat=True).first()
    return None if kept is None else bytes(kept)


def kept_pdf(case, summary):
    """The kept PDF of what ``summary`` shows, or None."""
    return _kept(case, content_key(summary))


def case_pdf(case, summary=None):
    """The PDF of ``case`` (from ``summary``, or as it stands): ``(bytes, was_kept)``."""
    summary = summary or build_summary(case)
    key = content_key(summary)
    kept = _kept(case, key)
    if kept is not None:
        return kept, True
    return _render_and_keep(case, summary, key), False


def _render_and_keep(case, summary, key):
    pdf = render_case_pdf(case, summary)
    try:
        with transaction.atomic():
            PdfExport.objects.filter(case=case).exclude(key=key).delete()
            PdfExport.objects.create(case=case, key=key, pdf=pdf)
    except IntegrityError:
        pass  # someone else kept the same content meanwhile
    return pdf


@task()
def prepare_pdf(case_id):
    case = Case.objects.filter(pk=case_id).select_related("team", "owner").first()
    if case is not None:
        case_pdf(case)


def prepare_in_background(case):
    """Render the PDF ahead in the worker, once what it shows is committed."""
    transaction.on_commit(lambda: prepare_pdf.enqueue(case.pk))


@dataclass
class PdfState:
    ready: bool
    task_id: str  # the task to wait for (a new one when the old one cannot bring it)


def _task(task_id):
    try:
        return prepare_pdf.get_result(task_id) if task_id else None
    except (TaskResultDoesNotExist, TaskResultMismatch, ValueError):  # unknown or not ours
        return None


def pdf_state(case, task_id=None):
    """Is the PDF of ``case`` as it stands kept? If not: wait for the worker's task, hand it a
    new one, or, when no worker took it up in time or it failed, render it here."""
    summary = build_summary(case)
    key = content_key(summary)
    if _kept(case, key) is not None:
        return PdfState(True, task_id or "")
    result = _task(task_id)
    if result is None or result.status == ResultStatus.SUCCESSFUL:
        # No task yet, or it finished before this version of the case: a new one.
        return PdfState(False, str(prepare_pdf.enqueue(case.pk).id))
    waited = timezone.now() - result.enqueued_at
    stuck = (result.status == ResultStatus.READY
             and waited > timedelta(seconds=settings.MAATWERK_PDF_WORKER_WAIT))
    if stuck or result.status == ResultStatus.FAILED:
        logger.warning("PDF of case %s rendered in the request: task %s %s", case.pk,
                       result.id, "failed" if result.status == ResultStatus.FAILED
                       else "not taken up by a worker")
        _render_and_keep(case, summary, key)
        return PdfState(True, str(result.id))
    return PdfState(False, str(result.id))
