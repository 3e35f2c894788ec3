from django.dispatch import receiver

from reviews.signals import decision_approved


@receiver(decision_approved)
def raise_after_approval(sender, case, user, **kwargs):
    from .services import raise_signal

    raise_signal(case)
