"""Money as a Dutch person types it (issue 16, item 4): the amount of a cost line."""

from decimal import Decimal

import pytest

from cases.forms import CostLineForm, parse_euro


def line(amount):
    return CostLineForm({"direction": "kosten", "period": "eenmalig", "party": "eigen",
                         "amount": amount})


@pytest.mark.parametrize(("typed", "value"), [
    ("1.250,50", Decimal("1250.50")), ("1250,50", Decimal("1250.50")),
    ("€ 600", Decimal("600")), ("600,-", Decimal("600")), ("€600,–", Decimal("600")),
    ("1.250", Decimal("1250")), ("12.500.000", Decimal("12500000")),
    ("1250.5", Decimal("1250.5")), ("€\u00a01.250,50", Decimal("1250.50")), ("0", Decimal(0)),
])
def test_dutch_amounts_are_understood(typed, value):
    form = line(typed)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == value


@pytest.mark.parametrize("typed", ["twaalf", "1,2,3", "-50", "12,50,-3"])
def test_what_is_not_an_amount_gets_a_dutch_message(typed):
    form = line(typed)
    assert not form.is_valid()
    assert form.errors["amount"]
    assert all("bedrag" in e or "groter dan of gelijk" in e or "0" in e
               for e in form.errors["amount"]), form.errors


def test_parse_euro_leaves_nonsense_for_the_field_to_refuse():
    assert parse_euro("twaalf") == "twaalf"
