"""Backups with a tested restore (security checklist #27; docs/deployment.md): pg_dump the
database, restore it into an empty one, and find every case, history row and logboek entry."""

import shutil
import subprocess

import pytest
from django.db import connection

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql",
                                reason="backups are PostgreSQL's pg_dump/pg_restore")


def pg(command, *args, db=None):
    settings = connection.settings_dict
    base = [command, "-h", settings["HOST"] or "127.0.0.1", "-p", str(settings["PORT"] or 5432),
            "-U", settings["USER"] or "postgres"]
    return subprocess.run([*base, *args, *([db] if db else [])], check=True,  # noqa: S603
                          capture_output=True, text=True, timeout=120)


def count(db, table):
    query = f"SELECT count(*) FROM {table}"  # noqa: S608 - table names are ours
    return int(pg("psql", "-tAc", query, db=db).stdout.strip())


@pytest.mark.django_db(transaction=True)
def test_pg_dump_and_restore_keep_everything(cardbook, tmp_path, client):
    from tests.conftest import Cast

    assert shutil.which("pg_dump") and shutil.which("pg_restore")
    cast = Cast()
    case = cast.new_case(buikpijn="Bewaard in de back-up.")
    client.force_login(cast.casemanager)
    client.get(f"/casussen/{case.pk}/samenvatting/")
    source = connection.settings_dict["NAME"]
    target = f"{source}_restore"
    dump = tmp_path / "maatwerk.dump"
    pg("pg_dump", "--format=custom", "--no-owner", f"--file={dump}", db=source)
    pg("dropdb", "--if-exists", db=target)
    pg("createdb", db=target)
    try:
        pg("pg_restore", "--no-owner", "--exit-on-error", f"--dbname={target}", str(dump))
        for table in ("cases_case", "cases_historicalcase", "privacy_accesslogentry",
                      "cards_item", "accounts_user"):
            assert count(target, table) == count(source, table) > 0, table
        query = f"SELECT buikpijn FROM cases_case WHERE id={int(case.pk)}"  # noqa: S608
        restored = pg("psql", "-tAc", query,
                      db=target).stdout.strip()
        assert restored == "Bewaard in de back-up."
    finally:
        pg("dropdb", "--if-exists", db=target)
