"""Benchmarks (`make bench`): pages at 1 000 and 100 000 cases, the PDF, and a load run.

Never part of `make test`. Runs on PostgreSQL (BENCH_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/maatwerk_bench — the database is dropped and rebuilt).

For every page: median and p95 server time (the request handled in-process by Django's
test client: no network, everything else real), SQL queries per request, response bytes,
and the ratio of the median at the largest size to the smallest. Then milliseconds per PDF
and pages per second, and a load run (locust, 50 users, gunicorn with 2 workers, loopback,
60 s). The table goes to stdout, bench/results/latest.json and docs/performance.md.

    .venv/bin/python bench/run.py [--sizes 1000,100000] [--repeat 30] [--no-load]

Seeding a million cases takes half an hour; with --reuse every size gets its own database
(maatwerk_bench_<size>) that is kept and used again when it holds that size (migrations
are applied to it). --prepare only seeds them, so a later run can measure at once.
"""

import argparse
import itertools
import json
import os
import platform
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PERFORMANCE_MD = ROOT / "docs" / "performance.md"
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/maatwerk_bench"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,100000")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--no-load", action="store_true")
    parser.add_argument("--load-seconds", type=int, default=60)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--no-docs", action="store_true", help="do not rewrite performance.md")
    parser.add_argument("--reuse", action="store_true",
                        help="one kept database per size, seeded only when it is not yet")
    parser.add_argument("--prepare", action="store_true", help="only seed (with --reuse)")
    parser.add_argument("--ceiling", action="store_true",
                        help="saturation: requests/s of the floor, the base page and the walk")
    parser.add_argument("--ceiling-seconds", type=int, default=30)
    return parser.parse_args()


def setup_environment(url):
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "maatwerk.settings"
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    sys.path.insert(0, str(ROOT))


def client_args(url):
    from urllib.parse import urlparse

    parts = urlparse(url)
    return ["-h", parts.hostname or "127.0.0.1", "-p", str(parts.port or 5432),
            "-U", parts.username or "postgres"], parts.path.lstrip("/")


def recreate_database(url, name=None):
    base, default = client_args(url)
    subprocess.run(["dropdb", "--if-exists", *base, name or default], check=True)
    subprocess.run(["createdb", *base, name or default], check=True)


def seeded_size(url, name):
    """The number of cases a kept bench database was seeded with, or None."""
    base, _ = client_args(url)
    found = subprocess.run(["psql", *base, "-d", name, "-tAc",
                            "SELECT size FROM bench_meta"], capture_output=True, text=True)
    return int(found.stdout) if found.returncode == 0 and found.stdout.strip() else None


def use_database(name):
    """Switch to the kept database ``name``: this process's connection, and the environment
    the load run's gunicorn inherits (it ran against the unseeded base database before)."""
    from urllib.parse import urlparse

    from django.db import connection

    connection.close()
    connection.settings_dict["NAME"] = name
    os.environ["DATABASE_URL"] = urlparse(os.environ["DATABASE_URL"])._replace(
        path=f"/{name}").geturl()


def seed(size, already=0):
    from django.core.management import call_command
    from django.db import connection

    started = time.perf_counter()
    if not already:
        call_command("migrate", verbosity=0)
        call_command("load_demo", verbosity=0)
    call_command("seed_demo", cases=size - already, seed=size, verbosity=0)
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        # What autovacuum does on a live database after bulk loading: statistics and
        # the visibility map (index-only scans for the list counts).
        cursor.execute("VACUUM ANALYZE")
    print(f"seeded {size} cases in {time.perf_counter() - started:.0f} s", flush=True)


def prepare_kept(url, size):
    """--reuse: the kept database for this size, seeded once."""
    from django.core.management import call_command
    from django.db import connection

    _, base_name = client_args(url)
    name = f"{base_name}_{size}"
    if seeded_size(url, name) != size:
        recreate_database(url, name)
        use_database(name)
        seed(size)
        with connection.cursor() as cursor:
            cursor.execute("CREATE TABLE bench_meta (size integer)")
            cursor.execute("INSERT INTO bench_meta VALUES (%s)", [size])
    else:
        use_database(name)
        call_command("migrate", verbosity=0)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # tables a migration just filled
        print(f"reusing {name} ({size} cases)", flush=True)


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def stats(timings, queries, size, templates=None):
    result = {"median_ms": round(statistics.median(timings), 1),
              "p95_ms": round(percentile(timings, 0.95), 1),
              "queries": max(queries), "bytes": size}
    if templates:
        result["templates_ms"] = round(statistics.median(templates), 1)
    return result


