"""The verantwoording (justification) as an archival PDF, rendered by WeasyPrint.

* PDF/A-3a (archival and tagged for accessibility), title, author, subject and language in
  the metadata, fonts embedded.
* The URL fetcher serves only our own static files under the ``maatwerk-static:`` scheme;
  every other URL (file:, http(s):, data:, anything from user text) is refused, so a case text
  can never make the server read a file or call a network address (security checklist #20).
  All user text is escaped by the template engine; presentational hints are off.
* Rendering is bounded: texts have maximum lengths, and a rendering that runs longer than
  MAATWERK_PDF_TIMEOUT seconds is stopped where the platform allows (main thread), and by
  the WSGI server's worker timeout otherwise.
"""

import logging
import mimetypes
import signal
import threading
from contextlib import contextmanager

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .models import Status
from .summary import build_summary

logger = logging.getLogger(__name__)

SCHEME = "maatwerk-static:"
PDF_VARIANT = "pdf/a-3a"


class RefusedURL(ValueError):
    pass


class StaticOnlyFetcher(URLFetcher):
    """Serves ``maatwerk-static:css/pdf.css`` from our static folder and nothing else."""

    def __init__(self):
        super().__init__(allowed_protocols=(), allow_redirects=False, timeout=1)
        self.refused = []

    def fetch(self, url, headers=None):
        if not url.startswith(SCHEME):
            self.refused.append(url[:200])
            raise RefusedURL(f"refused: {url[:80]}")
        relative = url.removeprefix(SCHEME).lstrip("/")
        if ".." in relative.split("/"):
            self.refused.append(url[:200])
            raise RefusedURL("refused: path outside static")
        path = finders.find(relative)
        if not path:
            raise RefusedURL(f"no such static file: {relative}")
        content_type = mimetypes.guess_type(relative)[0] or "application/octet-stream"
        with open(path, "rb") as handle:
            body = handle.read()
        return URLFetcherResponse(url, body, {"Content-Type": content_type})


class PdfTimeout(RuntimeError):
    pass


@contextmanager
def time_limit(seconds):
    if threading.current_thread() is not threading.main_thread() or not hasattr(
            signal, "SIGALRM"):
        yield
        return

    def stop(signum, frame):
        raise PdfTimeout(f"PDF rendering took longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def render_pdf(html, *, fetcher=None):
    fetcher = fetcher or StaticOnlyFetcher()
    with time_limit(settings.MAATWERK_PDF_TIMEOUT):
        document = HTML(string=html, base_url=SCHEME, url_fetcher=fetcher)
        pdf = document.write_pdf(
            pdf_variant=PDF_VARIANT,
            presentational_hints=False,
            uncompressed_pdf=False,
        )
    if fetcher.refused:
        logger.warning("PDF: refused %d URL(s)", len(fetcher.refused))
    return pdf


def case_context(case, summary=None):
    summary = summary or build_summary(case)
    approvals = [e for e in summary["review"] if e["kind"] == "goedgekeurd"
                 and e["revision"] == summary["case"]["revision"]]
    return {
        "s": summary,
        "case": case,
        "organisation": settings.MAATWERK_ORGANISATION,
        "is_concept": summary["case"]["status"] != Status.BESLOTEN,
        "approval": approvals[-1] if approvals else None,
        "generated_at": timezone.localtime(),
    }


def render_case_html(case, summary=None):
    return render_to_string("pdf/verantwoording.html", case_context(case, summary))


def render_case_pdf(case, summary=None):
    return render_pdf(render_case_html(case, summary))


def render_inzage_pdf(data):
    html = render_to_string("pdf/inzage.html", {
        "data": data, "organisation": settings.MAATWERK_ORGANISATION,
        "generated_at": timezone.localtime(),
    })
    return render_pdf(html)
