from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from exchange import messages
from exchange.errors import ImportFailed
from exchange.importing import KINDS
from exchange.services import import_file


class Command(BaseCommand):
    help = ("Import a CSV or XLSX file (formats in docs/import-formats.md). Everything is checked first; if any row "
            "fails nothing is written and every error is listed with its row and column.")

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(KINDS))
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Check and report, write nothing.")

    def handle(self, *args, kind, file, dry_run=False, **options):
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(str(error)) from error
        try:
            summary = import_file(kind=kind, data=data, dry_run=dry_run, keep_rows=False)
        except ImportFailed as failure:
            for error in failure.row_errors:
                self.stderr.write(str(error))
            raise CommandError(messages.nothing_imported(len(failure.row_errors))) from None
        message = _("%(rows)s rows: %(created)s new, %(updated)s changed, %(unchanged)s unchanged.") % {
            "rows": summary.total_rows, "created": summary.created, "updated": summary.updated,
            "unchanged": summary.unchanged}
        if dry_run:
            message += " " + _("Dry run: nothing was written.")
        self.stdout.write(message)
