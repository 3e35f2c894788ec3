"""The Geschiedenis tab: every change to a case and its deliberation, who, when, old → new.

Built from django-simple-history's records of the case and each of its child rows.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone
from django.utils.formats import date_format

from cards.models import CardKind
from cards.services import card_view

from .models import (
    Answer,
    ArgumentWeight,
    Case,
    CostLine,
    Option,
    OwnArgument,
    OwnSignal,
    SignalMark,
)

HIDDEN = {"id", "version", "updated_at", "case", "history_id", "history_date",
          "history_change_reason", "history_type", "history_user", "history_user_id"}


@dataclass
class Change:
    field: str
    old: object
    new: object


@dataclass
class Entry:
    at: object
    user: str
    what: str
    kind: str  # "+" created, "~" changed, "-" deleted
    changes: list


@dataclass
class Session:
    """One person's run of changes, newest first: what Geschiedenis shows as one line."""

    user: str
    start: object
    end: object
    entries: list


SESSION_GAP = timedelta(minutes=30)


def sessions(entries, gap=SESSION_GAP):
    """``entries`` (newest first) grouped per change session: the same person, with no pause
    longer than ``gap`` between two changes."""
    grouped = []
    for entry in entries:
        last = grouped[-1] if grouped else None
        if last and last.user == entry.user and last.start - entry.at <= gap:
            last.entries.append(entry)
            last.start = entry.at
        else:
            grouped.append(Session(entry.user, entry.at, entry.at, [entry]))
    return grouped


SKIPPED = {"anonymised_at", "regeling_ids"}


def _value(model, name, value, options, arguments=None):
    """A stored value as a reader knows it: labels for codes, Dutch dates in local time,
    argument texts for the decisive arguments."""
    if name == "chosen_option_id":
        option = options.get(value)
        return str(option) if option else "—"
    if name == "decisive_keys":
        return "; ".join((arguments or {}).get(key, key) for key in value or []) or "—"
    field = model._meta.get_field(name.removesuffix("_id"))
    if field.choices and value is not None:
        return str(dict(field.choices).get(value, value)) or "—"
    if value is True:
        return "ja"
    if value is False:
        return "nee"
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value), "j F Y, H:i")
    if isinstance(value, date):
        return date_format(value, "j F Y")
    return value if value not in (None, "") else "—"


def _fields(model):
    names = [f.name for f in model._meta.concrete_fields
             if not f.is_relation and f.name not in HIDDEN | SKIPPED]
    return names + (["chosen_option_id"] if model is Case else [])


def _diff(model, previous, record, options, arguments):
    changes = []
    for name in _fields(model):
        old = getattr(previous, name) if previous is not None else None
        new = getattr(record, name)
        if previous is not None and old == new:
            continue
        if previous is None and new in (None, "", False, []):
            continue
        label = str(model._meta.get_field(name.removesuffix("_id")).verbose_name)
        changes.append(Change(label,
                              _value(model, name, old, options, arguments) if previous else "—",
                              _value(model, name, new, options, arguments)))
    return changes


def case_history(case):
    items = {}
    for kind in (CardKind.SIGNALEN, CardKind.ARGUMENTEN):
        items.update(card_view(case.card_set, kind).items_by_id)
    clusters = {c.pk: c for s in card_view(case.card_set, CardKind.VRAGEN).sections
                for c in s.clusters.all()}
    options = {o.pk: o for o in Option.objects.filter(case=case)}
    arguments = {f"w{w.pk}": str(items.get(w.item_id, "")) for w in
                 ArgumentWeight.objects.filter(case=case).only("pk", "item_id")}
    arguments.update({f"o{a.pk}": a.text for a in
                      OwnArgument.objects.filter(case=case).only("pk", "text")})

    def describe(model, record):
        if model is Case:
            return "Casus"
        if model is SignalMark:
            return f"Signaal: {items.get(record.item_id, '')}"
        if model is Answer:
            cluster = clusters.get(record.cluster_id)
            return f"Vraag: {cluster.heading if cluster else ''}"
        if model is Option:
            return f"Optie {record.order}: {record.title}"
        if model is ArgumentWeight:
            option = options.get(record.option_id)
            where = f" (optie {option.order})" if option else ""
            return f"Argument{where}: {items.get(record.item_id, '')}"
        if model is CostLine:
            option = options.get(record.option_id)
            return f"Kostenregel (optie {option.order if option else '?'}): {record.description}"
        if model is OwnSignal:
            return f"Eigen signaal: {record.text}"
        return f"Eigen argument: {record.text}"

    sources = [
        (Case, Case.history.filter(id=case.pk)),
        (SignalMark, SignalMark.history.filter(case_id=case.pk)),
        (Answer, Answer.history.filter(case_id=case.pk)),
        (Option, Option.history.filter(case_id=case.pk)),
        (CostLine, CostLine.history.filter(case_id=case.pk)),
        (ArgumentWeight, ArgumentWeight.history.filter(case_id=case.pk)),
        (OwnSignal, OwnSignal.history.filter(case_id=case.pk)),
        (OwnArgument, OwnArgument.history.filter(case_id=case.pk)),
    ]
    entries = []
    for model, records in sources:
        previous_by_id = {}
        for record in records.select_related("history_user").order_by("history_date",
                                                                       "history_id"):
            previous = previous_by_id.get(record.id)
            changes = [] if record.history_type == "-" else _diff(model, previous, record,
                                                                  options, arguments)
            previous_by_id[record.id] = record
            if record.history_type == "~" and not changes:
                continue
            entries.append(Entry(
                at=record.history_date,
                user=str(record.history_user) if record.history_user else "",
                what=describe(model, record),
                kind=record.history_type,
                changes=changes,
            ))
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries
