"""Optimistic locking with a three-way merge: nothing is silently overwritten."""

import pytest

from cases.editing import save_versioned, upsert_versioned
from cases.models import Case, SignalMark


def save(case, version, **values):
    return save_versioned(Case.objects.all(), case.pk, version, values)


def test_a_save_on_the_current_version_writes_and_bumps_the_version(case):
    result = save(case, case.version, buikpijn="Het klopt niet.")
    assert result.ok and result.saved == ["buikpijn"]
    case.refresh_from_db()
    assert (case.buikpijn, case.version) == ("Het klopt niet.", 2)


def test_an_unchanged_value_writes_nothing(case):
    result = save(case, case.version, buikpijn=case.buikpijn)
    assert result.ok and result.saved == []
    case.refresh_from_db()
    assert case.version == 1


def test_stale_version_but_only_this_user_changed_the_field(case):
    save(case, 1, request="Iemand anders schreef dit.")  # version 2
    result = save(case, 1, buikpijn="Mijn tekst.")
    assert result.ok
    case.refresh_from_db()
    assert (case.request, case.buikpijn, case.version) == (
        "Iemand anders schreef dit.", "Mijn tekst.", 3)


def test_stale_version_and_only_the_other_changed_the_field_keeps_theirs(case):
    save(case, 1, request="Hun nieuwe tekst.")
    # A whole-form post from the stale page sends the old value it loaded: not a change.
    result = save(case, 1, request="", buikpijn="Mijn tekst.")
    assert result.ok and result.saved == ["buikpijn"]
    case.refresh_from_db()
    assert case.request == "Hun nieuwe tekst."


def test_both_changed_the_same_field_is_a_conflict_and_writes_nothing(case):
    save(case, 1, buikpijn="Hun versie.")
    result = save(case, 1, buikpijn="Mijn versie.", request="Ook dit.")
    assert not result.ok
    conflict = result.conflicts["buikpijn"]
    assert conflict.theirs == "Hun versie."
    assert conflict.at is not None
    case.refresh_from_db()
    assert case.buikpijn == "Hun versie."
    assert case.request == "Ook dit."  # the field nobody else touched is saved
    # Saving again on the version now shown replaces theirs deliberately.
    again = save(case, case.version, buikpijn="Mijn versie.")
    assert again.ok
    case.refresh_from_db()
    assert case.buikpijn == "Mijn versie."


def test_a_child_row_created_by_someone_else_meanwhile(case):
    item = case.card_set.cards.get(kind="signalen").sections.first().clusters.first(
    ).items.first()
    first = upsert_versioned(SignalMark, {"case": case, "item": item}, 0,
                             {"marked": True, "note": "Gezien door Ahmed."})
    assert first.ok
    # The other user's page was loaded before the row existed (version 0).
    second = upsert_versioned(SignalMark, {"case": case, "item": item}, 0,
                              {"marked": True, "note": "Gezien door Sanne."})
    assert not second.ok
    assert second.conflicts["note"].theirs == "Gezien door Ahmed."
    mark = SignalMark.objects.get(case=case, item=item)
    assert mark.note == "Gezien door Ahmed."


@pytest.mark.django_db
def test_versions_are_recorded_in_the_history(case):
    save(case, 1, buikpijn="Een.")
    save(case, 2, buikpijn="Twee.")
    versions = list(case.history.order_by("history_date").values_list("version", "buikpijn"))
    assert versions[-2:] == [(2, "Een."), (3, "Twee.")]
