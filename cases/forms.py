"""Forms of the walk. Every form works as a plain POST; ``cases.autosave.prepare`` adds the
htmx attributes that save one field at a time (see cases.editing and cases.autosave)."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from cards.models import Stance
from maatwerk.forms import ModelChoiceField

from .decision import MAATWERK_ONLY, evaluation_open, evaluation_opens_message
from .models import (
    TEXT_LONG,
    TEXT_NOTE,
    TEXT_VALIDATORS,
    Case,
    CostLine,
    Option,
    OptionKind,
    Outcome,
    Regeling,
    Weight,
)
from .validators import validate_no_bsn

DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


# An own argument is added because it weighs: it gets a weight, never "n.v.t.".
OWN_WEIGHTS = [(w.value, w.label) for w in reversed(Weight.weighed())]


def item_slug(item):
    """Card keys hold dots (s01.4); form names become ids and CSS selectors, so: s01_4."""
    return item.key.replace(".", "_")


def text_field(label, max_length=TEXT_LONG, rows=4, help_text="", required=False):
    return forms.CharField(
        label=label, required=required, max_length=max_length, help_text=help_text,
        validators=[validate_no_bsn], widget=forms.Textarea(attrs={"rows": rows}),
    )


class NewCaseForm(forms.ModelForm):
    team = ModelChoiceField(queryset=None, label=_("Team"), empty_label=None)

    class Meta:
        model = Case
        fields = ["title", "team", "inwoner_ref"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = user.teams.all()
        if len(user.team_ids()) == 1:
            self.fields["team"].widget = forms.HiddenInput()
            self.fields["team"].initial = user.team_ids()[0]


class RegelingChoiceField(forms.TypedMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple


class CasusForm(forms.ModelForm):
    regeling_ids = RegelingChoiceField(label=_("Regelingen"), coerce=int, required=False)
    deadline = forms.DateField(
        label=_("Uiterste datum"), required=False, input_formats=DATE_FORMATS, widget=DateInput,
        help_text=_("Wanneer moet er een besluit zijn?"),
    )

    class Meta:
        model = Case
        fields = ["title", "inwoner_ref", "zaak_reference", "household", "age_bracket",
                  "regeling_ids", "request", "standard_outcome", "buikpijn", "deadline"]
        widgets = {
            "request": forms.Textarea(attrs={"rows": 4}),
            "standard_outcome": forms.Textarea(attrs={"rows": 3}),
            "buikpijn": forms.Textarea(attrs={"rows": 5}),
            "household": forms.RadioSelect,
            "age_bracket": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        selected = set(self.instance.regeling_ids or [])
        regelingen = [r for r in Regeling.objects.all() if r.is_active or r.pk in selected]
        self.fields["regeling_ids"].choices = [(r.pk, r.name) for r in regelingen]
        for name in ("household", "age_bracket"):
            self.fields[name].choices = [("", _("Niet ingevuld"))] + [
                c for c in self.fields[name].choices if c[0]
            ]


class AnswersForm(forms.Form):
    """Free-text answers, one per question cluster of the Vragenkaart."""

    def __init__(self, *args, clusters=(), **kwargs):
        super().__init__(*args, **kwargs)
        for cluster in clusters:
            self.fields[f"answer-{cluster.key}"] = text_field(cluster.heading, rows=4)


class SignalForm(forms.Form):
    marked = forms.BooleanField(required=False)
    note = forms.CharField(
        label=_("Wat zag of hoorde je?"), required=False, max_length=TEXT_NOTE,
        validators=[validate_no_bsn], widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, prefix=f"sig-{item_slug(item)}", **kwargs)
        self.item = item
        self.fields["marked"].label = item.text


class OwnSignalForm(forms.Form):
    section_key = forms.ChoiceField(
        label=_("Kolom"), choices=[("inwoner", _("Signalen van inwoner")),
                                   ("uitvoerder", _("Signalen bij uitvoerder"))],
        widget=forms.RadioSelect,
    )
    text = forms.CharField(label=_("Je eigen signaal"), max_length=300,
                           validators=[*TEXT_VALIDATORS])
    note = forms.CharField(label=_("Wat zag of hoorde je?"), required=False,
                           max_length=TEXT_NOTE, validators=[validate_no_bsn],
                           widget=forms.Textarea(attrs={"rows": 2}))


class OwnNoteForm(forms.Form):
    """Editing the note of an own signal or argument in place."""

    text = forms.CharField(label=_("Tekst"), max_length=300, validators=[*TEXT_VALIDATORS])
    note = forms.CharField(label=_("Toelichting"), required=False, max_length=TEXT_NOTE,
                           validators=[validate_no_bsn],
                           widget=forms.Textarea(attrs={"rows": 2}))


class OwnArgumentEditForm(OwnNoteForm):
    weight = forms.ChoiceField(label=_("Gewicht"), choices=OWN_WEIGHTS,
                               widget=forms.RadioSelect)

    field_order = ["text", "weight", "note"]


_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")


def parse_euro(value):
    """An amount as a Dutch person types it, as a plain decimal string: "1.250,50",
    "1250,50", "€ 600", "600,-", "1.250" (thousands) → "1250.50", "1250.50", "600", "600",
    "1250". Anything else is returned as typed, for DecimalField to refuse."""
    text = str(value).replace("€", "").replace("\u00a0", "").replace(" ", "").strip()
    text = re.sub(r"[,.][-–]$", "", text)
    if "," in text:
        return text.replace(".", "").replace(",", ".")
    if _THOUSANDS.match(text):
        return text.replace(".", "")
    return text


class EuroField(forms.DecimalField):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.localize = True  # shown as 1250,50
        self.widget.is_localized = True

    def to_python(self, value):
        if value in self.empty_values:
            return None
        return super().to_python(parse_euro(value))


class OptionForm(forms.ModelForm):
    class Meta:
        model = Option
        fields = ["title", "description", "kind", "deviated_rule", "rule_type"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "kind": forms.RadioSelect,
            "rule_type": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule_type"].choices = [
            c for c in self.fields["rule_type"].choices if c[0]]
        if self.instance.is_standard:
            self.fields["kind"].disabled = True

    def clean(self):
        cleaned = super().clean()
        # Cross-field rule on a whole-form save only; an autosave validates one field.
        if ({"kind", "deviated_rule"} <= set(self.fields)
                and cleaned.get("kind") == OptionKind.MAATWERK):
            if not cleaned.get("deviated_rule"):
                self.add_error("deviated_rule", _("Noem de regel waarvan je afwijkt."))
        return cleaned



class CostLineForm(forms.ModelForm):
    """One cost, income or saving of an option. The amount is typed as a Dutch person
    types it (EuroField); the direction says which way the money goes."""

    class Meta:
        model = CostLine
        fields = ["direction", "period", "amount", "party", "description"]
        widgets = {
            "direction": forms.RadioSelect,
            "period": forms.RadioSelect,
            "party": forms.RadioSelect,
            "amount": forms.TextInput(attrs={"inputmode": "decimal"}),
        }
        field_classes = {"amount": EuroField}
        labels = {"party": _("Wie betaalt het, of wie bespaart of ontvangt het?")}
        help_texts = {"description": _("Bijvoorbeeld: huurachterstand, verkoop auto, "
                                       "minder schuldhulp.")}
        error_messages = {
            "amount": {"invalid": _("Vul een bedrag in euro's in, zoals 1.250,50 of € 600."),
                       "required": _("Vul het bedrag in.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("direction", "period", "party"):
            self.fields[name].choices = [c for c in self.fields[name].choices if c[0]]

class WeightForm(forms.Form):
    weight = forms.ChoiceField(choices=Weight.choices, widget=forms.RadioSelect,
                               initial=Weight.NIET_BEKEKEN, required=False)
    note = forms.CharField(
        label=_("Waarom hier?"), required=False, max_length=TEXT_NOTE,
        validators=[validate_no_bsn], widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, prefix=f"arg-{item_slug(item)}", **kwargs)
        self.item = item
        self.fields["weight"].label = _("Gewicht")



class OwnArgumentForm(forms.Form):
    section_key = forms.ChoiceField(label=_("Thema"), choices=())
    stance = forms.ChoiceField(label=_("Voor of tegen"),
                               choices=Stance.choices,
                               widget=forms.RadioSelect)
    text = forms.CharField(label=_("Je eigen argument"), max_length=300,
                           validators=[*TEXT_VALIDATORS])
    weight = forms.ChoiceField(label=_("Gewicht"), choices=OWN_WEIGHTS,
                               widget=forms.RadioSelect, initial=Weight.GEMIDDELD)
    note = forms.CharField(label=_("Waarom hier?"), required=False, max_length=TEXT_NOTE,
                           validators=[validate_no_bsn],
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, themes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section_key"].choices = [(s.key, s.title) for s in themes]
        if len(themes) == 1:  # added on a theme's own page: the theme goes without saying
            self.fields["section_key"].widget = forms.HiddenInput()
            self.fields["section_key"].initial = themes[0].key


class MensbeeldForm(forms.ModelForm):
    class Meta:
        model = Case
        fields = ["perceived_effort", "perceived_need", "perceived_reputation",
                  "mensbeeld_reflection"]
        widgets = {
            "perceived_effort": forms.RadioSelect,
            "perceived_need": forms.RadioSelect,
            "perceived_reputation": forms.RadioSelect,
            "mensbeeld_reflection": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "perceived_effort": _("Hoe zie jij de inzet van de inwoner?"),
            "perceived_need": _("Hoe hulpbehoevend vind jij de inwoner?"),
            "perceived_reputation": _("Welk beeld bestaat er van de inwoner, bij jou, "
                                      "collega's of in het dossier?"),
            "mensbeeld_reflection": _("Zou je hetzelfde besluiten als je beeld van de inwoner "
                                      "anders was? Waarom wel of niet?"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("perceived_effort", "perceived_need", "perceived_reputation"):
            self.fields[name].choices = [c for c in self.fields[name].choices if c[0]]


def _without_blank(form, *names):
    for name in names:
        form.fields[name].choices = [c for c in form.fields[name].choices if c[0]]


class DecisionForm(forms.ModelForm):
    """Besluit, part 1: the decision, the option that carries it out, and for maatwerk the
    rule deviated from and its ground; the facts and interests, and proportionality."""

    part = "besluit"

    class Meta:
        model = Case
        fields = ["outcome", "chosen_option", "deviated_rule", "legal_ground",
                  "legal_ground_article", "motivation", "proportionality"]
        widgets = {
            "outcome": forms.RadioSelect,
            "chosen_option": forms.RadioSelect,
            "legal_ground": forms.RadioSelect,
            "motivation": forms.Textarea(attrs={"rows": 6}),
            "proportionality": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {
            "outcome": _("Wat besluit je?"),
            "chosen_option": _("Welke optie voer je uit?"),
            "motivation": _("Feiten en belangen: wat heb je gewogen?"),
            "proportionality": _("Evenredigheid: waarom staat de uitkomst in verhouding tot "
                                 "het doel van de regel?"),
            "deviated_rule": _("Van welke regel wijk je af?"),
            "legal_ground": _("Op welke grond wijk je af?"),
            "legal_ground_article": _("Welk artikel?"),
        }
        help_texts = {
            "motivation": _("Schrijf het zo dat het een besluit kan dragen: welke feiten, "
                            "welke belangen van de inwoner en van anderen, en hoe je ze woog."),
            "legal_ground_article": _("Bij een hardheidsclausule verplicht, bijvoorbeeld "
                                      "‘artikel 58 lid 8 Participatiewet’."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        options = self.fields["chosen_option"]
        options.queryset = self.instance.options.all()
        options.empty_label = None
        options.label_from_instance = lambda o: f"{o} ({o.get_kind_display().lower()})"
        _without_blank(self, "outcome", "legal_ground")
        # An autosave posts one field: the outcome stored decides, unless this post sets it.
        outcome = self.data.get("outcome", self.instance.outcome)
        if outcome != Outcome.MAATWERK:
            # Asked only for maatwerk (cases.decision clears them when the outcome changes).
            for name in MAATWERK_ONLY:
                del self.fields[name]

    @property
    def asks_for_maatwerk(self):
        return "deviated_rule" in self.fields


class DecisiveForm(forms.ModelForm):
    """Besluit, part 2: the arguments that tipped the decision, and why (Awb art. 3:46)."""

    part = "doorslag"
    decisive_keys = forms.MultipleChoiceField(
        label=_("Welke argumenten gaven de doorslag?"), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Kies uit je eigen weging, voor of tegen. Je kunt ze bij Afwegen nog "
                    "aanpassen."),
    )

    class Meta:
        model = Case
        fields = ["decisive_keys", "decisive_reasoning"]
        widgets = {"decisive_reasoning": forms.Textarea(attrs={"rows": 5})}
        labels = {"decisive_reasoning": _("Waarom wegen deze argumenten zwaarder dan de "
                                          "argumenten aan de andere kant?")}

    def __init__(self, *args, arguments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.arguments = [a for a in arguments if a.is_weighed]
        several = len({a.option_id for a in self.arguments}) > 1
        self.fields["decisive_keys"].choices = [
            (a.key, f"{a.stance_label} · {a.weight_label} · {a.text}"
                    + (f" ({a.option_title})" if several else "")
                    + (f" — {_('eigen argument')}" if a.own else ""))
            for a in self.arguments
        ]

    def clean_decisive_keys(self):
        return sorted(self.cleaned_data["decisive_keys"])


class FollowUpForm(forms.ModelForm):
    """Besluit, part 3: the inwoner's own view (Awb art. 4:8), whether this is also a
    structural problem (solven), who to inform, and when to evaluate."""

    part = "vervolg"
    evaluation_date = forms.DateField(
        label=_("Evaluatiedatum"), required=False, input_formats=DATE_FORMATS, widget=DateInput,
        help_text=_("Wanneer kijk je of de gekozen optie werkt?"),
    )

    class Meta:
        model = Case
        fields = ["inwoner_heard", "inwoner_view", "structural", "structural_description",
                  "inform", "evaluation_date"]
        widgets = {
            "inwoner_heard": forms.RadioSelect,
            "inwoner_view": forms.Textarea(attrs={"rows": 4}),
            "structural": forms.RadioSelect,
            "structural_description": forms.Textarea(attrs={"rows": 3}),
            "inform": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {
            "inwoner_heard": _("Heeft de inwoner zijn of haar kant kunnen vertellen?"),
            "inwoner_view": _("Wat zei de inwoner? Of: waarom is de inwoner niet gehoord?"),
            "structural": _("Is dit ook een structureel probleem?"),
            "structural_description": _("Beschrijf het structurele probleem voor "
                                        "beleidsmakers"),
            "inform": _("Wie moet je informeren over het besluit?"),
        }
        help_texts = {
            "inwoner_view": _("De zienswijze van de inwoner hoort bij de motivering van het "
                              "besluit."),
            "structural_description": _("Zonder namen of andere gegevens van de inwoner: "
                                        "beleidsmakers lezen dit."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _without_blank(self, "inwoner_heard", "structural")


class PrecedentForm(forms.ModelForm):
    """Besluit, part 4: the precedent card (casuïstiek) for colleagues, anonymous, reviewed and
    approved with the decision; approved cards form the precedent register."""

    part = "casuistiek"

    class Meta:
        model = Case
        fields = ["precedent_situation", "precedent_question", "precedent_decision",
                  "precedent_decisive"]
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in fields}
        labels = {
            "precedent_situation": _("Situatie"),
            "precedent_question": _("Vraag"),
            "precedent_decision": _("Besluit"),
            "precedent_decisive": _("Wat gaf de doorslag"),
        }
        help_texts = {
            "precedent_situation": _("Een paar zinnen, zonder namen, adressen of andere "
                                     "gegevens waaraan iemand de inwoner herkent."),
        }


DECISION_PARTS = {form.part: form for form in (DecisionForm, DecisiveForm, FollowUpForm,
                                               PrecedentForm)}


class AfterForm(forms.ModelForm):
    class Meta:
        model = Case
        fields = ["evaluation_result", "evaluation_note"]
        widgets = {
            "evaluation_result": forms.RadioSelect,
            "evaluation_note": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _without_blank(self, "evaluation_result")

    def clean_evaluation_result(self):
        result = self.cleaned_data["evaluation_result"]
        if result and not evaluation_open(self.instance):
            raise forms.ValidationError(evaluation_opens_message(self.instance))
        return result
