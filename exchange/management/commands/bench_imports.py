"""Benchmark of the final-report import and export, with two references measured in the same run:

- floor: PostgreSQL COPY of the same rows into a bare temporary table (no checks, no lookups, no history);
- baseline: a plain default django-import-export ModelResource (row by row) on 10,000 rows.

Runs on the configured database (never the tests' one) inside transactions that are rolled back, so it leaves no
data behind. Prints one JSON object on stdout."""

import datetime
import io
import json
import os
import tempfile
import threading
import time
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

from academies.models import Academy, Municipality, OrganisationType
from exchange.services import export_file
from grants.models import Application, ApplicationStatus, Award, Call, CallKind, FinalReport, FinalReportLine

MUNICIPALITIES_PER_REPORT = 250
HEADER = ["oproep", "academie", "status", "gemeente", "halve_dagen", "deelnemers", "jongens", "meisjes", "andere",
          "niet_toewijsbaar_deelnemers"]


class Rollback(Exception):
    pass


@contextmanager
def rolled_back():
    try:
        with transaction.atomic():
            yield
            raise Rollback
    except Rollback:
        pass


class PeakMemory:
    """Samples the process's resident set size (Linux /proc) every 5 ms while the block runs."""

    def __init__(self):
        self.peak = self.start = self._rss()
        self._stop = threading.Event()

    @staticmethod
    def _rss() -> int:
        try:
            with open("/proc/self/statm") as statm:
                return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError):
            import resource

            return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024

    def _sample(self):
        while not self._stop.wait(0.005):
            self.peak = max(self.peak, self._rss())

    def __enter__(self):
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._rss())

    def as_dict(self) -> dict:
        return {"peak_rss_mb": round(self.peak / 2**20, 1), "rss_growth_mb": round((self.peak - self.start) / 2**20, 1)}


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def measure(rows: int, action) -> dict:
    counter = QueryCounter()
    with PeakMemory() as memory, connection.execute_wrapper(counter):
        started, cpu_started = time.perf_counter(), time.process_time()
        action()
        seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    return {"rows": rows, "seconds": round(seconds, 3), "rows_per_second": round(rows / seconds),
            "python_cpu_seconds": round(cpu_seconds, 3),
            "queries": counter.count, "queries_per_1000_rows": round(counter.count * 1000 / rows, 2),
            **memory.as_dict()}


def create_awards(count: int, prefix: str) -> tuple[Call, list[str]]:
    seat = Municipality.objects.current().order_by("nis_code").first()
    call = Call.objects.create(
        code=f"{prefix}-call", year=2022, kind=CallKind.ACADEMY_ROLLOUT, title="Benchmark", budget=Decimal("1000000"),
        opens_at=timezone.make_aware(datetime.datetime(2021, 11, 1)),
        closes_at=timezone.make_aware(datetime.datetime(2022, 1, 31)), amount_per_municipality=Decimal("2000"))
    academies = Academy.objects.bulk_create(
        Academy(code=f"{prefix}-{index}", name=f"Bench {index}", organisation_type=OrganisationType.OTHER,
                seat_municipality=seat, contact_email="bench@example.org") for index in range(count))
    applications = Application.objects.bulk_create(
        Application(call=call, academy=academy, status=ApplicationStatus.AWARDED) for academy in academies)
    Award.objects.bulk_create(Award(application=application, amount=Decimal("4000"),
                                    decided_on=datetime.date(2022, 3, 1)) for application in applications)
    return call, [academy.code for academy in academies]


