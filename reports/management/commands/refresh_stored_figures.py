"""Computes the stored figures that the data changed since, so that the next page view reads them stored."""

from django.core.management.base import BaseCommand

from reports.services import stored_figures_refresh


class Command(BaseCommand):
    help = ("Compute now the report figures that pages and the answer page open with, where a write made the stored "
            "ones out of date (run it after an import, or every few minutes from cron); current ones are only read.")

    def handle(self, *args, **options):
        computed = stored_figures_refresh()
        self.stdout.write(f"{computed} stored figures computed.")
