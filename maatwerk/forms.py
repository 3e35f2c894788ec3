"""Form rendering shared by every form of the app (settings.FORM_RENDERER).

A form that comes back with errors puts the focus on its first field in error (``autofocus``:
plain HTML, so also without JavaScript), so the message beside that field is in view and a
screen reader reads it, instead of a message somewhere above the fold.

Every form control carries the NL Design System's class names (the Utrecht component library,
settings.THEME_CSS), so a municipality's theme styles them."""

from django import forms
from django.forms.renderers import DjangoTemplates

UTRECHT_CLASSES = [
    (forms.Textarea, "utrecht-textarea utrecht-textarea--html-textarea"),
    (forms.CheckboxSelectMultiple | forms.CheckboxInput,
     "utrecht-checkbox utrecht-checkbox--html-input"),
    (forms.RadioSelect, "utrecht-radio-button utrecht-radio-button--html-input"),
    (forms.Select, "utrecht-select utrecht-select--html-select"),
    (forms.widgets.Input, "utrecht-textbox utrecht-textbox--html-input"),
]


def utrecht_class(widget):
    return next((names for kind, names in UTRECHT_CLASSES if isinstance(widget, kind)), "")


class BoundField(forms.BoundField):
    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        names = utrecht_class(widget)
        if names and not isinstance(widget, forms.HiddenInput):
            attrs["class"] = " ".join(filter(None, [widget.attrs.get("class"), names]))
            if self.errors:
                attrs["class"] += " " + names.split()[0] + "--invalid"
        if self.form.is_bound and self.errors and self.name == _first_in_error(self.form):
            attrs["autofocus"] = True
        return attrs


def _first_in_error(form):
    return next((name for name in form.fields if name in form.errors), None)


class Renderer(DjangoTemplates):
    bound_field_class = BoundField


# --- Choices of rows ------------------------------------------------------------------------
# Django's model choice fields query with whatever number was posted; a number beyond the
# database's 64-bit integers makes the database driver fail (SQLite: OverflowError, PostgreSQL:
# a DataError) instead of giving the field's message. These say "not one of the choices".

_LARGEST_ID = 2**63 - 1


def _beyond_ids(field, value):
    if field.to_field_name:
        return False
    try:
        return abs(int(str(value).strip())) > _LARGEST_ID
    except ValueError:
        return False  # not a number at all: Django's own check says so


class ModelChoiceField(forms.ModelChoiceField):
    def to_python(self, value):
        if value not in self.empty_values and _beyond_ids(self, value):
            raise forms.ValidationError(self.error_messages["invalid_choice"],
                                        code="invalid_choice")
        return super().to_python(value)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        for pk in value:
            if _beyond_ids(self, pk):
                raise forms.ValidationError(self.error_messages["invalid_choice"],
                                            code="invalid_choice", params={"value": pk})
        return super()._check_values(value)
