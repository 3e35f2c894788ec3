from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import TEXT_LONG, TEXT_NOTE
from cases.validators import validate_no_bsn
from maatwerk.forms import ModelChoiceField


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("Opmerking bij je beoordeling"), required=False, max_length=TEXT_LONG,
        validators=[validate_no_bsn], widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Verplicht als je terugstuurt: wat moet er anders of beter?"),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Waarom heropen je deze casus?"), max_length=TEXT_NOTE,
        validators=[validate_no_bsn], widget=forms.Textarea(attrs={"rows": 3}),
    )


class AdviceForm(forms.Form):
    adviser = ModelChoiceField(queryset=None, label=_("Collega"),
                                     empty_label=_("Kies een collega"))
    question = forms.CharField(
        label=_("Waarover wil je tegenspraak?"), required=False, max_length=TEXT_NOTE,
        validators=[validate_no_bsn], widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, advisers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["adviser"].queryset = advisers


def comment_targets(summary):
    """What a comment can be about, from a summary dict: the whole, an option, or one of
    the weighed arguments of the card (grouped per theme)."""
    choices = [("", _("De afweging als geheel")),
               (_("Een optie"), [(f"option:{o['id']}", f"{o['order']}. {o['title']}")
                                 for o in summary["options"]])]
    for weighing in summary["weighing"]:
        for theme in weighing["themes"]:
            arguments = [(f"item:{a['key']}", f"{side['label'].lower()}: {a['text'][:90]}")
                         for side in theme["sides"] for group in side["groups"]
                         for a in group["arguments"] if not a["own"]]
            if arguments:
                choices.append((f"{_('Argument')} · {theme['title']}", arguments))
    return choices


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Je antwoord"), max_length=TEXT_LONG, validators=[validate_no_bsn],
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CommentForm(forms.Form):
    about = forms.ChoiceField(label=_("Waarover gaat je opmerking?"), required=False,
                              error_messages={"invalid_choice": _("Kies waarover je opmerking "
                                                                  "gaat.")})
    text = forms.CharField(
        label=_("Je opmerking"), max_length=TEXT_LONG, validators=[validate_no_bsn],
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["about"].choices = targets