class QueryCounter:
    """Counts the SQL statements run inside ``with counted() as counter``. An execute
    wrapper, not CaptureQueriesContext: Django's query log keeps only the last 9 000
    statements, so once a seeding run filled it every page counted 0 (issue 18)."""

    def __init__(self):
        self.count = 0
        self.depth = 0  # templates being rendered around the statement (counted())
        self.template_sql = 0.0  # s of SQL inside the current outermost render
        self.template_ms = 0.0  # templates' own time, that SQL left out

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        if not self.depth:
            return execute(sql, params, many, context)
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.template_sql += time.perf_counter() - start


@contextmanager
def counted():
    """Counts the statements and times the template rendering of what runs inside: the
    outermost ``Template.render`` of a request, less the SQL its lazy querysets ran. That is
    the part a faster template engine could save (docs/performance.md, goal 1)."""
    from django.db import connection
    from django.template import base

    counter = QueryCounter()
    render = base.Template.render

    def timed_render(template, context):
        outermost = not counter.depth
        if outermost:
            counter.template_sql, start = 0.0, time.perf_counter()
        counter.depth += 1
        try:
            return render(template, context)
        finally:
            counter.depth -= 1
            if outermost:
                counter.template_ms += (time.perf_counter() - start
                                        - counter.template_sql) * 1000

    base.Template.render = timed_render
    try:
        with connection.execute_wrapper(counter):
            yield counter
    finally:
        base.Template.render = render


def measure(client, method, url, repeat, data=None, headers=None, before=None):
    timings, queries, templates, size = [], [], [], 0
    for index in range(repeat + 3):
        if before:
            before()
        kwargs = {"data": data(index) if callable(data) else data, "headers": headers or {}}
        with counted() as counter:
            start = time.perf_counter()
            response = getattr(client, method)(url, **{k: v for k, v in kwargs.items()
                                                       if v is not None})
            elapsed = (time.perf_counter() - start) * 1000
        assert response.status_code < 400, (url, response.status_code)
        if index >= 3:  # warm-up done
            timings.append(elapsed)
            queries.append(counter.count)
            templates.append(counter.template_ms)
            size = len(response.content)
    return stats(timings, queries, size, templates)


