from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from exchange import messages
from exchange.errors import ImportFailed
from exchange.importing import KINDS
from exchange.services import import_file


class Command(BaseCommand):
    help = ("Import a CSV or XLSX file (formats in docs/import-formats.md). Everything is checked first; if any row "
            "fails nothing is written and every error is listed with its row and column. Unrecognised columns are "
            "reported (and stop the import with --strict); --dry-run lists every change, old -> new.")

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(KINDS))
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true",
                            help="Check and report, with every change (old -> new), write nothing.")
        parser.add_argument("--strict", action="store_true", help="Stop on a column that is not recognised.")

    def handle(self, *args, kind, file, dry_run=False, strict=False, **options):
        try:
            source = file.open("rb")
        except OSError as error:
            raise CommandError(str(error)) from error
        try:
            with source:
                summary = import_file(kind=kind, data=source, dry_run=dry_run, keep_rows=False, strict=strict)
        except ImportFailed as failure:
            for error in failure.row_errors:
                self.stderr.write(str(error))
            raise CommandError(messages.nothing_imported(len(failure.row_errors))) from None
        for warning in summary.warnings:
            self.stderr.write(warning)
        if dry_run:
            for change in summary.changes:
                self.stdout.write(change.describe())
        for line in summary.describe_columns():
            self.stdout.write(line)
        message = ngettext("%(rows)s row in the file: %(description)s.",
                           "%(rows)s rows in the file: %(description)s.", summary.total_rows) % {
            "rows": summary.total_rows, "description": summary.describe()}
        if dry_run:
            message += " " + _("Dry run: nothing was written.")
        self.stdout.write(message)
