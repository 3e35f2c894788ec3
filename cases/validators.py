"""Validators for what a professional types: no BSN anywhere, no null bytes.

The app must never hold a BSN (burgerservicenummer). A nine-digit number passing the
*elfproef* (the BSN checksum) is refused in the reference field and in every free text,
written as one block (123456782), in groups of three (123 456 782, 123-456-782,
123.456.782) or as 1234.56.782, also right before a comma or full stop. An amount such as
123456782,50 is not a BSN. ``find_bsn`` is the one check; forms, the admin and a last guard
on every save (cases.bsn_guard) all use it."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _

_SEP = r"[ .\-\u00a0]"
_NINE_DIGITS = re.compile(
    rf"(?<!\d)(?<!\d[.,])"
    rf"(\d{{9}}|\d{{3}}({_SEP})\d{{3}}\2\d{{3}}|\d{{4}}({_SEP})\d{{2}}\3\d{{3}})"
    r"(?!\d|[.,]\d)"
)
_REF_ALLOWED = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._/-]*$")


def passes_elfproef(digits):
    if len(digits) != 9 or not digits.isdigit() or digits == "000000000":
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True))
    return (total - int(digits[8])) % 11 == 0


def find_bsn(text):
    for match in _NINE_DIGITS.finditer(text or ""):
        digits = re.sub(r"\D", "", match.group(1))
        if passes_elfproef(digits):
            return match.group(1)
    return None


validate_no_null_bytes = ProhibitNullCharactersValidator(
    message=_("Je tekst bevat een onzichtbaar nul-teken. Haal het weg en probeer opnieuw.")
)


def validate_no_bsn(value):
    found = find_bsn(value)
    if found:
        raise ValidationError(
            _("Je tekst lijkt een BSN te bevatten (%(bsn)s). Laat het BSN weg: de app bewaart "
              "nooit een BSN."),
            code="bsn",
            params={"bsn": found},
        )


_ZAAK_IDENTIFICATIE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._\-]{0,39}$")
_ZAAK_URL = re.compile(r"^https?://[^\s<>\"']{1,900}$")


def validate_zaak_reference(value):
    """The zaak as the casemanager knows it from the zaaksysteem: its identificatie (letters,
    digits, . _ -) or its URL."""
    validate_no_bsn(value)
    if value and not (_ZAAK_IDENTIFICATIE.match(value) or _ZAAK_URL.match(value)):
        raise ValidationError(
            _("Vul het zaaknummer (identificatie) in, zoals ZAAK-2026-0001, of de "
              "volledige URL van de zaak."), code="invalid_zaak")


def validate_inwoner_ref(value):
    validate_no_bsn(value)
    if value and not _REF_ALLOWED.match(value):
        raise ValidationError(
            _("Gebruik alleen letters, cijfers, spaties en de tekens . _ / -"),
            code="invalid_ref",
        )
