"""Export the verantwoording of one deliberation as a PDF, for batch and archive use.

    python manage.py export_pdf 42 -o verantwoording.pdf
    python manage.py export_pdf 42 --revision 1 -o herziening-1.pdf

The deliberation id is the case id (one deliberation per case; earlier approved versions
with --revision). Every export is written to the logboek."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cases.models import Case
from cases.pdf import render_case_pdf
from privacy.logboek import Action, log_access
from reviews.models import Revision


class Command(BaseCommand):
    help = "Write the verantwoording (PDF/A) of one case's deliberation to a file."

    def add_arguments(self, parser):
        parser.add_argument("case_id", type=int)
        parser.add_argument("-o", "--output", help="File to write (default: "
                                                   "verantwoording-MW-000042.pdf)")
        parser.add_argument("--revision", type=int, help="An approved earlier revision.")

    def handle(self, *args, case_id, output=None, revision=None, **options):
        case = Case.objects.select_related("team", "owner", "card_set").filter(
            pk=case_id).first()
        if case is None:
            raise CommandError(f"No case with id {case_id}.")
        summary = None
        if revision is not None:
            frozen = Revision.objects.filter(case=case, number=revision).first()
            if frozen is None:
                raise CommandError(f"Case {case_id} has no approved revision {revision}.")
            summary = frozen.snapshot
        path = Path(output or f"verantwoording-{case.reference}.pdf")
        path.write_bytes(render_case_pdf(case, summary))
        log_access(None, Action.EXPORT_PDF, case, purpose="archief (export_pdf)",
                   detail=f"revision {revision}" if revision else "")
        self.stdout.write(f"Wrote {path} ({path.stat().st_size} bytes).")
