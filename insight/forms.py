from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Team
from cases.forms import EuroField
from cases.models import Regeling
from maatwerk.forms import ModelChoiceField

from .services import Filters

DATE_INVALID = _("Vul een geldige datum in, zoals 2026-01-31.")


class InsightFilterForm(forms.Form):
    """Period and regeling. Bad dates get a message at the field and the default period."""

    van = forms.DateField(label=_("Van"), required=False,
                          widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                          error_messages={"invalid": DATE_INVALID})
    tot = forms.DateField(label=_("Tot en met"), required=False,
                          widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                          error_messages={"invalid": DATE_INVALID})
    regeling = ModelChoiceField(label=_("Regeling"), required=False,
                                      queryset=Regeling.objects.all(), empty_label=_("Alle"))

    def clean(self):
        data = super().clean()
        van, tot = data.get("van"), data.get("tot")
        if van and tot and van > tot:
            self.add_error("tot", _("Deze datum ligt vóór de begindatum. Kies een latere "
                                    "datum."))
        if tot and tot > timezone.localdate():
            data["tot"] = timezone.localdate()
        return data

    def filters(self):
        default = Filters.default()
        if not self.is_bound or not self.is_valid():
            return default
        data = self.cleaned_data
        return Filters(start=data.get("van") or default.start, end=data.get("tot") or default.end,
                       regeling=data.get("regeling"))


class BudgetForm(forms.Form):
    team = ModelChoiceField(label=_("Team"), queryset=Team.objects.none())
    regeling = ModelChoiceField(label=_("Regeling"), queryset=Regeling.objects.all())
    amount = EuroField(
        label=_("Budget per jaar (€)"), required=False, min_value=0, max_digits=12,
        decimal_places=2, widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        help_text=_("Wat je team per jaar wil uitgeven aan de gekozen opties onder deze "
                    "regeling. Een richtbedrag, geen grens. Laat leeg om het budget weg te "
                    "halen."),
        error_messages={"invalid": _("Vul een bedrag in euro's in, zoals 25000 of 25.000,50."),
                        "min_value": _("Een budget kan niet negatief zijn."),
                        "max_digits": _("Dit bedrag is te groot.")})

    prefix = "budget"  # the filter form above has a "regeling" too: ids stay unique

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regeling"].empty_label = _("Kies een regeling")
        self.fields["team"].queryset = teams
        if len(teams) == 1:  # evaluates the queryset once, for the choices too
            self.fields["team"].initial = teams[0].pk
            self.fields["team"].widget = forms.HiddenInput()
