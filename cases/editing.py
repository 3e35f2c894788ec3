"""Saving edits without losing anybody's words (optimistic locking, security checklist #18).

Every editable row has a ``version``. A form (or one autosaved field) is posted with the
version the user loaded. When the row has moved on since, we compare three values per field
— what the user loaded (from the row's history at that version), what is stored now, and what
the user sends:

* only the user changed it → saved;
* only somebody else changed it → theirs is kept (the user did not touch that field);
* both changed it, differently → a conflict: nothing is written for that field, and the user
  is shown the other person's text, who wrote it and when, with their own text still in the
  field. Saving again (now on the new version) replaces the other text deliberately.

The check and the write happen under a row lock (PostgreSQL ``SELECT … FOR UPDATE``; SQLite
runs IMMEDIATE transactions), so two saves cannot interleave.
"""

from dataclasses import dataclass, field

from django.db import transaction

_MISSING = object()


@dataclass
class Conflict:
    field: str
    theirs: object
    by: str
    at: object


@dataclass
class SaveResult:
    obj: object
    saved: list = field(default_factory=list)
    conflicts: dict = field(default_factory=dict)

    @property
    def ok(self):
        return not self.conflicts


def _base_record(obj, version):
    """The row as the user loaded it, from its history (None if unknown)."""
    if version == 0:
        return type(obj)()  # the row did not exist yet: its defaults are the base
    return obj.history.filter(version=version).order_by("-history_id").first()


def _last_change(obj, name, since_version):
    records = (
        obj.history.filter(version__gt=since_version)
        .select_related("history_user")
        .order_by("version", "history_id")
    )
    previous, author = _MISSING, None
    for record in records:
        value = getattr(record, name)
        if previous is _MISSING or value != previous:
            author = record
        previous = value
    if author is None:
        return "", None
    return (str(author.history_user) if author.history_user else ""), author.history_date


def apply_changes(obj, client_version, values, touch=None, user=None):
    """Three-way merge of ``values`` into the locked ``obj``; saves when anything changed.

    ``touch`` holds fields set on every save but never merged (e.g. who saved last), or is a
    function ``touch(obj, pending) -> {field: value}`` for rules that follow from the change.
    ``user`` is recorded in the history when no request says who saves (commands, tests)."""
    result = SaveResult(obj=obj)
    pending = {}
    if client_version == obj.version:
        pending = {k: v for k, v in values.items() if getattr(obj, k) != v}
    else:
        base = _base_record(obj, client_version)
        for name, mine in values.items():
            current = getattr(obj, name)
            if mine == current:
                continue
            base_value = getattr(base, name, _MISSING) if base is not None else _MISSING
            if base_value is not _MISSING and current == base_value:
                pending[name] = mine  # only this user changed it
            elif base_value is not _MISSING and mine == base_value:
                continue  # only the other person changed it: keep theirs
            else:
                by, at = _last_change(obj, name, client_version)
                result.conflicts[name] = Conflict(field=name, theirs=current, by=by, at=at)
    if pending:
        for name, value in {**pending, **_touched(touch, obj, pending)}.items():
            setattr(obj, name, value)
        obj.version += 1
        if user is not None:
            obj._history_user = user
        obj.save()
        result.saved = list(pending)
    return result


def _touched(touch, obj, pending):
    return touch(obj, pending) if callable(touch) else (touch or {})


def save_versioned(queryset, pk, client_version, values, touch=None, user=None):
    """Lock the row ``pk`` of ``queryset`` and merge ``values`` into it."""
    with transaction.atomic():
        obj = queryset.select_for_update().get(pk=pk)
        return apply_changes(obj, client_version, values, touch, user)


def upsert_versioned(model, lookup, client_version, values, touch=None, user=None):
    """Like save_versioned for a child row that may not exist yet (a signal first marked)."""
    with transaction.atomic():
        obj = model.objects.select_for_update().filter(**lookup).first()
        if obj is None:
            obj = model(**lookup)
            for name, value in {**values, **_touched(touch, obj, values)}.items():
                setattr(obj, name, value)
            obj.version = 1
            if user is not None:
                obj._history_user = user
            obj.save()
            return SaveResult(obj=obj, saved=list(values))
        return apply_changes(obj, client_version, values, touch, user)


def parse_version(raw):
    try:
        version = int(raw)
    except (TypeError, ValueError):
        return None
    return version if version >= 0 else None