def page_benchmarks(repeat):
    from django.test import Client
    from django.urls import reverse

    from accounts.models import User
    from cases.models import Case

    user = User.objects.get(username="bench1-1")
    leader = User.objects.get(username="bench1-leider")
    case = Case.objects.filter(owner=user, status="concept").order_by("pk").first()
    option = case.options.get(kind="maatwerk")
    client = Client()
    client.force_login(user)
    leader_client = Client()
    leader_client.force_login(leader)
    step = lambda name: reverse("cases:step", args=[case.pk, name])  # noqa: E731

    def search_url(words):
        """Search words are posted; the list URL carries a token for them (issue 14)."""
        return client.post("/casussen/team/", {"q": words})["Location"]

    # A rare word: a made-up place name (seed_demo) from one of the team's cases, so it is
    # found at every size and in only a few cases at a million.
    with_place = Case.objects.filter(team__in=user.teams.all(),
                                     buikpijn__contains="wijkcentrum ").first()
    rare = re.search(r"wijkcentrum (\w+)", with_place.buikpijn).group(1)

    pages = {
        "floor (login check only)": ("get", "/bench/floor/", None),
        "base page (empty body)": ("get", "/bench/base/", None),
        "case list (mine)": ("get", "/casussen/", None),
        "case list (team)": ("get", "/casussen/team/", None),
        "search: a reference": ("get", search_url(case.inwoner_ref), None),
        "search: a word in many cases": ("get", search_url("huurachterstand"), None),
        "search: a rare word": ("get", search_url(rare), None),
        "walk: casus": ("get", step("casus"), None),
        "walk: signalen": ("get", step("signalen"), None),
        "walk: verkennen": ("get", step("verkennen"), None),
        "walk: verkennen (options)": ("get", step("verkennen") + "?deel=opties", None),
        "walk: afwegen (all themes)": ("get", reverse("cases:weigh", args=[case.pk, option.pk]),
                                       None),
        "walk: afwegen (one theme)": ("get", reverse("cases:weigh_theme", kwargs={
            "pk": case.pk, "option_pk": option.pk, "theme": "welzijn"}), None),
        "walk: besluit": ("get", step("besluit"), None),
        "summary": ("get", reverse("cases:summary", args=[case.pk]), None),
    }
    from django.test.utils import override_settings

    results = {}
    with override_settings(ROOT_URLCONF="bench.floor_urls"):
        for name, (method, url, data) in pages.items():
            results[name] = measure(client, method, url, repeat, data)
        # The walk rows above are served kept from the second request on (cases.page_cache);
        # these render every time: the first view after a change, and every view on SQLite.
        with override_settings(MAATWERK_PAGE_CACHE=False):
            for name, (method, url, data) in pages.items():
                if name.startswith("walk: "):
                    results[f"{name} (rendered)"] = measure(client, method, url, repeat, data)
        # The walk as it goes: a weight was saved since the last view, so the page is
        # rendered anew, but the similar decisions beside it were not changed by that.
        from cases.models import ArgumentWeight

        saved = itertools.count()
        weight = ArgumentWeight.objects.filter(option=option).order_by("pk").first()

        def weight_saved():
            ArgumentWeight.objects.filter(pk=weight.pk).update(note=f"Gewogen {next(saved)}")

        for name in ("walk: afwegen (one theme)", "walk: besluit"):
            results[f"{name} (after a weight saved)"] = measure(
                client, "get", pages[name][1], repeat, before=weight_saved)
    results["review queue"] = measure(leader_client, "get", "/te-beoordelen/", repeat)
    # Teaminzicht: one team (a teamleider) and all teams (a beleidsmaker), default period.
    results["teaminzicht (team)"] = measure(leader_client, "get", "/teaminzicht/", repeat)
    policy_client = Client()
    policy_client.force_login(User.objects.get(username="beleidsmaker"))
    # All teams are counted once a quarter (insight.services.insight_for): the kept figures,
    # and the count itself (what the first beleidsmaker of the quarter waits for). Kept
    # figures of an earlier run are past their age, and without a worker to count them again
    # every request would ask for a recount: each size starts from none.
    from django.core.cache import caches

    caches["insight"].clear()
    results["teaminzicht (all teams)"] = measure(policy_client, "get", "/teaminzicht/", repeat)
    with override_settings(MAATWERK_INSIGHT_MAX_AGE=0):
        results["teaminzicht (all teams: counted anew)"] = measure(
            policy_client, "get", "/teaminzicht/", max(3, repeat // 3))
    results["signals for policy (beleidsmaker)"] = measure(
        policy_client, "get", "/signalen-voor-beleid/", repeat)
    results["home (beleidsmaker)"] = measure(policy_client, "get", "/", repeat)
    results["structural signals (beleidsmaker)"] = measure(policy_client, "get",
                                                           "/beleid/signalen/", repeat)

    def fresh_version():
        case.refresh_from_db(fields=["version"])

    results["autosave"] = measure(
        client, "post", step("casus"), repeat,
        data=lambda i: {"buikpijn": f"Autosave {i}", "version": case.version},
        headers={"HX-Request": "true", "HX-Trigger-Name": "buikpijn"}, before=fresh_version)
    results["similar-decisions panel (service)"] = panel_benchmark(user, repeat)
    # A download is served kept, or sent to "wordt gemaakt" while the worker renders it
    # (cases.pdf_cache); here it is made once first, so this is the kept download. The
    # rendering itself is measured apart (pdf_benchmarks, with the plain-WeasyPrint floor).
    from cases.pdf_cache import case_pdf

    case.refresh_from_db()
    case_pdf(case)
    results["PDF download (kept)"] = measure(client, "get",
                                            reverse("cases:pdf", args=[case.pk]),
                                            max(5, repeat // 3))
    return results


def panel_benchmark(user, repeat):
    """The similar-decisions panel on its own (precedents.similar.similar_decisions): its
    server time and queries for ``repeat`` different concept cases of the bench team."""
    from cases.models import Case
    from precedents.similar import similar_decisions

    cases = list(Case.objects.filter(team__in=user.teams.all(), status="concept")
                 .order_by("pk")[:repeat + 3])
    timings, queries = [], []
    for index, case in enumerate(cases):
        with counted() as counter:
            start = time.perf_counter()
            found = similar_decisions(case, user)
            elapsed = (time.perf_counter() - start) * 1000
        if index >= 3:  # warm-up done
            timings.append(elapsed)
            queries.append(counter.count)
    assert found is not None
    return stats(timings, queries, 0)


def full_case():
    """A deliberation with every signal, every argument and every question filled in."""
    from accounts.models import User
    from cards.models import CardKind
    from cards.services import card_view
    from cases.models import Answer, ArgumentWeight, Case, Option, SignalMark
    from cases.services import add_cost_line, create_case

    user = User.objects.get(username="casemanager")
    case = create_case(user, user.teams.first(), "Volledig ingevulde afweging",
                       request="Vraag. " * 40, buikpijn="Buikpijn. " * 60,
                       standard_outcome="Standaard. " * 30)
    option = Option.objects.create(case=case, order=2, kind="maatwerk", title="Afwijken",
                                   deviated_rule="Beleidsregel")
    add_cost_line(option, amount=2500, period="eenmalig")
    add_cost_line(option, amount=100, period="per_jaar")
    add_cost_line(option, amount=400, period="per_jaar", direction="opbrengst", party="andere")
    for item in card_view(case.card_set, CardKind.SIGNALEN).items_by_id.values():
        SignalMark.objects.create(case=case, item=item, marked=True, note="Gezien. " * 8)
    weights = ["licht", "gemiddeld", "zwaar"]
    for index, item in enumerate(card_view(case.card_set, CardKind.ARGUMENTEN)
                                 .items_by_id.values()):
        ArgumentWeight.objects.create(case=case, option=option, item=item,
                                      weight=weights[index % 3], note="Omdat. " * 10)
    for section in card_view(case.card_set, CardKind.VRAGEN).sections:
        for cluster in section.clusters.all():
            Answer.objects.create(case=case, cluster=cluster, text="Antwoord. " * 30)
    Case.objects.filter(pk=case.pk).update(outcome="maatwerk", chosen_option=option,
                                           motivation="Motivering. " * 80,
                                           proportionality="Evenredig. " * 30)
    return Case.objects.get(pk=case.pk)


def pdf_benchmarks(repeat=10):
    import io

    from pypdf import PdfReader
    from weasyprint import HTML

    from cases.models import Case
    from cases.pdf import SCHEME, StaticOnlyFetcher, render_case_html, render_case_pdf

    def floor(html):
        """Plain WeasyPrint on the very same HTML and stylesheet: no PDF/A, no tags, no
        summary to build (issue 18, goal 4: ours ≤ 1.5× this)."""
        return HTML(string=html, base_url=SCHEME, url_fetcher=StaticOnlyFetcher()).write_pdf()

    results = {}
    for name, case in [("demo deliberation", Case.objects.get(title__startswith="Terugvordering"
                                                              " bijstand")),
                       ("every argument marked", full_case())]:
        timings, floors, pages = [], [], 0
        render_case_pdf(case)  # warm-up: fonts, stylesheets
        html = render_case_html(case)
        floor(html)
        for _ in range(repeat):
            start = time.perf_counter()
            pdf = render_case_pdf(case)
            timings.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            floor(html)
            floors.append((time.perf_counter() - start) * 1000)
            pages = len(PdfReader(io.BytesIO(pdf)).pages)
        median, floor_median = statistics.median(timings), statistics.median(floors)
        results[name] = {"median_ms": round(median, 1), "p95_ms": round(percentile(timings, 0.95),
                                                                        1),
                         "pages": pages, "pages_per_s": round(pages / (median / 1000), 1),
                         "bytes": len(pdf), "floor_ms": round(floor_median, 1),
                         "ratio_to_floor": round(median / floor_median, 2)}
    return results


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def load_run(seconds, users, locustfile="locustfile.py", extra_env=None, spawn_rate="2",
             ramp=25):
    from accounts.models import User

    port = free_port()
    # The seeded casemanagers (seed_demo makes more teams for more cases) the users log in as.
    casemanagers = User.objects.filter(username__startswith="bench", groups__name="casemanager")
    env = {**os.environ, **(extra_env or {}), "BENCH_USERS": ",".join(
        casemanagers.order_by("pk").values_list("username", flat=True)[:32])}
    gunicorn = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "maatwerk.wsgi", "--workers", "2",
         "--bind", f"127.0.0.1:{port}", "--timeout", "60", "--log-level", "warning"],
        cwd=ROOT, env=env)
    try:
        for _ in range(50):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.2)
        prefix = RESULTS / "locust"
        subprocess.run(
            [str(Path(sys.executable).with_name("locust")), "-f", str(ROOT / "bench" /
                                                                      locustfile),
             # Users arrive over 25 s (logins hash passwords: a burst of 50 would measure
             # PBKDF2, not the walk); statistics restart once all have arrived.
             "--headless", "-u", str(users), "-r", spawn_rate, "--reset-stats",
             "-t", f"{seconds + ramp}s",
             "--host", f"http://127.0.0.1:{port}", "--csv", str(prefix), "--only-summary",
             "--loglevel", "WARNING"],
            cwd=ROOT, env=env, check=False, timeout=seconds + 180)
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)
    rows = {}
    with open(f"{prefix}_stats.csv", encoding="utf-8") as handle:
        header = handle.readline().strip().split(",")
        for line in handle:
            values = dict(zip(header, line.strip().split(","), strict=False))
            rows[values["Name"]] = {
                "requests": int(values["Request Count"]),
                "failures": int(values["Failure Count"]),
                "p50_ms": float(values["50%"]), "p95_ms": float(values["95%"]),
                "rps": round(float(values["Requests/s"]), 1),
            }
    return {"users": users, "seconds": seconds, "workers": 2, "rows": rows}


