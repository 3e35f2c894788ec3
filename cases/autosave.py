"""The save path of every editable form: one field at a time through htmx (autosave), or the
whole form as a plain POST when JavaScript is off.

* ``prepare`` readies a form for a page: each field posts itself with the row's version when it
  changes (htmx attributes), or every field is disabled when the user may only read.
* ``save_form`` validates (one field for an autosave) and hands the values to a save function,
  usually ``cases.editing.save_versioned``/``upsert_versioned`` (optimistic locking with a
  three-way merge); the result is a ``SaveOutcome``.
* ``autosave_response`` answers an autosave with the field's status line only (never the
  field the user types in), plus the row's new version out of band.
* ``save_rows``, ``conflicts_by_name``, ``show_saved_versions`` and ``whole_post_done`` serve a
  whole-step POST over many rows (signals, weights, answers).

Views call these; nothing here knows about a particular step.
"""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.db import DatabaseError
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from .editing import parse_version

TEXT_TRIGGER = "input changed delay:800ms, change"
# A group of radios saves once the choice settles, not at every arrow key on the way.
CHOICE_TRIGGER = "change delay:700ms"
UNRECORDED = _lazy("Je besluit was al vastgelegd. Door deze wijziging is het weer een "
                   "concept: leg het opnieuw vast bij Besluit.")


# --- Preparing a form for the page -----------------------------------------------------------


# Every autosaving field swaps its status line and queues behind the other saves of its form.
SHARED_ATTRS = {"hx-swap": "outerHTML", "hx-sync": "closest form:queue all"}
# A page with many fields may set these once on its <form> instead (htmx inherits them), with
# the target named by place: each field's status line comes right after it. Its fields are
# then prepared with ``inherited=True`` (Afwegen: 26 fewer copies per theme).
FORM_ATTRS = {**SHARED_ATTRS, "hx-target": "next .save-status"}


def enable_autosave(form, url, version_name, inherited=False):
    """Each field posts itself (and the row's version) when it changes.

    The response replaces only the field's status line, never the field the user types in.
    Requests of one form are queued, so every save carries the latest version.
    ``version_name`` is the name of the version input, or a function of the field's name
    when each field is its own row (answers). ``inherited``: the form carries FORM_ATTRS."""
    for name, bound in ((n, form[n]) for n in form.fields):
        version = version_name(bound.html_name) if callable(version_name) else version_name
        field = form.fields[name]
        text_like = isinstance(field.widget,
                               forms.Textarea | forms.TextInput | forms.NumberInput)
        attrs = {
            "hx-post": url,
            "hx-trigger": TEXT_TRIGGER if text_like else "change",
            "hx-target": f"#status-{bound.html_name}",
            **SHARED_ATTRS,
            "hx-params": f"{bound.html_name},{version}",
            "aria-describedby": " ".join(
                ([f"{bound.auto_id}_helptext"] if bound.help_text else [])
                + [f"status-{bound.html_name}"]
            ),
        }
        if inherited:
            for shared in FORM_ATTRS:
                del attrs[shared]
        if isinstance(field.widget, forms.Textarea) and "maxlength" in field.widget.attrs:
            # A browser silently cuts a paste at maxlength; the server refuses an over-long
            # text with a message instead, and app.js shows the count once it is too long.
            field.widget.attrs["data-maxlength"] = field.widget.attrs.pop("maxlength")
        if isinstance(field.widget, forms.RadioSelect):
            # The group posts, once the choice settles (its fieldset carries these, see the
            # group_attrs filter); arrowing through the radios saves nothing on the way.
            field.group_attrs = {**attrs, "hx-trigger": CHOICE_TRIGGER,
                                 "name": bound.html_name}
        else:
            field.widget.attrs.update(attrs)
    return form


def lock_form(form):
    for field in form.fields.values():
        field.disabled = True
    return form


def prepare(form, editable, url, version_name, inherited=False):
    """Ready ``form`` for a page: autosaving fields for an editor, disabled ones otherwise."""
    return (enable_autosave(form, url, version_name, inherited) if editable
            else lock_form(form))


# --- Saving ----------------------------------------------------------------------------------


@dataclass
class SaveOutcome:
    """What became of saving one row from a form (not to be confused with a decision's
    outcome, ``cases.models.Outcome``)."""

    form: object
    result: object = None  # cases.editing.SaveResult
    invalid: bool = False
    unavailable: bool = False

    @property
    def conflicts(self):
        return self.result.conflicts if self.result else {}

    @property
    def failed(self):
        return self.invalid or self.unavailable or bool(self.conflicts)

    @property
    def unrecorded(self):
        """This save took back a recorded decision (cases.decision): it must be recorded
        again."""
        return bool(self.result and getattr(self.result.obj, "_unrecorded", False))


def save_form(form, save, field=None):
    """Validate ``form`` (only ``field`` for an autosave) and hand the values to ``save``."""
    if field is not None:
        form.fields = {field: form.fields[field]}
    if not form.is_valid():
        return SaveOutcome(form=form, invalid=True)
    values = {name: form.cleaned_data[name] for name in form.fields}
    try:
        return SaveOutcome(form=form, result=save(values))
    except DatabaseError:
        return SaveOutcome(form=form, unavailable=True)


