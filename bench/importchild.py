"""One measurement of `bench_imports` in a fresh process: the import command, an export, or a PostgreSQL COPY of
the same file or rows, against the benchmark's scratch database, committed.

Run as `python -m bench.importchild JSON`; prints one JSON object: wall and CPU seconds of the action alone, and
the process's resident memory after Django setup and its peak (VmHWM), so the growth is the action's.
"""

import io
import json
import os
import resource
import sys
import time

COPY_COLUMNS = ("call_code text, academy_code text, status text, municipality text, half_days int, "
                "participants int, boys int, girls int, other int, unattributed_participants int")

# The export's columns, one line per final-report line, in the export's order.
EXPORT_COPY_SQL = """
COPY (
    SELECT c.code, ac.code, r.status, l.municipality_id, l.half_days, l.participants, l.boys, l.girls, l.other,
           r.unattributed_participants, r.unattributed_boys, r.unattributed_girls, r.unattributed_other
    FROM grants_finalreportline l JOIN grants_finalreport r ON r.id = l.report_id
    JOIN grants_award a ON a.id = r.award_id JOIN grants_application ap ON ap.id = a.application_id
    JOIN grants_call c ON c.id = ap.call_id JOIN academies_academy ac ON ac.id = ap.academy_id
    WHERE c.code = %s ORDER BY c.code, ac.code, l.municipality_id
) TO STDOUT WITH (FORMAT csv, DELIMITER ';', HEADER true)
"""


def memory_mb() -> tuple[float, float]:
    """(current, peak) resident memory of this process. The peak is the kernel's high-water mark of this process's
    own memory (VmHWM): `ru_maxrss` would include the parent's size at fork, which Linux carries across exec."""
    try:
        with open("/proc/self/status") as status:
            fields = dict(line.split(":", 1) for line in status if line.startswith(("VmRSS", "VmHWM")))
        return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024
    except (OSError, KeyError, ValueError):
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        return peak, peak


def copy_file(path: str) -> None:
    """The import's floor: the file itself into a plain table by COPY, committed."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE bench_copy_floor ({COPY_COLUMNS})")
        with open(path, "rb") as source, cursor.cursor.copy(
                "COPY bench_copy_floor FROM STDIN WITH (FORMAT csv, DELIMITER ';', HEADER true)") as copy:
            while chunk := source.read(1 << 20):
                copy.write(chunk)


def copy_out(call_code: str) -> bytes:
    """The export's floor: the same rows and columns by COPY TO STDOUT."""
    from django.db import connection

    stream = io.BytesIO()
    with connection.cursor() as cursor, cursor.cursor.copy(EXPORT_COPY_SQL, [call_code]) as copy:
        for chunk in copy:
            stream.write(chunk)
    return stream.getvalue()


def take_out_lines(call_code: str) -> None:
    """Before the write floor (not timed): the call's lines into a temporary table, then out of the lines table
    with their history rows."""
    from django.db import connection, transaction

    from grants.models import FinalReportLine

    lines, history = FinalReportLine._meta.db_table, FinalReportLine.history.model._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE bench_write_floor AS SELECT l.* FROM {lines} l "
                       "JOIN grants_finalreport r ON r.id = l.report_id JOIN grants_award a ON a.id = r.award_id "
                       "JOIN grants_application ap ON ap.id = a.application_id JOIN grants_call c ON c.id = ap.call_id "
                       "WHERE c.code = %s", [call_code])
        cursor.execute(f"DELETE FROM {history} WHERE id IN (SELECT id FROM bench_write_floor)")
        cursor.execute(f"DELETE FROM {lines} WHERE id IN (SELECT id FROM bench_write_floor)")
        cursor.execute("ANALYZE bench_write_floor")


def write_back_lines() -> None:
    """The import's write floor: the same lines and a history row each, by INSERT ... SELECT from a temporary
    table, committed (every index, check and deferred foreign-key check of the two tables; no reading, no
    checking)."""
    from django.db import connection, transaction

    from grants.models import FinalReportLine

    lines, history = FinalReportLine._meta.db_table, FinalReportLine.history.model._meta.db_table
    columns = "report_id, municipality_id, half_days, participants, boys, girls, other"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {lines} ({columns}) SELECT {columns} FROM bench_write_floor ORDER BY id")
        cursor.execute(f"INSERT INTO {history} (id, {columns}, history_date, history_change_reason, history_type) "
                       f"SELECT id, {columns}, now(), 'bench', '+' FROM bench_write_floor")


def memory_profile(path: str) -> dict:
    """Where the import's memory goes, measured with tracemalloc (slower, so not timed): the checked plan of a dry
    run, the file streamed from disk (on PostgreSQL the lines go to a staging table; elsewhere the rows are read
    into a table first). `peak_mb` is the most Python held at once, `current_mb` what the plan holds."""
    import tracemalloc

    from django.db import transaction

    from exchange.importing import get_kind
    from exchange.tables import open_table

    kind = get_kind("finalreports")
    tracemalloc.start()
    with open(path, "rb") as source, transaction.atomic():
        summary, plan = kind.check(open_table(source), keep_rows=False)
        current, peak = tracemalloc.get_traced_memory()
        kind.discard(plan)
    tracemalloc.stop()
    rows = summary.total_rows
    return {"rows": rows, "streamed": kind.streams(), "current_mb": round(current / 2**20, 1),
            "peak_mb": round(peak / 2**20, 1), "peak_bytes_per_row": round(peak / rows)}


def main(job: dict) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django
    from django.conf import settings

    django.setup()
    settings.DATABASES["default"]["NAME"] = job["database"]
    settings.DEBUG = False

    from django.core.management import call_command

    from exchange.services import export_file
    from grants.models import FinalReport

    action = job["action"]
    if action == "memory_profile":
        return memory_profile(job["path"])
    if action == "import":
        def run():
            call_command("import_data", "finalreports", job["path"], stdout=io.StringIO())
    elif action in ("export_csv", "export_xlsx"):
        def run():
            export_file(kind="finalreports", stream=io.BytesIO(), file_format=action.removeprefix("export_"),
                        queryset=FinalReport.objects.filter(award__application__call__code=job["call"]))
    elif action == "copy_in":
        def run():
            copy_file(job["path"])
    elif action == "copy_out":
        def run():
            copy_out(job["call"])
    elif action == "background_import":
        from exchange.tasks import run_import_job

        def run():
            result = run_import_job.call(job["job"])
            if "errors" in result:
                raise RuntimeError(f"the background import failed: {result}")
    elif action == "write_floor":
        take_out_lines(job["call"])

        def run():
            write_back_lines()
    else:
        raise ValueError(action)
    before, _peak = memory_mb()
    started, cpu_started = time.perf_counter(), time.process_time()
    run()
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    _current, peak = memory_mb()
    return {"seconds": round(seconds, 3), "python_cpu_seconds": round(cpu_seconds, 3),
            "peak_rss_mb": round(peak, 1), "rss_after_setup_mb": round(before, 1),
            "rss_growth_mb": round(peak - before, 1)}


if __name__ == "__main__":
    print(json.dumps(main(json.loads(sys.argv[1]))))
