from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import TEXT_LONG, TEXT_NOTE
from cases.validators import validate_no_bsn


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("Opmerking"), required=False, max_length=TEXT_LONG,
        validators=[validate_no_bsn], widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Verplicht als je terugstuurt: wat moet er anders of beter?"),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Waarom heropen je deze casus?"), max_length=TEXT_NOTE,
        validators=[validate_no_bsn], widget=forms.Textarea(attrs={"rows": 3}),
    )


class AdviceForm(forms.Form):
    adviser = forms.ModelChoiceField(queryset=None, label=_("Collega"),
                                     empty_label=_("Kies een collega"))
    question = forms.CharField(
        label=_("Waarover wil je tegenspraak?"), required=False, max_length=TEXT_NOTE,
        validators=[validate_no_bsn], widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, advisers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["adviser"].queryset = advisers


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Je opmerking"), max_length=TEXT_LONG, validators=[validate_no_bsn],
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    about = forms.RegexField(regex=r"^(|item:[a-z0-9.]{1,20}|option:\d{1,12})$", required=False,
                             error_messages={"invalid": _("Kies waarover je opmerking gaat.")})
