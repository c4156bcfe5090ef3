from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from exchange import messages
from exchange.errors import ImportFailed
from exchange.uit import import_uit_events, load_json


class Command(BaseCommand):
    help = ("Import UiTdatabank events (Search API v3 JSON: a list of events or a response with 'member'). "
            "Re-importing updates events, never duplicates them.")

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, file, dry_run=False, **options):
        try:
            payload = load_json(file.read_bytes())
            summary, counters = import_uit_events(payload, dry_run=dry_run)
        except OSError as error:
            raise CommandError(str(error)) from error
        except ImportFailed as failure:
            for error in failure.row_errors:
                self.stderr.write(str(error))
            raise CommandError(messages.nothing_imported(len(failure.row_errors))) from None
        self.stdout.write(_("%(rows)s events: %(created)s new, %(updated)s changed, %(unchanged)s unchanged; "
                            "%(without)s without a Flemish municipality, %(linked)s linked to an academy.") % {
            "rows": summary.total_rows, "created": summary.created, "updated": summary.updated,
            "unchanged": summary.unchanged, "without": counters["without_municipality"],
            "linked": counters["linked_to_academy"]})
