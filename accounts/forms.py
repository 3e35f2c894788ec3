from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.forms import PasswordChangeForm as DjangoPasswordChangeForm
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from cases.validators import validate_no_bsn, validate_no_null_bytes


class LoginForm(AuthenticationForm):
    """Django's login form with Dutch labels and messages."""

    error_messages = {
        "invalid_login": _("Je gebruikersnaam of wachtwoord klopt niet. Let op hoofdletters."),
        "inactive": _("Dit account is niet actief. Neem contact op met functioneel beheer."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("Gebruikersnaam")
        self.fields["password"].label = _("Wachtwoord")
        self.fields["username"].widget.attrs.update({"autocomplete": "username"})
        # Django sets max_length after the field is built, so no validator enforces it and an
        # over-long name reached authenticate() (and axes' 255-character column: a 500).
        self.fields["username"].validators.append(
            MaxLengthValidator(self.fields["username"].max_length))


def field_name(question_key):
    """v01.1 → v01_1: dots would break the ids and CSS selectors htmx targets."""
    return question_key.replace(".", "_")


class TeamFrameForm(forms.Form):
    """One text field per Vóór question; built from the card (see views)."""

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        for item in questions:
            self.fields[field_name(item.key)] = forms.CharField(
                label=item.text, required=False, max_length=5000,
                validators=[validate_no_null_bytes, validate_no_bsn],
                widget=forms.Textarea(attrs={"rows": 3}),
            )


class PasswordChangeForm(DjangoPasswordChangeForm):
    """Django's form with Dutch labels and messages."""

    error_messages = {
        "password_incorrect": _("Je huidige wachtwoord klopt niet. Probeer het opnieuw."),
        "password_mismatch": _("De twee nieuwe wachtwoorden zijn niet gelijk."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("Huidig wachtwoord")
        self.fields["new_password1"].label = _("Nieuw wachtwoord")
        self.fields["new_password1"].help_text = _(
            "Minstens 12 tekens, geen veelgebruikt woord en niet alleen cijfers.")
        self.fields["new_password2"].label = _("Herhaal je nieuwe wachtwoord")
        self.fields["new_password2"].help_text = ""
