"""The verantwoording PDF: content, PDF/A metadata and fonts, and a URL fetcher that fetches
nothing but our own static files (security checklist #20). Real WeasyPrint, real pypdf."""

import io
import shutil
import subprocess
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from cards.models import CardKind
from cards.services import card_view
from cases import decision, services
from cases.models import Case
from cases.pdf import StaticOnlyFetcher, render_case_pdf, render_pdf
from privacy.models import AccessLogEntry
from reviews import services as reviews
from tests.conftest import ROOT, SCREENSHOTS, download_pdf
from tests.factories import PRECEDENT


def text_of(pdf):
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages), reader


def flat(text):
    return " ".join(text.split())


@pytest.fixture
def deliberation(cast):
    case = cast.new_case(title="Afzien van terugvordering", inwoner_ref="DOS-2026-0142",
                         request="Uitstel van betaling.", buikpijn="Ze meldde het zelf.",
                         perceived_reputation="positief", perceived_effort="veel")
    option = services.add_option(case, kind="maatwerk", title="Afzien",
                                 deviated_rule="Terugvorderingsbeleid")
    services.add_cost_line(option, amount=3840)
    standard = case.options.get(is_standard=True)
    services.add_cost_line(standard, amount=600)
    services.add_cost_line(standard, amount=3000, period="per_jaar")
    signals = card_view(case.card_set, CardKind.SIGNALEN)
    services.mark_signal(case, signals.items_by_key["s01.4"], "Ze huilde aan de telefoon.")
    arguments = card_view(case.card_set, CardKind.ARGUMENTEN)
    decisive = services.weigh(case, option, arguments.items_by_key["a01.1"], "zwaar",
                              "Anders klapt de schuldregeling.")
    services.weigh(case, option, arguments.items_by_key["a21.1"], "licht",
                   "Anderen betaalden wel terug.")
    services.weigh(case, option, arguments.items_by_key["a21.2"], "nvt")
    services.save_case(
        case, cast.casemanager, outcome="maatwerk", chosen_option=option,
        motivation="Mevrouw meldde zelf dat haar zoon bij haar woonde.",
        proportionality="Een terugvordering van € 3.840 staat niet in verhouding tot een "
                        "dreigende uitzetting.",
        deviated_rule="Terugvordering", legal_ground="hardheidsclausule",
        legal_ground_article="artikel 58 lid 8 Participatiewet",
        decisive_keys=[f"w{decisive.pk}"],
        decisive_reasoning="Een mislukte schuldregeling kost haar het huis; dat weegt "
                           "zwaarder dan gelijke behandeling.",
        inwoner_heard="ja", inwoner_view="Mevrouw zei dat zij meteen belde toen zij het "
                                         "begreep.",
        evaluation_date=date(2099, 6, 1), structural="solven",
        structural_description="De kostendelersnorm werkt terug zonder enige overgang voor "
                               "ouders.", **PRECEDENT)
    case, problems = decision.record(case, cast.casemanager)
    assert not problems, problems
    return Case.objects.get(pk=case.pk)


