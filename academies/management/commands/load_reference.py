from django.core.management import call_command
from django.core.management.base import BaseCommand

from academies.reference import FIXTURE_NAMES


class Command(BaseCommand):
    help = "Load the Flemish provinces, municipalities (2019-2024, 2025 and merged ones) and postcodes."

    def handle(self, *args, **options):
        call_command("loaddata", *FIXTURE_NAMES, verbosity=options["verbosity"])
