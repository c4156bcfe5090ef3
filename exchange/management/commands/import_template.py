from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from exchange.importing import KINDS
from exchange.workbook_templates import template_workbook


class Command(BaseCommand):
    help = ("Write the empty XLSX template of an import kind: its header, drop-down lists for choices and "
            "municipalities, and a sheet with the municipalities valid in --year (default: this year).")

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(KINDS))
        parser.add_argument("file", type=Path)
        parser.add_argument("--year", type=int, help="The year whose municipalities the template lists.")

    def handle(self, *args, kind, file, year=None, **options):
        try:
            file.write_bytes(template_workbook(KINDS[kind], year=year))
        except OSError as error:
            raise CommandError(str(error)) from error
        self.stderr.write(f"{kind} -> {file}")
