"""Removes every stored figure; each is computed again, live, on its next read."""

from django.core.management.base import BaseCommand

from reports.services import stored_figures_clear


class Command(BaseCommand):
    help = ("Remove every stored report figure (they are computed again on their next read), e.g. after data was "
            "changed with the database triggers disabled.")

    def handle(self, *args, **options):
        removed = stored_figures_clear()
        self.stdout.write(f"{removed} stored figures removed.")
