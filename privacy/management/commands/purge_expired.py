"""Enforce the bewaartermijn: anonymise or delete cases past their retention period (decided
cases per outcome, counted from the decision; cases never decided counted from their last
change).

Run it daily (cron or a systemd timer, see docs/deployment.md). --dry-run only lists.
Every case handled gets an entry in the logboek."""

from datetime import date, datetime, time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from privacy.services import purge_expired


class Command(BaseCommand):
    help = "Anonymise or delete cases past their retention period (bewaartermijn)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true",
                            help="Only list what would be anonymised or deleted.")
        parser.add_argument("--today", help="Pretend today is this date (YYYY-MM-DD); for "
                                            "tests and for planning.")

    def handle(self, *args, dry_run=False, today=None, **options):
        now = timezone.now()
        if today:
            try:
                now = timezone.make_aware(datetime.combine(date.fromisoformat(today), time()))
            except ValueError as error:
                raise CommandError("--today must be a date like 2026-12-31") from error
        verb = "would" if dry_run else "did"
        count = 0
        for reference, action, rule in purge_expired(now=now, dry_run=dry_run):
            count += 1
            self.stdout.write(f"{reference}: {verb} {action} "
                              f"(regel {rule.outcome}, bewaartermijn {rule.years} jaar)")
        self.stdout.write(f"{count} case(s) past retention"
                          f"{' (dry run: nothing changed)' if dry_run else ''}.")
