from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from academies.reference import write_fixtures


class Command(BaseCommand):
    help = "Regenerate fixtures/{provinces,municipalities,postcodes}.json from the Statbel CSV files."

    def add_arguments(self, parser):
        parser.add_argument("--source", type=Path, default=settings.SHARED_DATA_DIR)
        parser.add_argument("--target", type=Path, default=settings.BASE_DIR / "fixtures")

    def handle(self, *args, source: Path, target: Path, **options):
        counts = write_fixtures(source, target)
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count}")
