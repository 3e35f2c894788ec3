from django import forms
from django.contrib.auth.models import Permission
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Team, User
from cases.models import TEXT_LONG, TEXT_VALIDATORS, Regeling
from maatwerk.forms import ModelChoiceField, ModelMultipleChoiceField

from .models import QuestionCard, QuestionStatus, SignalStatus, StructuralSignal


def beleidsmakers():
    perm = Permission.objects.get(codename="handle_signals", content_type__app_label="policy")
    return (User.objects.filter(Q(groups__permissions=perm) | Q(user_permissions=perm),
                                is_active=True).distinct().order_by("first_name", "username"))


class SignalFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Alle"))] + SignalStatus.choices)
    regeling = ModelChoiceField(label=_("Regeling"), required=False,
                                      queryset=Regeling.objects.all(), empty_label=_("Alle"))


class SignalForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = StructuralSignal
        fields = ["status", "regeling", "owner", "reply"]
        widgets = {"status": forms.RadioSelect, "reply": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "owner": _("Wie pakt dit op? Laat leeg om het zelf te doen."),
            "reply": _("De casemanager leest dit bij de casus en op de startpagina. Schrijf "
                       "wat er met het signaal gebeurt en waarom."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = beleidsmakers()
        self.fields["owner"].required = False
        self.fields["regeling"].empty_label = _("Geen regeling")
        if not self.is_bound:
            self.fields["version"].initial = self.instance.version


# --- Beleidsvragen ----------------------------------------------------------------------------


class QuestionFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Alle"))] + QuestionStatus.choices)


def _card_choices():
    """The two beleidsmakers' cards, each with its central question (verbatim)."""
    from cards.models import Card
    from cards.services import active_card_set

    card_set = active_card_set()
    questions = dict(Card.objects.filter(card_set=card_set, kind__in=QuestionCard.values)
                     .values_list("kind", "question")) if card_set else {}
    return [(kind, f"{label}: {questions[kind]}" if kind in questions else label)
            for kind, label in QuestionCard.choices]


class NewQuestionForm(forms.Form):
    title = forms.CharField(
        label=_("Beleidsvraag"), max_length=200, validators=TEXT_VALIDATORS,
        help_text=_("Eén zin: welk structureel probleem wil je oplossen?"))
    card_kind = forms.ChoiceField(label=_("Werk de vraag uit met"), widget=forms.RadioSelect)
    regeling = ModelChoiceField(label=_("Regeling"), required=False,
                                      queryset=Regeling.objects.all(),
                                      empty_label=_("Geen regeling"))
    teams = ModelMultipleChoiceField(
        label=_("Teams die het aangaat"), required=False, queryset=Team.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Zij zien een aanpassing van het beleid bij hun teamkader. Kies je geen "
                    "team, dan zien alle teams het."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["card_kind"].choices = _card_choices()


class DetailsForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    title = NewQuestionForm.base_fields["title"]
    regeling = NewQuestionForm.base_fields["regeling"]
    owner = ModelChoiceField(label=_("Beleidsmaker"), queryset=User.objects.none(),
                                   empty_label=None)
    teams = NewQuestionForm.base_fields["teams"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = beleidsmakers()


class ConcludeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Hoe eindigt de beleidsvraag?"),
                               choices=QuestionStatus.choices, widget=forms.RadioSelect)
    effective_from = forms.DateField(
        label=_("Beleid aangepast per"), required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Alleen als het beleid is aangepast: de datum waarop het ingaat."),
        error_messages={"invalid": _("Vul een datum in, bijvoorbeeld 1-1-2027.")})
    outcome = forms.CharField(
        label=_("Uitkomst"), required=False, max_length=TEXT_LONG,
        validators=TEXT_VALIDATORS, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Wat is er veranderd, of waarom blijft het beleid zoals het is? De teams "
                    "en de casemanagers van de gekoppelde signalen lezen dit."))


class LinkForm(forms.Form):
    signals = ModelMultipleChoiceField(
        label=_("Signalen koppelen"), required=False, widget=forms.CheckboxSelectMultiple,
        queryset=StructuralSignal.objects.none())
    precedent = forms.CharField(
        label=_("Precedent koppelen (kenmerk)"), required=False, max_length=20,
        help_text=_("Het kenmerk uit het precedentenregister, bijvoorbeeld MW-000123."))

    def __init__(self, *args, signals=(), **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["signals"]
        field.queryset = (StructuralSignal.objects.filter(pk__in=[s.pk for s in signals])
                          .select_related("team", "regeling").order_by("-created_at"))
        field.label_from_instance = _signal_label


def _signal_label(signal):
    parts = [signal.created_at.strftime("%d-%m-%Y"), str(signal.team)]
    if signal.regeling_id:
        parts.append(str(signal.regeling))
    text = signal.description if len(signal.description) <= 120 else (
        signal.description[:117].rstrip() + "…")
    return " · ".join(parts) + f": {text}"
