from django.dispatch import receiver

from reviews.signals import decision_approved


@receiver(decision_approved)
def record_after_approval(sender, case, user, **kwargs):
    from .services import record_decision

    record_decision(case)
