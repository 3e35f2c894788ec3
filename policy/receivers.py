from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from cases.models import Regeling
from reviews.signals import decision_approved


@receiver(decision_approved)
def raise_after_approval(sender, case, user, **kwargs):
    from .services import raise_signal

    raise_signal(case)


@receiver(post_save, sender=Regeling)
@receiver(post_delete, sender=Regeling)
def rerank_signals(sender, raw=False, **kwargs):
    """A regeling added, moved, renamed or removed: the signals keep their list's order."""
    if raw:  # loaddata: the fixture's signals carry their rank
        return
    from .ranks import rerank

    rerank()
