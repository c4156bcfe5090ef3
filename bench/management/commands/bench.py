import io
import json

from django.core.management import call_command
from django.core.management.base import BaseCommand

SECTIONS = {"reports": "bench_reports", "imports": "bench_imports"}


class Command(BaseCommand):
    help = "Run the benchmarks (report pages, imports/exports) and print one JSON document on stdout."

    def add_arguments(self, parser):
        parser.add_argument("--only", choices=sorted(SECTIONS), action="append",
                            help="Run only this section (repeatable).")
        parser.add_argument("--quick", action="store_true", help="Small scale factors, for a smoke run.")

    def handle(self, *args, only=None, quick=False, **options):
        results = {}
        for section in only or SECTIONS:
            out = io.StringIO()
            call_command(SECTIONS[section], quick=quick, stdout=out)
            results[section] = json.loads(out.getvalue())
        self.stdout.write(json.dumps(results, indent=2))
