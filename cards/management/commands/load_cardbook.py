import json

from django.conf import settings
from django.core.management.base import BaseCommand

from cards.models import CardSet
from cards.services import DEFAULT_FIXTURE, activate_card_set, import_card_book


class Command(BaseCommand):
    help = ("Load the booklet's card book from fixtures/cardbook.json if that version is not "
            "loaded yet; activate it when no version is active. Safe to run repeatedly.")

    def handle(self, *args, **options):
        data = json.loads((settings.BASE_DIR / DEFAULT_FIXTURE).read_text(encoding="utf-8"))
        card_set = CardSet.objects.filter(version=data["version"]).first()
        if card_set is None:
            card_set = import_card_book(data)
            if options["verbosity"]:
                self.stdout.write(f"Loaded card set {card_set.version}.")
        if not CardSet.objects.filter(is_active=True).exists():
            activate_card_set(card_set)
            if options["verbosity"]:
                self.stdout.write(f"Activated card set {card_set.version}.")
