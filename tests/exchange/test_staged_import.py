"""The staged writer's own tests (exchange.importing.staging), the staged writer chosen on every database: a re-import
writes nothing, the staging tables are dropped, memory does not grow with the file. PostgreSQL only (skipped on
SQLite locally, a failure in CI): `TestWritesWhileReading`, COPY and the sender thread writing each chunk's new lines
while the rest of the file is read, and a refused write. What both writers share (the same result, messages and
history for the same files) is tested in test_finalreport_writers.py."""

import inspect
import io
import re
import sys
import tracemalloc

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.management.commands.bench_imports import create_awards, final_report_rows, to_csv
from exchange.errors import ImportFailed
from exchange.importing import staging
from exchange.importing.finalreports import FinalReportKind
from exchange.services import import_file
from grants.models import FinalReport, FinalReportLine
from reports.selectors.storage import versions_of
from tests.exchange.helpers import csv_bytes
from tests.exchange.test_finalreport_import import HEADER, history_counts
from tests.exchange.test_finalreport_writers import staging_tables

WRITE_TO_STORED_TABLE = re.compile(r'(INSERT INTO|UPDATE|DELETE FROM)\s+"?(grants|reports|academies)_', re.IGNORECASE)


def streamed(data: bytes, **options):
    return import_file(kind="finalreports", data=io.BytesIO(data), **options)


def failure_of(importer, data: bytes) -> list[tuple]:
    with pytest.raises(ImportFailed) as failure:
        importer(data)
    return sorted((error.row or 0, error.column or "", str(error)) for error in failure.value.row_errors)


@pytest.fixture(autouse=True)
def staged(monkeypatch):
    """The staged writer on every database (it is PostgreSQL's by default)."""
    monkeypatch.setattr(FinalReportKind, "staged", True)


class TestWrites:
    def test_reimport_runs_no_insert_nor_update(self, awarded_academies):
        data = csv_bytes([HEADER, ["oproep-2022", "academie-a", "ingediend", "44021", 4, 20, 10, 8, 1, 5],
                          ["oproep-2022", "academie-b", "", "9300", 2, 10, "", "", "", ""]])
        streamed(data)
        with CaptureQueriesContext(connection) as queries:
            summary = streamed(data)
        assert summary.describe() == "2 eindrapportages (0 nieuw, 0 gewijzigd, 2 ongewijzigd), 2 regels (0 nieuw, 0 " \
            "gewijzigd, 2 ongewijzigd)"
        writes = [query["sql"] for query in queries.captured_queries if WRITE_TO_STORED_TABLE.search(query["sql"])]
        assert any("exchange_staging_" in query["sql"] for query in queries.captured_queries)  # staged and sent
        assert writes == []

    def test_staging_table_is_dropped_after_a_dry_run_and_an_import(self, awarded_academies):
        data = csv_bytes([HEADER, ["oproep-2022", "academie-a", "", "44021", 4, 20, "", "", "", ""]])
        streamed(data, dry_run=True)
        assert staging_tables() == 0
        streamed(data)
        assert staging_tables() == 0
        assert FinalReportLine.objects.get().participants == 20


