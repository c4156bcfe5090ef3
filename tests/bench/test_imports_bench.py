"""The import benchmark's floors: COPY of the same file in, COPY of the export's rows out."""

import io

import pytest
from django.core.management import call_command
from django.db import connection

from bench.importchild import copy_file, copy_out, take_out_lines, write_back_lines
from bench.management.commands.bench_imports import copy_floor, create_awards, final_report_rows, to_csv, with_rate
from exchange.services import export_file
from grants.models import FinalReport, FinalReportLine

pytestmark = pytest.mark.postgres


def test_copy_floors_take_the_file_and_give_the_exports_rows(database_owner, postgres_only, tmp_path):
    call, academies = create_awards(2, "bench-test")
    path = tmp_path / "finalreports.csv"
    path.write_bytes(to_csv(final_report_rows(300, call.code, academies)))

    copy_file(str(path))
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*), count(DISTINCT academy_code), sum(participants) FROM bench_copy_floor")
        copied = cursor.fetchone()

    call_command("import_data", "finalreports", str(path), stdout=io.StringIO())
    lines = FinalReportLine.objects.filter(report__award__application__call=call)
    assert copied == (300, 2, sum(line.participants or 0 for line in lines))

    exported = io.BytesIO()
    rows = export_file(kind="finalreports", stream=exported, file_format="csv",
                       queryset=FinalReport.objects.filter(award__application__call=call))
    assert rows == 300
    assert len(copy_out(call.code).splitlines()) == len(exported.getvalue().splitlines()) == 301


def test_write_floor_puts_the_same_lines_back_with_a_history_row_each(database_owner, postgres_only, tmp_path):
    call, academies = create_awards(2, "bench-floor")
    path = tmp_path / "finalreports.csv"
    path.write_bytes(to_csv(final_report_rows(300, call.code, academies)))
    call_command("import_data", "finalreports", str(path), stdout=io.StringIO())
    lines = FinalReportLine.objects.filter(report__award__application__call=call)
    before = sorted(lines.values_list("report_id", "municipality_id", "participants", "boys"))
    take_out_lines(call.code)
    assert not lines.exists() and not FinalReportLine.history.exists()
    write_back_lines()
    assert sorted(lines.values_list("report_id", "municipality_id", "participants", "boys")) == before
    assert FinalReportLine.history.filter(history_type="+").count() == 300


def test_rates_are_rows_per_second():
    assert with_rate({"seconds": 0.5}, 1000) == {"rows": 1000, "seconds": 0.5, "rows_per_second": 2000}


def test_copy_floor_of_the_benchmark(postgres_only):
    copy_floor([["c", "a", "", "44021", 1, 2, 1, 1, None, None]] * 10)
    with connection.cursor() as cursor:  # the temporary table lives until the test's transaction ends
        cursor.execute("SELECT count(*), min(municipality), sum(participants), count(other) FROM bench_copy_floor")
        assert cursor.fetchone() == (10, "44021", 20, 0)
