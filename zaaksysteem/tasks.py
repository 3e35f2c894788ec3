"""The background job (django-tasks): one attempt of a transfer; a failed attempt that may
succeed later queues the next one itself, with a growing wait (zaaksysteem.services)."""

from django_tasks import task


@task()
def send_transfer(transfer_id):
    from .services import run

    return run(transfer_id)