@pytest.mark.postgres
class TestWritesWhileReading:
    """A committed import writes each chunk's new lines while it reads the next (exchange.importing.staging); with
    chunks of two rows, every case crosses chunks."""

    @pytest.fixture(autouse=True)
    def small_chunks(self, monkeypatch):
        monkeypatch.setattr(staging.StagedLines, "chunk_rows", 2)

    LINES = [HEADER,
             ["oproep-2022", "academie-a", "ingediend", "44021", 4, 20, 10, 8, 1, 5],
             ["oproep-2022", "academie-a", "", "9300", 2, 10, "", "", "", ""],
             ["oproep-2022", "academie-b", "", "11002", 1, "", "", "", "", ""],
             ["oproep-2022", "academie-a", "", "Sint-Niklaas", 3, 7, "", "", "", ""],
             ["oproep-2022", "academie-c", "", "44021", 1, 2, 1, 1, "", ""]]

    def test_new_reports_and_lines_with_history_and_the_years_version(self, postgres_only, awarded_academies):
        version = versions_of([2022])["2022"]
        interval = sys.getswitchinterval()
        with CaptureQueriesContext(connection) as queries:
            summary = streamed(csv_bytes(self.LINES))
        assert summary.describe() == "3 eindrapportages (3 nieuw, 0 gewijzigd, 0 ongewijzigd), 5 regels (5 nieuw, " \
            "0 gewijzigd, 0 ongewijzigd)"
        writes = [query["sql"] for query in queries.captured_queries if WRITE_TO_STORED_TABLE.search(query["sql"])]
        assert len(writes) == 5  # three chunks' lines, each with their history, then the reports and theirs
        assert all("grants_finalreportline" in sql for sql in writes[:3])
        lines = FinalReportLine.objects.order_by("id")
        assert [(line.report.award.application.academy.code, line.municipality_id, line.participants)
                for line in lines] == [("academie-a", "44021", 20), ("academie-a", "41002", 10),
                                       ("academie-b", "11002", None), ("academie-a", "46021", 7),
                                       ("academie-c", "44021", 2)]
        assert FinalReport.objects.get(award=awarded_academies[0]).unattributed_participants == 5
        assert sorted(FinalReportLine.history.values_list("id", "history_type")) == [
            (line.id, "+") for line in lines]
        assert FinalReport.history.count() == 3
        assert versions_of([2022])["2022"] > version
        assert sys.getswitchinterval() == interval
        assert staging_tables() == 0

    def test_an_error_after_written_chunks_writes_nothing(self, postgres_only, awarded_academies):
        version = versions_of([2022])["2022"]
        rows = [*self.LINES, ["oproep-2022", "academie-b", "", "9300", "veel", "", "", "", "", ""]]
        assert failure_of(streamed, csv_bytes(rows)) == [
            (7, "halve_dagen", "rij 7, kolom 'halve_dagen': 'veel' is geen geheel getal")]
        assert (FinalReport.objects.count(), FinalReportLine.objects.count(), *history_counts()) == (0, 0, 0, 0)
        assert versions_of([2022])["2022"] == version
        assert staging_tables() == 0

    def test_a_refused_write_fails_the_import_and_writes_nothing(self, postgres_only, awarded_academies,
                                                                  monkeypatch):
        """As when another import wrote the same line meanwhile: the database refuses a chunk's write."""
        interval = sys.getswitchinterval()
        monkeypatch.setattr(staging.StagedLines, "insert_sql", lambda self, source: (
            "ins AS (SELECT %s::timestamptz, %s::text, %s::integer) "
            "INSERT INTO grants_finalreportline (report_id, municipality_id, half_days) VALUES (NULL, '44021', 0)"))
        [(_row, _column, message)] = failure_of(streamed, csv_bytes(self.LINES))
        assert message.startswith("De databank weigerde de import, er is niets weggeschreven")
        assert (FinalReport.objects.count(), FinalReportLine.objects.count(), *history_counts()) == (0, 0, 0, 0)
        assert sys.getswitchinterval() == interval
        assert staging_tables() == 0

    def test_lines_of_stored_reports_new_and_changed(self, postgres_only, awarded_academies):
        streamed(csv_bytes(self.LINES[:3]))
        summary = streamed(csv_bytes(self.LINES[:2] + [["oproep-2022", "academie-a", "", "9300", 2, 11, "", "", "",
                                                        ""]] + self.LINES[3:]))
        assert summary.describe() == "3 eindrapportages (2 nieuw, 0 gewijzigd, 1 ongewijzigd), 5 regels (3 nieuw, " \
            "1 gewijzigd, 1 ongewijzigd)"
        assert FinalReportLine.objects.count() == 5
        assert FinalReportLine.history.filter(history_type="~").count() == 1
        assert FinalReportLine.history.filter(history_type="+").count() == 5


def dry_run_peak(path) -> int:
    """The most memory Python held at once during a dry run of the file at `path`, streamed from disk."""
    tracemalloc.start()
    try:
        with path.open("rb") as source:
            import_file(kind="finalreports", data=source, dry_run=True, keep_rows=False)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_does_not_grow_with_the_file(db, tmp_path):
    call, academies = create_awards(400, "flat")
    paths = {}
    for rows in (1_000, 20_000, 100_000):
        paths[rows] = tmp_path / f"finalreports-{rows}.csv"
        paths[rows].write_bytes(to_csv(final_report_rows(rows, call.code, academies)))
    dry_run_peak(paths[1_000])  # first use: translations, resolver tables
    small, large = dry_run_peak(paths[20_000]), dry_run_peak(paths[100_000])
    assert large < small * 1.25 + 2**20, (small, large)
    assert large < 20 * 2**20  # the in-memory path held about 100 MB for 100,000 rows


def test_the_staged_writer_holds_no_rule():
    """The rules are decided once, in Python (exchange.importing.finalreport_lines); the staged writer is given the
    decided lines. A rule coded again in its SQL (a duplicate, a comparison with the stored line, a gender split)
    would show here."""
    source = inspect.getsource(staging).casefold()
    for rule in ("duplicate", "partition by", "is distinct from", "split", "clean(", "validationerror"):
        assert rule not in source, rule
