from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from exchange.archive import MANIFEST, write_archive


class Command(BaseCommand):
    help = ("Write everything that matters into DIR in open formats, for the archive (e-depot) or for leaving the "
            "product: every import kind as CSV in its documented format, each frozen answer as its files, and "
            "manifest.json with the row counts and the SHA-256 of every file (docs/import-formats.md). "
            "`import_all DIR` reads it back.")

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)

    def handle(self, *args, directory, **options):
        if directory.exists() and any(directory.iterdir()):
            raise CommandError(f"{directory} is not empty: choose a new directory.")
        try:
            manifest = write_archive(directory)
        except OSError as error:
            raise CommandError(str(error)) from error
        for kind, count in manifest["counts"].items():
            self.stderr.write(f"{kind}: {count}")
        self.stderr.write(f"{len(manifest['files'])} files, {directory / MANIFEST}")
