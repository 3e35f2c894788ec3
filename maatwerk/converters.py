"""``<id:…>`` in URLs: a database id of at most 18 digits.

Django's ``<int:…>`` accepts any length, and a 25-digit id overflows SQLite's integer (an
OverflowError, a 500). An id that cannot exist simply does not match: a 404."""

from django.urls import register_converter


class IdConverter:
    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


register_converter(IdConverter, "id")
