"""Benchmark of the final-report import and export, with references measured in the same run:

- floors: PostgreSQL COPY of the same file into a plain table (no checks, no lookups, no history), COPY TO STDOUT
  of the same rows and columns as the export, and the write floor: the imported lines taken out, then put back with
  a history row each by INSERT ... SELECT from a temporary table, committed (what the import must write, without
  reading or checking anything);
- baseline: a plain default django-import-export ModelResource (row by row), on 1,000 rows by default.

Everything runs in a scratch database next to the configured one (`<NAME>_bench_imports` on PostgreSQL, a temporary
file on SQLite) that is dropped at the end; the import is committed, as in real use, and every import, export and
COPY runs in a fresh process (bench/importchild.py) that reports its own time and peak memory. Prints one JSON
object on stdout."""

import datetime
import json
import logging
import os
import subprocess
import sys
import tempfile
import threading
import time
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from academies.models import Academy, Municipality, OrganisationType
from exchange.models import ImportJob, ImportJobStatus
from grants.models import Application, ApplicationStatus, Award, Call, CallKind, FinalReport, FinalReportLine

MUNICIPALITIES_PER_REPORT = 250
BENCH_MAX_UPLOAD_MB = 1024  # a million rows are a 52 MB file, over the upload limit of 50 MB
HEADER = ["oproep", "academie", "status", "gemeente", "halve_dagen", "deelnemers", "jongens", "meisjes", "andere",
          "niet_toewijsbaar_deelnemers"]


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


def wide_row_preview(cells: int = 1_000_000) -> dict:
    """The admin's import preview of a one-row CSV of `cells` cells, as a superuser of the scratch database: the
    answer's time, status and size (issue 22: it was an 80 MB page in 13 s)."""
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    user = get_user_model().objects.create_superuser("bench-preview", "bench@example.org", None)
    host = next((host.lstrip(".") for host in settings.ALLOWED_HOSTS if host != "*"), "localhost")
    client = Client(HTTP_HOST=host, secure=not settings.DEBUG)
    data = b";".join([b"1"] * cells) + b"\r\n"
    logging.disable(logging.INFO)  # the login's log lines would go to stdout, into the JSON
    try:
        client.force_login(user)
        with PeakMemory() as memory:
            started = time.perf_counter()
            response = client.post("/admin/grants/finalreport/import/", {
                "import_file": SimpleUploadedFile("wide.csv", data), "format": "0", "resource": "0"})
            seconds = time.perf_counter() - started
    finally:
        logging.disable(logging.NOTSET)
    return {"cells": cells, "file_mb": round(len(data) / 2**20, 2), "seconds": round(seconds, 3),
            "status": response.status_code, "page_bytes": len(response.content), **memory.as_dict()}


