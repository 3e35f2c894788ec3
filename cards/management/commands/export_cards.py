import json

from django.core.management.base import BaseCommand, CommandError

from cards.models import CardSet
from cards.services import export_card_set


class Command(BaseCommand):
    help = "Print a card set (default: the active one) as JSON on stdout."

    def add_arguments(self, parser):
        parser.add_argument("--card-version", dest="card_version",
                            help="Card-set version to export.")

    def handle(self, *args, card_version=None, **options):
        sets = CardSet.objects.all()
        card_set = (
            sets.filter(version=card_version).first() if card_version
            else sets.filter(is_active=True).first()
        )
        if card_set is None:
            raise CommandError("No such card set. Load one with: manage.py load_cardbook")
        self.stdout.write(json.dumps(export_card_set(card_set), ensure_ascii=False, indent=1))