def ceiling_run(seconds, users=20):
    """Requests/s with no think time: the floor, the base page and the walk mix, each on its
    own against gunicorn with 2 workers (issue 18, goal 2)."""
    found = {}
    for target, row in (("floor", "floor"), ("base", "base page"), ("walk", "walk mix"),
                        ("editing", "walk mix (editing)")):
        run = load_run(seconds, users, "ceiling_locustfile.py", {
            "BENCH_CEILING_TARGET": target,
            "DJANGO_SETTINGS_MODULE": "bench.ceiling_settings"}, spawn_rate="4", ramp=8)
        found[row] = run["rows"].get(row, {})
    base = found["base page"].get("rps") or 1
    lines = ["| target | requests/s | p50 ms | p95 ms | failures | × base page |",
             "| --- | --- | --- | --- | --- | --- |"]
    for row, values in found.items():
        lines.append(f"| {row} | {values.get('rps')} | {values.get('p50_ms')} | "
                     f"{values.get('p95_ms')} | {values.get('failures')} | "
                     f"{round((values.get('rps') or 0) / base, 2)} |")
    return {"rows": found, "table": "\n".join(lines)}


def machine():
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
               platform.processor())
    memory = int(Path("/proc/meminfo").read_text().split()[1]) // 1024 // 1024
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg_version = cursor.fetchone()[0]
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gb": memory,
            "python": platform.python_version(), "postgresql": pg_version,
            "date": datetime.now().strftime("%Y-%m-%d %H:%M")}