def child(job: dict, database: str) -> dict:
    """One measurement in a fresh process (bench/importchild.py)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(settings.BASE_DIR),
                                                                    os.environ.get("PYTHONPATH")])),
           "EXCHANGE_MAX_UPLOAD_MB": str(BENCH_MAX_UPLOAD_MB)}
    completed = subprocess.run([sys.executable, "-m", "bench.importchild", json.dumps({**job, "database": database})],
                               capture_output=True, text=True, env=env, cwd=settings.BASE_DIR, check=False)
    if completed.returncode:
        raise CommandError(f"{job['action']} failed:\n{completed.stderr[-3000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def with_rate(result: dict, rows: int) -> dict:
    return {"rows": rows, **result, "rows_per_second": round(rows / result["seconds"]) if result["seconds"] else None}


class Command(BaseCommand):
    help = "Benchmark final-report import and export against PostgreSQL COPY and a default django-import-export " \
           "resource, committed, in a scratch database; prints one JSON object."

    def add_arguments(self, parser):
        parser.add_argument("--quick", action="store_true", help="Small sizes, for a smoke run.")
        parser.add_argument("--sizes", type=int, nargs="+", help="Rows per file (default 10000 100000).")
        parser.add_argument("--baseline-rows", type=int, default=1_000,
                            help="Rows for the django-import-export baseline (0: skip it).")

    def handle(self, *args, quick=False, sizes=None, baseline_rows=1_000, **options):
        sizes = sizes or ([1_000, 5_000] if quick else [10_000, 100_000])
        baseline_rows = min(baseline_rows, 500) if quick else baseline_rows
        postgres = connection.vendor == "postgresql"
        settings_dict = connection.settings_dict
        original_name = settings_dict["NAME"]
        original_test = dict(settings_dict.get("TEST") or {})
        scratch = tempfile.TemporaryDirectory()
        settings_dict.setdefault("TEST", {})["NAME"] = (
            f"{original_name}_bench_imports" if postgres else str(Path(scratch.name) / "bench.sqlite3"))
        close_connection()
        database = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        close_connection()
        results = {"database": connection.vendor, "quick": quick, "cpus": os.cpu_count(), "committed": True,
                   "load_average_at_start": [round(load, 2) for load in os.getloadavg()], "sizes": {}}
        try:
            call_command("load_reference", verbosity=0)
            results["wide_row_preview"] = wide_row_preview()
            for size in sizes:
                results["sizes"][str(size)] = self.bench_size(size, Path(scratch.name), postgres, database)
            if baseline_rows:
                call, academies = create_awards(-(-baseline_rows // MUNICIPALITIES_PER_REPORT), "bench-base")
                rows = final_report_rows(baseline_rows, call.code, academies)
                results["baseline_django_import_export"] = measure(baseline_rows, lambda: baseline_import(rows))
        finally:
            close_connection()
            connection.creation.destroy_test_db(original_name, verbosity=0)
            settings_dict["TEST"] = original_test
            close_connection()
            scratch.cleanup()
        largest = results["sizes"][str(sizes[-1])]
        results["summary"] = {
            "rows": sizes[-1],
            "import_rows_per_second": largest["import"]["rows_per_second"],
            "import_seconds": largest["import"]["seconds"],
            "import_peak_rss_mb": largest["import"]["peak_rss_mb"],
            "import_rss_growth_mb": largest["import"]["rss_growth_mb"],
            "export_csv_rows_per_second": largest["export_csv"]["rows_per_second"],
            "export_xlsx_seconds": largest["export_xlsx"]["seconds"],
            "reimport_rows_per_second": largest["reimport_no_op"]["rows_per_second"],
            "reimport_peak_rss_mb": largest["reimport_no_op"]["peak_rss_mb"],
            "wide_row_preview_seconds": results["wide_row_preview"]["seconds"],
            "wide_row_preview_page_bytes": results["wide_row_preview"]["page_bytes"],
            "background_import_seconds": largest["background_import"]["seconds"],
            "background_import_peak_rss_mb": largest["background_import"]["peak_rss_mb"],
            "background_import_rss_growth_mb": largest["background_import"]["rss_growth_mb"],
            **{key: largest.get(key) for key in ("import_to_copy", "import_to_write_floor", "export_csv_to_copy",
                                                 "export_xlsx_to_copy")},
        }
        if baseline_rows:
            baseline = results["baseline_django_import_export"]["rows_per_second"]
            results["summary"]["baseline_rows_per_second"] = baseline
            results["summary"]["speedup_over_baseline"] = round(largest["import"]["rows_per_second"] / baseline, 1)
        self.stdout.write(json.dumps(results, indent=2))

    def bench_size(self, size: int, directory: Path, postgres: bool, database: str) -> dict:
        call, academies = create_awards(-(-size // MUNICIPALITIES_PER_REPORT), f"bench-{size}")
        path = directory / f"finalreports-{size}.csv"
        path.write_bytes(to_csv(final_report_rows(size, call.code, academies)))
        result = {"file_mb": round(path.stat().st_size / 2**20, 2)}
        close_connection()

        result["memory_profile"] = child({"action": "memory_profile", "path": str(path)}, database)
        result["import"] = with_rate(child({"action": "import", "path": str(path)}, database), size)
        lines = FinalReportLine.objects.filter(report__award__application__call=call)
        if lines.count() != size:
            raise CommandError(f"the import of {size} rows committed {lines.count()} lines")
        result["import"]["history_rows"] = FinalReportLine.history.filter(
            report__award__application__call=call).count()
        close_connection()
        result["reimport_no_op"] = with_rate(child({"action": "import", "path": str(path)}, database), size)
        for file_format in ("csv", "xlsx"):
            result[f"export_{file_format}"] = with_rate(
                child({"action": f"export_{file_format}", "call": call.code}, database), size)
        if postgres:
            result["copy_floor"] = with_rate(child({"action": "copy_in", "path": str(path)}, database), size)
            with connection.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM bench_copy_floor")
                copied = cursor.fetchone()[0]
                cursor.execute("DROP TABLE bench_copy_floor")
            if copied != size:
                raise CommandError(f"COPY took {copied} of {size} rows")
            result["copy_out_floor"] = with_rate(child({"action": "copy_out", "call": call.code}, database), size)
            result["write_floor"] = with_rate(child({"action": "write_floor", "call": call.code}, database), size)
            if lines.count() != size:
                raise CommandError(f"the write floor put back {lines.count()} of {size} lines")
            result["import_to_copy"] = round(result["import"]["seconds"] / result["copy_floor"]["seconds"], 1)
            result["import_to_write_floor"] = round(result["import"]["seconds"] / result["write_floor"]["seconds"], 1)
            for file_format in ("csv", "xlsx"):
                result[f"export_{file_format}_to_copy"] = round(
                    result[f"export_{file_format}"]["seconds"] / result["copy_out_floor"]["seconds"], 1)
        else:
            result["copy_floor"] = {"skipped": "PostgreSQL only"}
        result["background_import"] = self.bench_background(size, directory, database)
        return result

    @staticmethod
    def bench_background(size: int, directory: Path, database: str) -> dict:
        """The admin's path for a large file: an ImportJob holding the file, run by the worker's task
        (exchange.tasks.run_import_job) in a fresh process, on awards of its own so that every line is new."""
        call, academies = create_awards(-(-size // MUNICIPALITIES_PER_REPORT), f"bench-bg-{size}")
        content = to_csv(final_report_rows(size, call.code, academies))
        job = ImportJob.objects.create(kind="finalreports", file_name=f"finalreports-{size}.csv", content=content,
                                       total_rows=size)
        del content
        close_connection()
        result = with_rate(child({"action": "background_import", "job": job.pk}, database), size)
        job.refresh_from_db()
        lines = FinalReportLine.objects.filter(report__award__application__call=call).count()
        if job.status != ImportJobStatus.DONE or lines != size:
            raise CommandError(f"the background import of {size} rows ended {job.status} with {lines} lines")
        return result


def close_connection() -> None:
    close_pool = getattr(connection, "close_pool", None)
    connection.close()
    if close_pool is not None and connection.settings_dict.get("OPTIONS", {}).get("pool"):
        close_pool()
