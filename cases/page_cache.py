"""Walk pages kept per exact content (issue 18, goal 1).

A walk page (Casus, Signalen, Verkennen, a theme of Afwegen, Besluit) is built from the case
and its rows, the team's frame and additions, the card set, the user's roles and teams, and
the similar decisions. Building it takes 15–30 queries and most of its time in templates; a
casemanager who goes back and forth through the steps, a teamleider who reviews and a
colleague asked for advice read the same page again and again without a change.

So the page is kept, and served again only while **nothing it is built from has changed**.
Whether something changed is asked of PostgreSQL in one query (``stamp``): for the case
row and every table that hangs from the case (found from the models, so a new one is
covered without anyone remembering it), and for the team's, the user's and the small shared
tables the page shows, it returns each one's number of rows, highest id and the sum of
the rows' ``xmin``. ``xmin`` is the transaction that wrote a row version: every INSERT and
every UPDATE gives its row a new, higher one, whatever code path wrote it (the ORM, a
QuerySet ``update``, a bulk insert, raw SQL), and a DELETE lowers the count. So any
change gives a different stamp, and a different stamp is a different key. The similar
decisions come from every team: the stamp holds the newest approval or reopening of any
case, and a kept page is thrown away after ``MAATWERK_PAGE_CACHE_SECONDS`` at the latest,
which bounds what nothing else covers (another user renamed, an earlier case purged).

What is not kept, or is done again at every request:

* the read itself: ``load_case`` checks access and writes the logboek entry as always, and
  the own team's similar cases the page shows are logged again (kept with the page);
* the CSRF token: the kept page holds a mark where the token was, filled in per request;
* pages with a message to show (they are rendered, which shows and clears it), htmx
  requests, POSTs, and every page on SQLite (no ``xmin``: the embedded first-run database
  renders every page).

The similar decisions beside a page are kept apart from it (``similar``), keyed on what
they are found from: a weight saved at Afwegen renders the page anew but does not search
again. Each request runs in its own transaction, so every write a page could show has a
transaction id of its own (inside one test transaction it would not: tests/conftest.py).

The cache is per process (``CACHES["pages"]``, local memory, bounded), so a deployment
never serves a page kept by an older release.
"""

import hashlib
import re
from functools import cache

from django.apps import apps
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import caches
from django.db import connection, models
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone, translation

from . import services
from .access import load_case

