"""One final-report import pipeline, two writers (exchange.importing.finalreport_lines): the in-memory writer and the
staged writer (exchange.importing.staging) import the same files, failing ones included, with the same result, the
same messages and the same history. The staged writer runs here on every database (COPY, the sender thread and the
writes while reading are PostgreSQL's, tested in test_staged_import.py)."""

import pytest
from django.db import connection, transaction

from exchange.errors import ImportFailed
from exchange.importing import staging
from exchange.importing.finalreports import FinalReportKind
from exchange.services import import_file
from grants.models import FinalReport, FinalReportLine
from tests.exchange.helpers import csv_bytes
from tests.exchange.test_finalreport_import import HEADER
from tests.factories import StaffUserFactory

WRITERS = {"memory": False, "staged": True}

FIRST = [HEADER,
         ["oproep-2022", "academie-a", "ingediend", "44021", 4, 20, 10, 8, 1, 5],
         ["oproep-2022", "academie-a", "", "9300", 2, 10, "", "", "", ""],
         ["oproep-2022", "academie-b", "", "11002", 1, "", "", "", "", ""],
         ["oproep-2022", "academie-c", "aanvaard", "", "", "", "", "", "", 12]]
# Without the jongens/meisjes/andere columns: those stored values stay, and must still hold within the participants.
SECOND = [["oproep", "academie", "gemeente", "halve_dagen", "deelnemers"],
          ["oproep-2022", "academie-a", "44021", 4, 19],
          ["oproep-2022", "academie-a", "9300", 3, 10],
          ["oproep-2022", "academie-b", "11002", 1, ""],
          ["oproep-2022", "academie-b", "Sint-Niklaas", 2, 7]]
ERRORS = [HEADER,
          ["oproep-2022", "academie-a", "ingediend", "44021", 2, 10, 8, 5, "", 30],  # split of the line
          ["oproep-2022", "onbekend", "", "Nergenshuizen", -1, "", "", "", "", ""],
          ["oproep-2022", "academie-a", "", "Gent", 2, "", "", "", "", 31],  # duplicate of row 2; other total
          ["oproep-2022", "academie-b", "", "", 2, "", "", "", "", ""],  # a count without a municipality
          ["oproep-2023", "academie-b", "status?", "9300", "1.5", "", "", "", "", "x"],
          ["oproep-2022", "academie-c", "", "11002", 2, 10, "", "", "", ""],
          ["oproep-2022", "academie-c", "", "11002", 2, 10, "", "", "", ""],
          ["", "", "", "", "", "", "", "", "", ""],
          ["oproep-2022", "", "", "9300", 70000, "", "", "", "", ""],
          ["oproep-2022", "academie-c", "", "9300", 1, "", "", "", "", 5],
          ["oproep-2022", "academie-c", "", "Sint-Niklaas", 1, "", "", "", "", 6]]  # another total than row 11
MERGED_SPLIT = [["oproep", "academie", "gemeente", "deelnemers"], ["oproep-2022", "academie-a", "Gent", 18]]
DUPLICATES_ACROSS_CHUNKS = [*FIRST[:4],
                            ["oproep-2022", "academie-a", "", "Sint-Niklaas", 3, 7, "", "", "", ""],
                            ["oproep-2022", "academie-c", "", "44021", 1, 2, 1, 1, "", ""],
                            ["oproep-2022", "academie-c", "", "Gent", 1, "", "", "", "", ""],  # row 6 is 44021
                            ["oproep-2022", "academie-a", "", "44021", 1, "", "", "", "", ""],  # row 2
                            ["oproep-2022", "academie-b", "", "9300", 1, "", "", "", "", ""],
                            ["oproep-2022", "academie-b", "", "9300", 1, "", "", "", "", ""]]  # row 9
FILES = {"first": [FIRST], "reimport": [FIRST, FIRST], "partial": [FIRST, SECOND], "errors": [ERRORS],
         "merged split": [FIRST, MERGED_SPLIT], "duplicates across chunks": [DUPLICATES_ACROSS_CHUNKS],
         "after errors": [ERRORS, FIRST, SECOND]}


@pytest.fixture(params=sorted(WRITERS))
def writer(request, monkeypatch):
    monkeypatch.setattr(FinalReportKind, "staged", WRITERS[request.param])
    monkeypatch.setattr(staging.StagedLines, "chunk_rows", 2)  # every case crosses chunks
    return request.param


