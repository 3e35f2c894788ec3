from django import forms
from django.contrib.auth.models import Permission
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from cases.models import Regeling

from .models import SignalStatus, StructuralSignal


def beleidsmakers():
    perm = Permission.objects.get(codename="handle_signals", content_type__app_label="policy")
    return (User.objects.filter(Q(groups__permissions=perm) | Q(user_permissions=perm),
                                is_active=True).distinct().order_by("first_name", "username"))


class SignalFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Alle"))] + SignalStatus.choices)
    regeling = forms.ModelChoiceField(label=_("Regeling"), required=False,
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
