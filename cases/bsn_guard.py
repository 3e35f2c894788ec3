"""The last line against a BSN: no row of the app's own models is saved with one.

Forms refuse a BSN first, with a Dutch message at the field (cases.validators). This guard
catches any path that skipped a form (a service, a management command, a new view, the admin)
and refuses the save. History rows are copies of rows that passed here, and a password field
holds a hash: both are left alone."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import pre_save

from .validators import find_bsn, validate_no_bsn

GUARDED_APPS = {"accounts", "cards", "cases", "policy", "privacy", "reviews"}
SKIPPED_FIELDS = {"password"}


def text_fields(model):
    return [f for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
            and f.name not in SKIPPED_FIELDS]


def refuse_bsn(sender, instance, raw=False, **kwargs):
    if raw or sender._meta.app_label not in GUARDED_APPS or sender.__name__.startswith(
            "Historical"):
        return
    for field in text_fields(sender):
        value = getattr(instance, field.attname, None)
        if isinstance(value, str) and find_bsn(value):
            try:
                validate_no_bsn(value)
            except ValidationError as error:
                raise ValidationError({field.name: error.messages}) from None


def connect():
    pre_save.connect(refuse_bsn, dispatch_uid="cases.bsn_guard")


def no_bsn_formfield(formfield):
    """Add the BSN check to a form field built for a text column (the admin uses this)."""
    if formfield is not None and validate_no_bsn not in formfield.validators:
        formfield.validators.append(validate_no_bsn)
    return formfield


class NoBsnAdminMixin:
    """Every text field of a beheer form refuses a BSN, with the same Dutch message."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(db_field, models.CharField | models.TextField) and (
                db_field.name not in SKIPPED_FIELDS):
            return no_bsn_formfield(formfield)
        return formfield