def outcome(files: list[list[list]], user) -> list:
    """What each import of `files` says (summary, rows, changes or every error) and what the database then holds
    (reports, lines and their history, without ids and dates)."""
    said = []
    for rows in files:
        try:
            summary = import_file(kind="finalreports", data=csv_bytes(rows), user=user)
        except ImportFailed as failure:
            said.append([str(error) for error in failure.row_errors])
        else:
            said.append((summary.describe(), summary.describe_columns(),
                         [(row.row, row.outcome, row.label) for row in summary.rows],
                         [change.describe() for change in summary.changes]))
    reports = sorted(FinalReport.objects.values_list("award__application__academy__code", "status",
                                                     "unattributed_participants"), key=repr)
    fields = ("report__award__application__academy__code", "municipality_id", "half_days", "participants", "boys",
              "girls", "other")
    lines = sorted(FinalReportLine.objects.values_list(*fields), key=repr)
    history = sorted(FinalReportLine.history.values_list("history_type", "history_user__username",
                                                         "history_change_reason", *fields[1:]), key=repr)
    report_history = sorted(FinalReport.history.values_list("history_type", "history_user__username", "status",
                                                            "unattributed_participants"), key=repr)
    return [said, reports, lines, history, report_history]


@pytest.mark.parametrize("files", sorted(FILES))
def test_both_writers_say_and_write_the_same(files, awarded_academies, monkeypatch):
    monkeypatch.setattr(staging.StagedLines, "chunk_rows", 2)
    user = StaffUserFactory(username="importer")
    outcomes = {}
    for name, staged in WRITERS.items():
        monkeypatch.setattr(FinalReportKind, "staged", staged)
        with transaction.atomic():
            outcomes[name] = outcome(FILES[files], user)
            transaction.set_rollback(True)
    assert outcomes["staged"] == outcomes["memory"]
    assert outcomes["memory"][0], files


class TestEachWriter:
    def test_errors_with_row_and_column_and_nothing_written(self, writer, awarded_academies):
        [errors], reports, lines, history, report_history = outcome([ERRORS], None)
        assert "rij 8, kolom 'gemeente': '11002' staat al op rij 7" in errors
        assert "rij 4, kolom 'gemeente': 'Gent' staat al op rij 2" in errors
        assert sum(error.startswith("rij 2,") for error in errors) == 1  # 8 + 5 > 10
        assert "rij 12, kolom 'niet_toewijsbaar_deelnemers': '6' verschilt van '5' op een eerdere rij van " \
            "dezelfde eindrapportage" in errors
        assert errors == sorted(errors, key=lambda error: int(error.split(",")[0].split()[1]))
        assert (reports, lines, history, report_history) == ([], [], [], [])
        assert staging_tables() == 0

    def test_partial_reimport_keeps_absent_columns_and_writes_history(self, writer, awarded_academies):
        [_first, second], _reports, lines, history, _report_history = outcome([FIRST, SECOND], None)
        assert second[0] == "2 eindrapportages (0 nieuw, 0 gewijzigd, 2 ongewijzigd), 4 regels (1 nieuw, 2 " \
            "gewijzigd, 1 ongewijzigd)"
        assert ("academie-a", "44021", 4, 19, 10, 8, 1) in lines
        assert [entry[0] for entry in history].count("~") == 2
        assert [entry[0] for entry in history].count("+") == 4
        assert staging_tables() == 0

    def test_merged_split_is_checked_against_the_stored_values(self, writer, awarded_academies):
        [_first, errors], *_rest = outcome([FIRST, MERGED_SPLIT], None)
        assert errors == ["rij 2, kolom 'deelnemers': Jongens + meisjes + andere/niet gespecificeerd (19) is meer "
                          "dan het aantal deelnemers (18)."]
        assert FinalReportLine.objects.get(municipality_id="44021").participants == 20

    def test_duplicates_within_and_across_chunks_name_the_first_row(self, writer, awarded_academies):
        [errors], reports, *_rest = outcome([DUPLICATES_ACROSS_CHUNKS], None)
        assert errors == ["rij 7, kolom 'gemeente': 'Gent' staat al op rij 6",
                          "rij 8, kolom 'gemeente': '44021' staat al op rij 2",
                          "rij 10, kolom 'gemeente': '9300' staat al op rij 9"]
        assert reports == []

    def test_a_dry_run_writes_nothing(self, writer, awarded_academies):
        summary = import_file(kind="finalreports", data=csv_bytes(FIRST), dry_run=True)
        assert summary.created == 3 + 3
        assert not FinalReport.objects.exists() and not FinalReportLine.objects.exists()
        assert staging_tables() == 0


def staging_tables() -> int:
    """The staging tables left on this connection (none once an import is written, failed or a dry run)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT count(*) FROM pg_class WHERE relname LIKE 'exchange_staging_%%' "
                           "AND relpersistence = 't'")
        else:
            cursor.execute("SELECT count(*) FROM sqlite_temp_master WHERE name LIKE 'exchange_staging_%%'")
        return cursor.fetchone()[0]
