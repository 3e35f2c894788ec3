from django import forms
from django.utils.translation import gettext_lazy as _

from cases.validators import validate_no_bsn, validate_no_null_bytes

from .models import Verdict


class ComparisonForm(forms.Form):
    verdict = forms.ChoiceField(label=_("Is dit besluit vergelijkbaar met jouw casus?"),
                                choices=Verdict.choices, widget=forms.RadioSelect,
                                error_messages={"required": _("Kies: vergelijkbaar of niet.")})
    reason = forms.CharField(
        label=_("Het relevante verschil, of waarom het niet vergelijkbaar is"),
        max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        validators=[validate_no_null_bytes, validate_no_bsn],
        error_messages={"required": _("Schrijf op wat het relevante verschil is, of waarom "
                                      "het niet vergelijkbaar is.")})

    def clean_reason(self):
        from cases.decision import lacks_substance

        reason = self.cleaned_data["reason"]
        if lacks_substance(reason, 3):
            raise forms.ValidationError(_("Leg het in een zin uit: een los woord kan niemand "
                                          "volgen."))
        return reason


def comparison_form(other, answer=None, data=None):
    """The answer form about one earlier decision (several on a page: a prefix each)."""
    form = ComparisonForm(data, prefix=f"v{other.pk}", initial={
        "verdict": answer.verdict, "reason": answer.reason} if answer else None)
    form.fields["verdict"].label = _("Is %(ref)s vergelijkbaar met jouw casus?") % {
        "ref": other.reference}
    return form


class RegisterFilterForm(forms.Form):
    q = forms.CharField(label=_("Zoek in de precedenten"), required=False, max_length=100)
    regeling = forms.TypedChoiceField(label=_("Regeling"), required=False, coerce=int,
                                      empty_value=None)
    outcome = forms.ChoiceField(label=_("Besluit"), required=False)
    signal = forms.TypedChoiceField(label=_("Signaal"), required=False, coerce=int,
                                    empty_value=None)
    year = forms.TypedChoiceField(label=_("Jaar"), required=False, coerce=int,
                                  empty_value=None)

    def __init__(self, *args, regelingen=(), outcomes=(), signals=(), years=(), **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("Alle"))]
        self.fields["regeling"].choices = everything + list(regelingen)
        self.fields["outcome"].choices = everything + list(outcomes)
        self.fields["signal"].choices = everything + list(signals)
        self.fields["year"].choices = everything + [(y, str(y)) for y in years]