CSRF_MARK = "\x00csrf\x00"
_TOKENS = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"|"X-CSRFToken": "([^"]+)"')

# Tables with a case_id that no walk page shows, and that change at every read: the
# logboek would make every page new at every request.
NOT_SHOWN = {"privacy.AccessLogEntry", "insight.DecisionFact"}

# Shared tables the walk shows, stamped whole: they are small (the card set, the
# regelingen, the roles' permissions, policy changes for the teams).
WHOLE_TABLES = [
    "cards.CardSet", "cards.Card", "cards.Section", "cards.Cluster", "cards.Item",
    "cards.Definition", "cases.Regeling", "policy.PolicyQuestion", "auth.Group",
    "auth.Group_permissions", "policy.PolicyQuestion_teams",
]
# The case's team's rows, and the user's own: "team_id = case's team" / "user_id = user".
TEAM_TABLES = [("accounts.Team", "id"), ("cards.TeamItem", "team_id"),
               ("accounts.TeamFrameAnswer", "team_id")]
USER_TABLES = [("accounts.User", "id"), ("accounts.User_teams", "user_id"),
               ("accounts.User_groups", "user_id"),
               ("accounts.User_user_permissions", "user_id"),
               ("accounts.PersonalFrameAnswer", "user_id")]


def _model(label):
    app_label, name = label.split(".")
    if "_" in name:  # an auto-created through table: "accounts.User_teams"
        owner, field = name.split("_", 1)
        return apps.get_model(app_label, owner)._meta.get_field(field).remote_field.through
    return apps.get_model(app_label, name)


def _rows(table, where):
    """count:max(id):sum(xmin) of a table's rows under ``where``. Table and column names
    come from the models, values are parameters: nothing of a request is in the text."""
    q = connection.ops.quote_name
    return (f"(SELECT count(*) || ':' || coalesce(max(t.id), 0) || ':' || "  # noqa: S608
            f"coalesce(sum(t.xmin::text::bigint), 0) FROM {q(table)} t WHERE {where})")


def _foreign_keys(model, target):
    return [field for field in model._meta.concrete_fields
            if isinstance(field, models.ForeignKey) and field.related_model is target]


def case_tables():
    """(table, column) of every table that hangs from a case: its rows point at the case
    (``column = case id``), or at such a row (``column IN (ids of that table for the
    case)``), or are the link table of a many-to-many of such a row."""
    from .models import Case

    found = {}
    children = []
    for relation in Case._meta.related_objects:
        model = relation.related_model
        if relation.many_to_many or model._meta.label in NOT_SHOWN:
            continue
        found[(model._meta.db_table, relation.field.column)] = "= %(case)s"
        children.append(model)
    for child in children:
        child_ids = (f"(SELECT id FROM {connection.ops.quote_name(child._meta.db_table)} "  # noqa: S608
                     f"WHERE {_foreign_keys(child, Case)[0].column} = %(case)s)")
        for relation in child._meta.related_objects:
            model = relation.related_model
            if relation.many_to_many:
                through = relation.through
                for field in _foreign_keys(through, child):
                    found.setdefault((through._meta.db_table, field.column), f"IN {child_ids}")
            elif not _foreign_keys(model, Case) and model._meta.label not in NOT_SHOWN:
                for field in _foreign_keys(model, child):
                    found.setdefault((model._meta.db_table, field.column), f"IN {child_ids}")
        for field in child._meta.many_to_many:
            through = field.remote_field.through
            for fk in _foreign_keys(through, child):
                found.setdefault((through._meta.db_table, fk.column), f"IN {child_ids}")
    return sorted(found.items())


@cache
def stamp_parts():
    """[(name, subquery)] of the stamp: "case", "<table>.<column>" per table that hangs from
    the case, "<table>" per shared, team and user table, and "decided"."""
    from reviews.models import ReviewEvent

    q = connection.ops.quote_name
    parts = [("case", "(SELECT xmin::text FROM cases_case WHERE id = %(case)s)")]
    parts += [(f"{table}.{column}", _rows(table, f"t.{q(column)} {condition}"))
              for (table, column), condition in case_tables()]
    parts += [(table, _rows(table, "true"))
              for table in (_model(label)._meta.db_table for label in WHOLE_TABLES)]
    for tables, parameter in ((TEAM_TABLES, "team"), (USER_TABLES, "user")):
        for label, column in tables:
            table = _model(label)._meta.db_table
            parts.append((table, _rows(table, f"t.{q(column)} = %({parameter})s")))
    # Similar decisions: the newest approval or reopening of any case (the newest events
    # first from the primary key; one of them is nearly always among the last few).
    kinds = ", ".join(f"'{kind}'" for kind in (ReviewEvent.Kind.APPROVED,
                                               ReviewEvent.Kind.REOPENED))
    parts.append(("decided", f"(SELECT max(id) FROM {q(ReviewEvent._meta.db_table)} "  # noqa: S608
                             f"WHERE kind IN ({kinds}))"))
    return parts


@cache
def stamp_sql():
    return "SELECT " + ", ".join(f"{sql}::text" for _name, sql in stamp_parts())


STATEMENT = "maatwerk_walk_stamp"


def stamp(case, user):
    """The stamp of everything the walk page of ``case`` shows to ``user``. The statement is
    prepared once per database connection: planning its 38 subqueries took longer than
    running them (0.9 against 0.35 ms on the bench case). A prepared statement lives as
    long as the session, also past a rollback; a pooler in transaction mode (pgbouncer)
    does not keep it, so such a deployment sets MAATWERK_PAGE_CACHE=false."""
    connection.ensure_connection()
    raw = connection.connection
    with connection.cursor() as cursor:
        prepared = getattr(raw, "maatwerk_walk_stamp", None)
        if prepared != stamp_sql():
            if prepared is not None:  # this session prepared another one (tests, reloads)
                cursor.execute(f"DEALLOCATE {STATEMENT}")
            sql = stamp_sql() % {"case": "$1", "team": "$2", "user": "$3"}
            cursor.execute(f"PREPARE {STATEMENT}(bigint, bigint, bigint) AS {sql}")
            raw.maatwerk_walk_stamp = stamp_sql()
        cursor.execute(f"EXECUTE {STATEMENT}(%s, %s, %s)", [case.pk, case.team_id, user.pk])
        row = cursor.fetchone()
    return dict(zip((name for name, _sql in stamp_parts()), row, strict=True))


def enabled(request):
    return (settings.MAATWERK_PAGE_CACHE
            and connection.vendor == "postgresql"
            and request.method == "GET" and not request.htmx
            and not len(get_messages(request)))


def _digest(prefix, parts):
    return prefix + hashlib.sha256(repr(parts).encode()).hexdigest()


def _key(request, case):
    request.walk_stamp = stamp(case, request.user)
    return _digest("walk:", (request.get_full_path(), request.user.pk,
                             translation.get_language(), timezone.localdate().isoformat(),
                             sorted(request.walk_stamp.items())))


# What the similar decisions are found from (precedents.similar): the case's regelingen
# and texts, its marked signals, its options' kinds, and the decisions of every team.
SIMILAR_FIELDS = ("regeling_ids", "request", "standard_outcome", "buikpijn", "outcome")
SIMILAR_TABLES = ("cases_signalmark.case_id", "cases_option.case_id",
                  "precedents_comparison.case_id", "decided")


def similar(request, case, find):
    """``find()``, the similar decisions beside a walk page, kept apart from the page: a
    weight saved at Afwegen makes the page new, not the decisions found for it. Only on a
    page built after its stamp was read (``kept``); else found anew."""
    found_stamp = getattr(request, "walk_stamp", None)
    if found_stamp is None:
        return find()
    key = _digest("similar:", (case.pk, request.user.pk, sorted(request.user.team_ids()),
                               [getattr(case, name) for name in SIMILAR_FIELDS],
                               [found_stamp[name] for name in SIMILAR_TABLES]))
    store = caches["pages"]
    found = store.get(key)
    if found is None:
        found = find()
        store.set(key, found, settings.MAATWERK_PAGE_CACHE_SECONDS)
    return found


def kept(request, case, render_page):
    """The page ``render_page(case)`` renders, served kept while nothing it shows changed.
    ``case`` comes from ``load_case(..., progress=False)``: a kept page needs no progress;
    ``render_page`` gets the case with it.

    On a miss the case is read again after the stamp: a change between the first read and
    the stamp would otherwise be kept under the newer stamp with the older case row. (A
    change after the stamp only puts newer content under an older key, never served again.)
    """
    if not enabled(request):
        return render_page(services.attach_progress(case))
    key = _key(request, case)
    store = caches["pages"]
    found = store.get(key)
    if found is not None:
        body, pairs = found
        _log_again(request, pairs)
        return HttpResponse(body.replace(CSRF_MARK, get_token(request)))
    request.kept_log_pairs = []
    response = render_page(load_case(request, case.pk, log=False))
    if response.status_code == 200 and not response.streaming:
        body = response.content.decode()
        for match in _TOKENS.finditer(body):
            body = body.replace(match.group(1) or match.group(2), CSRF_MARK)
        store.set(key, (body, request.kept_log_pairs), settings.MAATWERK_PAGE_CACHE_SECONDS)
    return response


def note_logged(request, action, pairs, detail):
    """The similar cases a page logged as read, kept with the page to log them again."""
    if hasattr(request, "kept_log_pairs"):
        request.kept_log_pairs.append((action, [(case.pk, purpose) for case, purpose in pairs],
                                       detail))


def _log_again(request, kept_pairs):
    from privacy.logboek import log_pairs

    from .models import Case

    for action, pairs, detail in kept_pairs:  # a case's reference follows from its pk
        log_pairs(request.user, action, [(Case(pk=pk), purpose) for pk, purpose in pairs],
                  detail=detail)