def table(results, sizes):
    """One row per page. At the smallest size also: the median of the templates' own
    rendering time, and the page against the base page of the same run (goal 1 of issue 18),
    with and without that template time."""
    small, large = str(sizes[0]), str(sizes[-1])
    base = results[small].get("base page (empty body)", {}).get("median_ms")
    lines = ["| page | " + " | ".join(f"median / p95 ms at {int(s):,}" for s in sizes)
             + " | queries | bytes | ratio | templates ms | × base (without templates) |",
             "| --- | " + " | ".join("---" for _ in sizes) + " | --- | --- | --- | --- | --- |"]
    for name in results[small]:
        row = results[small][name]
        cells = [f"{results[str(s)][name]['median_ms']} / {results[str(s)][name]['p95_ms']}"
                 for s in sizes]
        queries = "/".join(str(results[str(s)][name]["queries"]) for s in sizes)
        ratio = results[large][name]["median_ms"] / results[small][name]["median_ms"]
        templates = row.get("templates_ms")
        against = "—"
        if base and templates is not None:
            against = (f"{row['median_ms'] / base:.1f} "
                       f"({max(0.0, row['median_ms'] - templates) / base:.1f})")
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {queries} | "
                     f"{results[large][name]['bytes']:,} | {ratio:.2f} | "
                     f"{'—' if templates is None else templates} | {against} |")
    return "\n".join(lines).replace(",", " ")


