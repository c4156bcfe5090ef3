from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from exchange import messages
from exchange.archive import import_archive
from exchange.errors import ImportFailed


class Command(BaseCommand):
    help = ("Import an archive written by `export_all DIR`: checks every file against the SHA-256 of manifest.json, "
            "then imports the kinds in the documented order (frozen answers stay files: they are the archive of "
            "what was sent, not data to import).")

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)

    def handle(self, *args, directory, **options):
        try:
            rows = import_archive(directory)
        except ImportFailed as failure:
            for error in failure.row_errors:
                self.stderr.write(str(error))
            raise CommandError(messages.nothing_imported(len(failure.row_errors))) from None
        for kind, count in rows.items():
            self.stderr.write(f"{kind}: {count}")
