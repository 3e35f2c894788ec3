from django.dispatch import receiver

from reviews.signals import decision_approved


@receiver(decision_approved)
def send_after_approval(sender, case, user, **kwargs):
    from .services import request_transfer

    request_transfer(case, user)
