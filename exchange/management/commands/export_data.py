import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from exchange.importing import KINDS
from exchange.services import export_file


class Command(BaseCommand):
    help = ("Export in exactly the import format (docs/import-formats.md). FILE ending in .xlsx writes a workbook, "
            "anything else CSV; '-' writes CSV to standard output.")

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(KINDS))
        parser.add_argument("file")
        parser.add_argument("--year", type=int, help="Only this year (calls, awards, final reports, events).")
        parser.add_argument("--format", choices=["csv", "xlsx"], help="Default: from the file name.")

    def handle(self, *args, kind, file, year=None, format=None, **options):
        file_format = format or ("xlsx" if file.lower().endswith(".xlsx") else "csv")
        if file == "-":
            count = export_file(kind=kind, stream=sys.stdout.buffer, file_format=file_format, year=year)
            sys.stdout.flush()
            return
        try:
            with Path(file).open("wb") as stream:
                count = export_file(kind=kind, stream=stream, file_format=file_format, year=year)
        except OSError as error:
            raise CommandError(str(error)) from error
        self.stderr.write(f"{count} rows -> {file}")
