"""Signals other apps listen to (the zaaksysteem sends an approved decision)."""

from django.dispatch import Signal

# Sent inside the approval's transaction, after the Revision exists: case, user.
decision_approved = Signal()
