from django.core.management.base import BaseCommand, CommandError

from exchange.errors import ImportFailed
from exchange.uit_search import UitSearchError, fetch_year


class Command(BaseCommand):
    help = ("Fetch a year's STEM events from the UiTdatabank Search API v3 (settings UIT_SEARCH_URL, UIT_CLIENT_ID) "
            "into the UiT events and record a snapshot of the counts. Idempotent for the events.")

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)

    def handle(self, *args, year: int, **options):
        try:
            snapshot = fetch_year(year=year)
        except UitSearchError as error:
            raise CommandError(str(error)) from error
        except ImportFailed as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(
            f"UiTdatabank {year}: {snapshot.total_events} events, {snapshot.labelled_events} with the label, "
            f"{snapshot.without_municipality} without a Flemish municipality (snapshot {snapshot.pk}).")
