import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cards.services import CardBookError, import_card_book


class Command(BaseCommand):
    help = ("Load a card book JSON file (the export_cards format) as a new card-set version. "
            "Existing versions are never changed.")

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--card-version", dest="card_version",
                            help="Version for the new set (default: the file's).")
        parser.add_argument("--activate", action="store_true",
                            help="Use this version for new cases.")

    def handle(self, *args, file, card_version=None, activate=False, **options):
        try:
            data = json.loads(Path(file).read_text(encoding="utf-8"))
            card_set = import_card_book(data, version=card_version, activate=activate)
        except (OSError, json.JSONDecodeError, CardBookError) as error:
            raise CommandError(f"Cannot import {file}: {error}") from error
        state = "active" if card_set.is_active else "not active"
        self.stdout.write(f"Imported card set {card_set.version} ({state}).")
