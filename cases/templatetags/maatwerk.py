"""Small template helpers used across the app."""

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django import template
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.html import format_html

register = template.Library()


@register.filter
def get_item(mapping, key):
    if mapping is None:
        return None
    try:
        return mapping[key]
    except (KeyError, IndexError, TypeError):
        return None


@register.filter
def euro(value):
    """€ 1.250,50 — Dutch notation, nothing for an empty amount."""
    if value in (None, ""):
        return ""
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return ""
    return _euros(amount, 2)


@register.filter
def euro_whole(value):
    """€ 8.000 — whole euros, for chart axes."""
    if value in (None, ""):
        return ""
    return _euros(round(Decimal(value)), 0)


def _euros(amount, decimals):
    """A saving or income (below zero) reads −€ 600,00."""
    sign = "−" if amount < 0 else ""
    return f"{sign}€ " + number_format(abs(amount), decimal_pos=decimals, use_l10n=True,
                                       force_grouping=True)


@register.filter
def slug_key(key):
    """Card keys hold dots (s01.1); ids and CSS selectors get underscores."""
    return str(key).replace(".", "_")


@register.filter
def widget_attrs(bound_field):
    """The field widget's attributes (htmx, aria), escaped, for inputs written by hand in
    hot templates: rendering 220 radios through Django's widget templates cost 85 % of the
    Afwegen page (docs/performance.md)."""
    attrs = dict(bound_field.field.widget.attrs)
    if bound_field.field.disabled:
        attrs["disabled"] = True
    return flatatt(attrs)


@register.filter
def choice_input(choice):
    """One radio or checkbox of a choice field, as Django's input_option template writes it
    (type, name, value, attrs with id and checked), without a template render per choice."""
    data = choice.data
    value = "" if data["value"] is None else format_html(' value="{}"', data["value"])
    return format_html('<input type="{}" name="{}"{}{}>', data["type"], data["name"], value,
                       flatatt(data["attrs"]))


@register.filter
def group_attrs(bound_field):
    """Attributes of a radio group's fieldset: the autosave of the whole group (see
    cases.autosave.enable_autosave), empty when the field is read-only."""
    field = bound_field.field
    attrs = getattr(field, "group_attrs", None)
    if not attrs or field.disabled:
        return ""
    return flatatt(attrs)


@register.filter
def widget_type(bound_field):
    return bound_field.field.widget.__class__.__name__


@register.filter
def isodate(value):
    """An ISO date or datetime string (from a summary dict) in Dutch: 3 maart 2026, 14:05."""
    if not value:
        return ""
    try:
        parsed = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return value
    if len(value) == 10:
        return date_format(date.fromisoformat(value), "j F Y")
    if timezone.is_aware(parsed):
        parsed = timezone.localtime(parsed)
    return date_format(parsed, "j F Y, H:i")



ALERT_TYPES = {"success": "ok", "error": "error", "warning": "warning"}


@register.filter
def alert_type(message_tags):
    """The Utrecht alert modifier for a Django message level (ok, info, warning, error)."""
    return ALERT_TYPES.get(str(message_tags).split(" ")[-1], "info")
