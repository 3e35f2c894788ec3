"""The verantwoording PDF, kept per content of the deliberation (issue 18, goal 4).

Rendering a PDF takes 0.3–0.9 s of a web worker. The PDF is kept (cases.models.PdfExport)
under a key that hashes everything it shows: the summary it is rendered from (without the
moment it was built), the organisation's name and the PDF templates and stylesheet
themselves, so a change to the case, a setting or the layout makes a new PDF and never
serves an old one. When a decision is submitted or approved the background worker
(``manage.py db_worker``) renders it ahead, so the teamleider's and the casemanager's
download is served at once; without a worker the first download renders it as before.
"""

import hashlib
import json
from functools import cache
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django_tasks import task

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


def case_pdf(case, summary=None):
    """The PDF of ``case`` (from ``summary``, or as it stands): ``(bytes, was_kept)``."""
    summary = summary or build_summary(case)
    key = content_key(summary)
    kept = PdfExport.objects.filter(case=case, key=key).values_list("pdf", flat=True).first()
    if kept is not None:
        return bytes(kept), True
    pdf = render_case_pdf(case, summary)
    try:
        with transaction.atomic():
            PdfExport.objects.filter(case=case).exclude(key=key).delete()
            PdfExport.objects.create(case=case, key=key, pdf=pdf)
    except IntegrityError:
        pass  # someone else kept the same content meanwhile
    return pdf, False


@task()
def prepare_pdf(case_id):
    case = Case.objects.filter(pk=case_id).select_related("team", "owner").first()
    if case is not None:
        case_pdf(case)


def prepare_in_background(case):
    """Render the PDF ahead in the worker, once what it shows is committed."""
    transaction.on_commit(lambda: prepare_pdf.enqueue(case.pk))