def save_rows(request, forms, save, stored=None):
    """A whole-step POST over many rows (signals, weights, own items): save each row whose
    posted values differ from ``stored(form)`` (all rows when ``stored`` is None).
    ``save(form, version)`` returns a SaveOutcome."""
    outcomes = []
    for form in forms:
        version = parse_version(request.POST.get(form.version_name)) or 0
        if not form.is_valid():
            outcomes.append(SaveOutcome(form=form, invalid=True))
            continue
        if stored is not None and form.cleaned_data == stored(form):
            continue
        outcomes.append(save(form, version))
    return outcomes


def save_case_fields(request, case, form, field=None):
    """Save fields of the case row itself from ``form`` (with the decision record's rules,
    cases.decision.save_case_row); None when the version is missing."""
    from .decision import save_case_row

    version = parse_version(request.POST.get("version"))
    if version is None:
        return None
    return save_form(form, lambda values: save_case_row(case.pk, version, values), field)


# --- Answering -------------------------------------------------------------------------------


def text_response(message, status):
    """A short Dutch message for htmx to show in the status line (see static/js/app.js)."""
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


def bad_version():
    return HttpResponseBadRequest(
        _("Niet opgeslagen: de pagina is verouderd. Ververs de pagina."),
        content_type="text/plain; charset=utf-8",
    )


def display_value(form, name, value):
    """A stored value as the user knows it (a choice's label rather than its code)."""
    field = form.fields.get(name)
    choices = getattr(field, "choices", None)
    if choices is not None:
        labels = {str(k): v for k, v in choices}
        if isinstance(value, list):
            return ", ".join(str(labels.get(str(v), v)) for v in value)
        return labels.get(str(value), value)
    return value


def autosave_response(request, outcome, *, html_name, version_name, verbose_field=None,
                      **extra):
    """The status line of one field, and out of band the row's new version. After a save,
    ``extra`` can add a part of the page to refresh: ``oob_template`` names a template
    partial, the other keys are its context (a callable is called after the save)."""
    if outcome.unavailable:
        return text_response(
            _("Niet opgeslagen: de opslag is even niet bereikbaar. Je tekst staat nog in het "
              "veld; probeer het zo opnieuw."), 503)
    context = {"status_id": f"status-{html_name}", "version_name": version_name}
    if outcome.result is not None:
        context.update({key: value() if callable(value) else value
                        for key, value in extra.items()})
    status = 200
    if outcome.invalid:
        errors = [e for errs in outcome.form.errors.values() for e in errs]
        context.update(state="invalid", error=" ".join(errors))
        status = 422
    elif outcome.conflicts:
        conflict = next(iter(outcome.conflicts.values()))
        context.update(state="conflict", conflict=conflict,
                       theirs=display_value(outcome.form, verbose_field or conflict.field,
                                            conflict.theirs))
        status = 409
    else:
        context.update(state="saved", saved_at=timezone.localtime(),
                       unrecorded=outcome.unrecorded)
    if outcome.result is not None:
        context.update(version=outcome.result.obj.version, oob=True)
    return render(request, "cases/_autosave_response.html", context, status=status)


def autosave_unit(request, form, save, field, **extra):
    """Autosave one field of one row: read the row's version from the POST, save, and answer
    with the field's status line. ``save(form, version, field)`` returns a SaveOutcome;
    ``extra`` as in autosave_response."""
    version_name = f"{form.prefix}-version"
    version = parse_version(request.POST.get(version_name))
    if version is None:
        return bad_version()
    outcome = save(form, version, field)
    return autosave_response(request, outcome, html_name=form.add_prefix(field),
                             version_name=version_name, **extra)


def conflicts_by_name(outcomes):
    """{html field name: {"conflict", "theirs"}} for a page re-rendered after a whole POST."""
    found = {}
    for outcome in outcomes:
        for name, conflict in outcome.conflicts.items():
            html_name = outcome.form.add_prefix(name)
            found[html_name] = {
                "conflict": conflict,
                "theirs": display_value(outcome.form, name, conflict.theirs),
            }
    return found


def show_saved_versions(outcomes):
    """After a partly refused whole-step POST, the page carries the versions now stored."""
    for outcome in outcomes:
        if outcome.result is not None:
            outcome.form.version = outcome.result.obj.version


def whole_post_done(request, outcomes, redirect_to):
    """After a whole-step POST: a redirect when everything saved; otherwise None, with a
    message saying why, and the caller re-renders the page with the bound forms."""
    if not any(o.failed for o in outcomes):
        messages.success(request, _("Opgeslagen."))
        if any(o.unrecorded for o in outcomes):
            messages.warning(request, UNRECORDED)
        return redirect(redirect_to)
    if any(o.conflicts for o in outcomes):
        messages.warning(request, _(
            "Iemand anders heeft intussen ook iets gewijzigd. Wat alleen jij wijzigde is "
            "opgeslagen; bij de velden hieronder zie je de andere tekst. Je eigen tekst "
            "staat nog in het veld."))
    elif any(o.unavailable for o in outcomes):
        messages.error(request, _("Niet opgeslagen: de opslag is even niet bereikbaar. "
                                  "Probeer het zo opnieuw."))
    else:
        messages.error(request, _("Niet alles is opgeslagen. Kijk bij de velden hieronder."))
    return None