def final_report_rows(rows: int, call_code: str, academy_codes: list[str]) -> list[list]:
    municipalities = list(Municipality.objects.for_year(2022).order_by("nis_code")
                          .values_list("nis_code", flat=True)[:MUNICIPALITIES_PER_REPORT])
    result = []
    for index in range(rows):
        academy = academy_codes[index // MUNICIPALITIES_PER_REPORT]
        position = index % MUNICIPALITIES_PER_REPORT
        participants = None if index % 7 == 0 else 10 + index % 90
        boys = None if participants is None or index % 5 == 0 else participants // 2
        girls = None if boys is None else participants - boys
        result.append([call_code, academy, "submitted" if position == 0 else "", municipalities[position],
                       index % 12, participants, boys, girls, None, 37 if position == 0 else None])
    return result


def to_csv(rows: list[list]) -> bytes:
    lines = [";".join(HEADER)]
    lines += [";".join("" if value is None else str(value) for value in row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def copy_floor(rows: list[list]) -> None:
    """PostgreSQL COPY of the same rows into a bare temporary table."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE bench_copy_floor (call_code text, academy_code text, status text, "
                       "municipality text, half_days int, participants int, boys int, girls int, other int, "
                       "unattributed_participants int) ON COMMIT DROP")
        with cursor.cursor.copy("COPY bench_copy_floor FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def baseline_import(rows: list[list]) -> None:
    """A default ModelResource, row by row: the report lines by primary keys (the reports are created first)."""
    from import_export import resources
    from tablib import Dataset

    resource = resources.modelresource_factory(
        FinalReportLine, meta_options={"fields": ("id", "report", "municipality", "half_days", "participants", "boys",
                                                  "girls", "other")})()
    reports = {}
    for report in FinalReport.objects.bulk_create(
            FinalReport(award_id=award_id) for award_id in
            Award.objects.filter(application__call__code=rows[0][0]).order_by("application__academy__code")
            .values_list("id", flat=True)):
        reports[report.award_id] = report.pk
    award_by_academy = dict(Award.objects.filter(application__call__code=rows[0][0]).values_list(
        "application__academy__code", "id"))
    dataset = Dataset(headers=["id", "report", "municipality", "half_days", "participants", "boys", "girls", "other"])
    for row in rows:
        dataset.append(["", reports[award_by_academy[row[1]]], row[3], row[4], row[5], row[6], row[7], row[8]])
    result = resource.import_data(dataset, dry_run=False, raise_errors=True)
    assert not result.has_errors() and not result.has_validation_errors()


class Command(BaseCommand):
    help = "Benchmark final-report import and export against PostgreSQL COPY and a default django-import-export " \
           "resource; prints one JSON object."

    def add_arguments(self, parser):
        parser.add_argument("--quick", action="store_true", help="Small sizes, for a smoke run.")

    def handle(self, *args, quick=False, **options):
        if not Municipality.objects.exists():
            call_command("load_reference", verbosity=0)
        sizes = [1_000, 5_000] if quick else [10_000, 100_000]
        baseline_rows = 1_000 if quick else 10_000
        postgres = connection.vendor == "postgresql"
        results = {"database": connection.vendor, "quick": quick, "cpus": os.cpu_count(),
                   "load_average_at_start": [round(load, 2) for load in os.getloadavg()], "sizes": {}}
        with tempfile.TemporaryDirectory() as directory:
            for size in sizes:
                results["sizes"][str(size)] = self.bench_size(size, Path(directory), postgres)
        with rolled_back():
            call, academies = create_awards(-(-baseline_rows // MUNICIPALITIES_PER_REPORT), "bench-base")
            rows = final_report_rows(baseline_rows, call.code, academies)
            results["baseline_django_import_export"] = measure(baseline_rows, lambda: baseline_import(rows))
        largest = results["sizes"][str(sizes[-1])]
        results["summary"] = {
            "import_rows_per_second": largest["import"]["rows_per_second"],
            "import_seconds": largest["import"]["seconds"],
            "import_peak_rss_mb": largest["import"]["peak_rss_mb"],
            "export_csv_rows_per_second": largest["export_csv"]["rows_per_second"],
            "copy_floor_rows_per_second": largest["copy_floor"]["rows_per_second"] if postgres else None,
            "baseline_rows_per_second": results["baseline_django_import_export"]["rows_per_second"],
            "speedup_over_baseline": round(largest["import"]["rows_per_second"]
                                           / results["baseline_django_import_export"]["rows_per_second"], 1),
        }
        self.stdout.write(json.dumps(results, indent=2))

    def bench_size(self, size: int, directory: Path, postgres: bool) -> dict:
        result = {}
        with rolled_back():
            call, academies = create_awards(-(-size // MUNICIPALITIES_PER_REPORT), f"bench-{size}")
            rows = final_report_rows(size, call.code, academies)
            path = directory / f"finalreports-{size}.csv"
            path.write_bytes(to_csv(rows))
            result["file_mb"] = round(path.stat().st_size / 2**20, 2)

            def run_import():
                call_command("import_data", "finalreports", str(path), stdout=io.StringIO())

            result["import"] = measure(size, run_import)
            assert FinalReportLine.objects.filter(report__award__application__call=call).count() == size
            result["import"]["history_rows"] = FinalReportLine.history.filter(
                report__award__application__call=call).count()
            result["reimport_no_op"] = measure(size, run_import)
            result["export_csv"] = measure(size, lambda: export_file(
                kind="finalreports", stream=io.BytesIO(), file_format="csv", year=2022,
                queryset=FinalReport.objects.filter(award__application__call=call)))
            if size <= 10_000:
                result["export_xlsx"] = measure(size, lambda: export_file(
                    kind="finalreports", stream=io.BytesIO(), file_format="xlsx",
                    queryset=FinalReport.objects.filter(award__application__call=call)))
            if postgres:
                result["copy_floor"] = measure(size, lambda: copy_floor(rows))
            else:
                result["copy_floor"] = {"skipped": "PostgreSQL only"}
        return result
