"""A Dutch supplement to Django's CommonPasswordValidator (whose list is English): refuses
passwords that are a common Dutch word with only digits or symbols around it, such as
"Wachtwoord2026!" or "welkom123456"."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

COMMON_DUTCH = {
    "wachtwoord", "welkom", "geheim", "gemeente", "voorjaar", "zomer", "najaar", "winter",
    "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
    "oktober", "november", "december", "maandag", "dinsdag", "woensdag", "donderdag",
    "vrijdag", "zaterdag", "zondag", "nederland", "holland", "amsterdam", "rotterdam",
    "utrecht", "denhaag", "ajax", "feyenoord", "psv", "wijkteam", "maatwerk", "inloggen",
    "hallo", "hallohallo", "schatje", "liefde", "voetbal", "oranje", "qwerty", "azerty",
}


class DutchCommonPasswordValidator:
    def validate(self, password, user=None):
        core = re.sub(r"^[\W\d_]+|[\W\d_]+$", "", password.lower())
        if core in COMMON_DUTCH:
            raise ValidationError(
                _("Dit wachtwoord is een veelgebruikt woord met wat cijfers of tekens. "
                  "Kies een langere zin of een combinatie van woorden."),
                code="password_too_common_nl",
            )

    def get_help_text(self):
        return _("Je wachtwoord mag geen veelgebruikt Nederlands woord zijn.")


class VarietyPasswordValidator:
    """Refuses a password of a few characters repeated ("aaaaaaaaaaaa", "abababababab"):
    long, but guessed at once."""

    min_distinct = 5

    def validate(self, password, user=None):
        if len(set(password.lower())) < self.min_distinct:
            raise ValidationError(
                _("Dit wachtwoord herhaalt steeds dezelfde paar tekens. Kies een zin of een "
                  "combinatie van woorden."),
                code="password_too_repetitive",
            )

    def get_help_text(self):
        return _("Je wachtwoord moet minstens %(n)s verschillende tekens bevatten.") % {
            "n": self.min_distinct}
