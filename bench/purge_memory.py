"""Peak memory of the retention purge (issue 18, goal 5): `purge_expired` must stream.

Runs `privacy.services.purge_expired` — what `manage.py purge_expired` runs — on a throw-away
copy of a seeded bench database (`bench/run.py --sizes N --reuse --prepare` keeps
`maatwerk_bench_N`), with a date far enough ahead that every case is past its retention
period, and samples the process's resident memory (VmRSS) and its peak (VmHWM, from
/proc/self/status) as it goes. A purge that streams keeps the peak flat however many cases
it handles; one that loads them all grows with the count.

    .venv/bin/python bench/purge_memory.py --size 100000 [--limit 20000] [--dry-run]

--limit stops after that many cases; --dry-run only lists. A real purge handles about 500
cases/s here since it goes set-based per batch (before: 35-72 cases/s, hours for a million).
Never part of `make test`; the copy is dropped afterwards.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import client_args, setup_environment  # noqa: E402


def memory_mb():
    fields = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = int(value.split()[0]) / 1024
    return fields["VmRSS"], fields["VmHWM"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, required=True, help="the seeded bench size")
    parser.add_argument("--limit", type=int, default=0, help="stop after this many cases")
    parser.add_argument("--dry-run", action="store_true")
    parser.add_argument("--every", type=int, default=0, help="sample every N cases")
    parser.add_argument("--today", default="2100-01-01")
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL",
                         "postgres://postgres@127.0.0.1:5432/maatwerk_bench")
    base, name = client_args(url)
    source, copy = f"{name}_{args.size}", f"{name}_purge_copy"
    subprocess.run(["dropdb", "--if-exists", *base, copy], check=True)
    subprocess.run(["createdb", *base, "-T", source, copy], check=True)
    try:
        setup_environment(url.rsplit("/", 1)[0] + "/" + copy)
        import django

        django.setup()
        from datetime import date, datetime
        from datetime import time as clock

        from django.utils import timezone

        from cases.models import Case
        from privacy.services import purge_expired

        total = Case.objects.count()
        now = timezone.make_aware(datetime.combine(date.fromisoformat(args.today), clock()))
        every = args.every or max(1, (args.limit or total) // 10)
        rss, peak = memory_mb()
        print(f"{total} cases in {source}; {'dry run' if args.dry_run else 'purge'}; "
              f"before: {rss:.0f} MB resident", flush=True)
        print("| cases handled | seconds | resident MB | peak MB |")
        print("| --- | --- | --- | --- |")
        started, count = time.perf_counter(), 0
        for count, _row in enumerate(purge_expired(now=now, dry_run=args.dry_run), 1):
            if count % every == 0:
                rss, peak = memory_mb()
                print(f"| {count} | {time.perf_counter() - started:.0f} | {rss:.0f} | "
                      f"{peak:.0f} |", flush=True)
            if args.limit and count >= args.limit:
                break
        rss, peak = memory_mb()
        print(f"| {count} (end) | {time.perf_counter() - started:.0f} | {rss:.0f} | "
              f"{peak:.0f} |", flush=True)
    finally:
        from django.db import connections

        connections.close_all()
        subprocess.run(["dropdb", "--if-exists", *base, copy], check=True)


if __name__ == "__main__":
    main()
