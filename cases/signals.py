"""A change to a row of the record after the decision was recorded un-records it
(cases.decision.unrecord), however the row was changed: the walk, a service, beheer.
The case row itself follows the same rule in cases.decision.case_row_rules."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .decision import RECORDED_ROWS, is_recorded_row, unrecord
from .models import Case


@receiver(post_save, dispatch_uid="cases.unrecord_on_save")
@receiver(post_delete, dispatch_uid="cases.unrecord_on_delete")
def unrecord_on_change(sender, instance, origin=None, **kwargs):
    deleting_cases = isinstance(origin, Case) or getattr(origin, "model", None) is Case
    if sender not in RECORDED_ROWS or deleting_cases:
        return  # not a row of the record, or the case itself (or a batch, QuerySet) goes
    if is_recorded_row(instance) and unrecord(instance.case_id):
        instance._unrecorded = True