def test_the_pdf_holds_the_whole_deliberation(deliberation):
    text, reader = text_of(render_case_pdf(deliberation))
    flat_text = flat(text)
    for expected in [
        "Verantwoording van een afweging over maatwerk", deliberation.reference,
        "DOS-2026-0142", "Gemeente Voorbeeld · Wijkteam Centrum",
        "De inwoner geeft aan 'buikpijn' te hebben", "Ze huilde aan de telefoon.",
        "zwaar · Maatwerk lost financiële problemen", "Anders klapt de schuldregeling.",
        "licht · Maatwerk botst met het principe", "Maatwerk toepassen",
        "Mevrouw meldde zelf dat haar zoon", "Hardheidsclausule in de wet of regeling: "
        "artikel 58 lid 8 Participatiewet", "Terugvordering",
        "De kostendelersnorm werkt terug zonder enige overgang",
        "1 juni 2099", "€ 3.840,00", "Na ongeveer 1,1 jaar wordt 2. Afzien goedkoper",
        "Doorslaggevend Voor · zwaar · Maatwerk lost financiële problemen",
        "Daartegen gewogen Tegen · licht · Maatwerk botst met het principe",
        "Een mislukte schuldregeling kost haar het huis",
        "Ja, de inwoner heeft zijn of haar kant verteld", "meteen belde",
        "Roessingh", "De Argumentenfabriek", "CC BY-NC-ND", "versie 2022.1",
        "CONCEPT", "Nog niet beoordeeld", "Besluit vastgelegd Casemanager",
    ]:
        assert expected in flat_text, expected
    # Not looked at is not "not applicable": the PDF counts each for what it is.
    assert "2 argumenten gewogen, 1 als niet van toepassing gemarkeerd, 52 niet bekeken" \
        in flat_text
    assert "Maatwerk is overbodig" not in flat_text  # …and left out
    # No score: no sums, no lean, no "against the weighing"; the mensbeeld stays out.
    for absent in ("voor 3", "tegen 1", "tegen de weging in", "Reputatie", "Positief",
                   "Veel inzet", "mensbeeld"):
        assert absent not in flat_text, absent
    assert f"pagina 1 van {len(reader.pages)}" in flat_text


def test_no_page_is_almost_empty(deliberation):
    _text, reader = text_of(render_case_pdf(deliberation))
    pages = [flat(page.extract_text()) for page in reader.pages]
    assert all(len(page) > 600 for page in pages[:-1]), [len(p) for p in pages]


def test_an_approved_pdf_has_the_review_trail_and_no_concept_mark(deliberation, cast):
    reviews.submit(deliberation, cast.casemanager)
    reviews.approve(deliberation, cast.teamleider, "Helder onderbouwd.")
    text, _reader = text_of(render_case_pdf(Case.objects.get(pk=deliberation.pk)))
    flat_text = flat(text)
    assert "CONCEPT" not in flat_text
    assert "Beoordeeld door Teamleider" in flat_text
    assert "Goedgekeurd — Teamleider" in flat_text and "Helder onderbouwd." in flat_text


def test_pdf_a_metadata_tags_and_embedded_fonts(deliberation):
    _text, reader = text_of(render_case_pdf(deliberation))
    info = reader.metadata
    assert info.title == f"Verantwoording {deliberation.reference} — Afzien van terugvordering"
    assert info.author == "Gemeente Voorbeeld, Wijkteam Centrum"
    assert deliberation.reference in info.subject
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "nl"
    assert bool(catalog["/MarkInfo"]["/Marked"])  # tagged for accessibility
    assert "/StructTreeRoot" in catalog
    xmp = catalog["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="A"' in xmp  # PDF/A-3a
    assert "<rdf:li xml:lang=\"x-default\">Verantwoording" in xmp
    fonts = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object()
            if "/DescendantFonts" in descriptor:
                descriptor = descriptor["/DescendantFonts"][0].get_object()
            fonts.append(descriptor["/FontDescriptor"])
    assert fonts and all({"/FontFile", "/FontFile2", "/FontFile3"} & set(f) for f in fonts)


def test_pdf_download_is_checked_logged_and_not_cached(deliberation, cast, client_for):
    response = download_pdf(client_for(cast.casemanager), deliberation)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].endswith(f'verantwoording-{deliberation.reference}'
                                                    '.pdf"')
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"%PDF-")
    assert AccessLogEntry.objects.get(action="pdf").case_id == deliberation.pk
    assert client_for(cast.outsider).get(
        reverse("cases:pdf", args=[deliberation.pk])).status_code == 404


def test_export_pdf_command(deliberation, tmp_path):
    target = tmp_path / "out.pdf"
    out = io.StringIO()
    call_command("export_pdf", str(deliberation.pk), "-o", str(target), stdout=out)
    assert f"Wrote {target}" in out.getvalue()
    text, _reader = text_of(target.read_bytes())
    assert "Mevrouw meldde zelf dat haar zoon" in flat(text)
    entry = AccessLogEntry.objects.get(action="pdf")
    assert entry.actor_name == "systeem" and entry.purpose == "archief (export_pdf)"