def pdf_table(pdf):
    lines = ["| deliberation | median ms | p95 ms | pages | pages/s | bytes "
             "| plain WeasyPrint ms | ratio |",
             "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for name, r in pdf.items():
        lines.append(f"| {name} | {r['median_ms']} | {r['p95_ms']} | {r['pages']} | "
                     f"{r['pages_per_s']} | {r['bytes']:,} | {r.get('floor_ms', '—')} | "
                     f"{r.get('ratio_to_floor', '—')} |".replace(",", " "))
    return "\n".join(lines)


def load_table(load):
    lines = ["| request | count | failures | req/s | p50 ms | p95 ms |",
             "| --- | --- | --- | --- | --- | --- |"]
    for name, r in load["rows"].items():
        lines.append(f"| {name} | {r['requests']} | {r['failures']} | {r['rps']} | "
                     f"{r['p50_ms']:.0f} | {r['p95_ms']:.0f} |")
    return "\n".join(lines)


def write_docs(report):
    text = PERFORMANCE_MD.read_text(encoding="utf-8")
    start, end = "<!-- bench:start -->", "<!-- bench:end -->"
    m = report["machine"]
    body = [f"Measured {m['date']} on {m['cpu']} ({m['cores']} cores, {m['memory_gb']} GB), "
            f"Python {m['python']}, PostgreSQL {m['postgresql']}.", "",
            "### Pages", "", report["pages_table"], "",
            "### PDF", "", report["pdf_table"]]
    if report.get("load_table"):
        load = report["load"]
        body += ["", f"### Load: {load['users']} users, gunicorn {load['workers']} workers, "
                 f"{load['seconds']} s", "", report["load_table"]]
    new = re.sub(f"{start}.*{end}", f"{start}\n" + "\n".join(body) + f"\n{end}", text,
                 flags=re.S)
    PERFORMANCE_MD.write_text(new, encoding="utf-8")


def main():
    args = parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB)
    if not shutil.which("createdb"):
        sys.exit("bench needs PostgreSQL's client tools (createdb, dropdb)")
    runs_locust = args.ceiling or not (args.no_load or args.prepare)
    if runs_locust and not all(Path(sys.executable).with_name(tool).exists()
                               for tool in ("locust", "gunicorn")):
        # Found out before the pages are measured, not after (a million-case run takes long).
        sys.exit("the load and ceiling runs need locust and gunicorn: `make bench` installs "
                 "them (pip install -e '.[bench]'), or pass --no-load")
    setup_environment(url)
    if not args.reuse:
        recreate_database(url)
    import django

    django.setup()
    RESULTS.mkdir(parents=True, exist_ok=True)
    results, seeded = {}, 0
    for size in sizes:
        if args.reuse:
            prepare_kept(url, size)
            if args.prepare:
                continue
        else:
            seed(size, seeded)
            seeded = size
        if args.ceiling:
            continue  # the ceiling run measures the largest size only
        results[str(size)] = page_benchmarks(args.repeat)
        print(json.dumps(results[str(size)], indent=1), flush=True)
    if args.prepare:
        return
    if args.ceiling:
        ceiling = ceiling_run(args.ceiling_seconds)
        (RESULTS / "ceiling.json").write_text(json.dumps(ceiling, indent=1), encoding="utf-8")
        print("\n" + ceiling["table"])
        return
    pdf = pdf_benchmarks()
    report = {"sizes": sizes, "pages": results, "pdf": pdf, "machine": machine(),
              "pages_table": table(results, sizes), "pdf_table": pdf_table(pdf)}
    if not args.no_load:
        report["load"] = load_run(args.load_seconds, args.users)
        report["load_table"] = load_table(report["load"])
    (RESULTS / "latest.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    print("\n" + report["pages_table"] + "\n\n" + report["pdf_table"])
    if report.get("load_table"):
        print("\n" + report["load_table"])
    if not args.no_docs:
        write_docs(report)


if __name__ == "__main__":
    main()