@pytest.mark.django_db(transaction=True)
def test_export_pdf_from_the_command_line(cardbook, tmp_path):
    """The real command line, as an archive job runs it, in its own process."""
    import os
    import sys

    from django.db import connection

    from tests.conftest import Cast

    if connection.vendor != "postgresql":
        pytest.skip("another process cannot see SQLite's in-memory test database")
    case = Cast().new_case(buikpijn="Vanaf de opdrachtregel.")
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    target = tmp_path / "archief.pdf"
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "export_pdf", str(case.pk), "-o", str(target)],
        cwd=ROOT, env={**env, "DATABASE_URL": url}, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Vanaf de opdrachtregel." in text_of(target.read_bytes())[0]


# --- The URL fetcher ---------------------------------------------------------------------


class CountingHandler(BaseHTTPRequestHandler):
    hits = []

    def do_GET(self):  # noqa: N802
        CountingHandler.hits.append(self.path)
        if self.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.end_headers()
        self.wfile.write(b"body { color: red }")

    def log_message(self, *args):
        pass


@pytest.fixture
def loopback_server():
    CountingHandler.hits = []
    server = HTTPServer(("127.0.0.1", 0), CountingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_the_fetcher_refuses_files_networks_data_and_redirects(loopback_server):
    hostile = f"""<html><head>
      <link rel="stylesheet" href="{loopback_server}/style.css">
      <link rel="stylesheet" href="{loopback_server}/redirect">
      <style>@import url("http://169.254.169.254/latest/meta-data/");</style>
      <link rel="attachment" href="file:///etc/passwd">
      </head><body>
      <img src="file:///etc/passwd"><img src="{loopback_server}/pixel.png">
      <img src="data:image/svg+xml;base64,PHN2Zy8+">
      <object data="file:///etc/hosts"></object>
      <p>Hallo</p></body></html>"""
    fetcher = StaticOnlyFetcher()
    pdf = render_pdf(hostile, fetcher=fetcher)
    assert CountingHandler.hits == []
    assert b"root:x:0:0" not in pdf
    refused = " ".join(fetcher.refused)
    for url in ("file:///etc/passwd", f"{loopback_server}/style.css",
                f"{loopback_server}/redirect", "169.254.169.254", "data:image/svg+xml"):
        assert url in refused, url
    assert "/EmbeddedFile" not in pdf.decode("latin-1")


def test_hostile_case_text_is_printed_not_fetched(cast, loopback_server):
    payload = (f'<img src="file:///etc/passwd"><link rel="stylesheet" '
               f'href="{loopback_server}/x.css"> {loopback_server}/y')
    case = cast.new_case(title="Aanval", buikpijn=payload)
    pdf = render_case_pdf(case)
    assert CountingHandler.hits == []
    assert b"root:x:0:0" not in pdf
    assert '<img src="file:///etc/passwd">' in flat(text_of(pdf)[0])  # shown as text


def test_our_own_stylesheet_is_served():
    fetcher = StaticOnlyFetcher()
    response = fetcher.fetch("maatwerk-static:css/pdf.css")
    assert response.content_type == "text/css" and b"@page" in response.read()
    with pytest.raises(ValueError):
        fetcher.fetch("maatwerk-static:../maatwerk/settings.py")


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils not installed")
def test_first_page_renders_for_the_readme(deliberation):
    """pdftoppm renders page 1 as an image: the PDF reads as a document."""
    pdf = render_case_pdf(deliberation)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for page in (1, 3):
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", str(page), "-l", str(page),  # noqa
                        "-singlefile", "-", str(SCREENSHOTS / f"40-pdf-pagina-{page}")],
                       input=pdf, check=True, capture_output=True, timeout=60)
        assert (SCREENSHOTS / f"40-pdf-pagina-{page}.png").stat().st_size > 10_000
