"""A staging table on PostgreSQL for the final-report import, so that its memory does not grow with the file.

The rows are read as a stream (exchange.tables.StreamedTable) and each is checked in Python as it comes (the same
cell rules and Dutch messages as the in-memory path); the municipality lines go by COPY, a chunk at a time, into a
temporary table of this connection. What needs the whole file is then asked of PostgreSQL set-based: duplicate
lines (`row` and first row), new, changed and unchanged lines against the stored ones, the changed lines' old and
new values for the diff, and the gender split of a changed line merged with its stored values. The writes are
`INSERT … SELECT` and `UPDATE … FROM` from the staging table, each with its history rows in the same statement
(a data-modifying CTE), in the caller's transaction; a statement that would change nothing is not run. Python
holds one chunk of rows, the error list and what is per report (one entry per award), never a list of lines."""

import csv
import io
import uuid
from dataclasses import dataclass, field

from django.db import DatabaseError, IntegrityError, connection
from django.utils import timezone

from exchange import messages
from exchange.importing.base import record
from exchange.importing.writing import create_all, update_all
from grants.models import FinalReport, FinalReportLine

LINE_FIELDS = ("half_days", "participants", "boys", "girls", "other")
CHUNK_ROWS = 5000
STAGING_COLUMNS = ("row", "award_id", "municipality", "nis_code", *LINE_FIELDS)


@dataclass
class StagedPlan:
    """The plan of a streamed final-report import: reports as objects (one per award), lines in `table`."""

    table: str
    present: tuple[bool, ...]  # per LINE_FIELDS: is its column in the file (an absent one keeps the stored value)
    reports: list = field(default_factory=list)
    report_updates: list = field(default_factory=list)
    report_fields: set = field(default_factory=set)
    new_lines: int = 0
    changed_lines: int = 0


class Staging:
    """The temporary table of one import on this connection. Rows are buffered and copied CHUNK_ROWS at a time, so
    other queries (the progress of a background import) can run between chunks."""

    def __init__(self):
        self.table = f"exchange_staging_{uuid.uuid4().hex[:12]}"
        self.buffer: list[tuple] = []
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE TEMPORARY TABLE {self.table} (row integer NOT NULL, award_id integer NOT NULL, "
                           "municipality text NOT NULL, nis_code text NOT NULL, "
                           "half_days integer, participants integer, boys integer, girls integer, other integer)")

    def add(self, row: tuple) -> None:
        self.buffer.append(row)
        if len(self.buffer) >= CHUNK_ROWS:
            self.flush()

    def flush(self) -> None:
        """COPY the buffered rows in CSV format (written by the csv module; None is an empty field = NULL)."""
        if self.buffer:
            text = io.StringIO()
            csv.writer(text, lineterminator="\n").writerows(self.buffer)
            with connection.cursor() as cursor, cursor.cursor.copy(
                    f"COPY {self.table} ({', '.join(STAGING_COLUMNS)}) FROM STDIN WITH (FORMAT csv)") as copy:
                copy.write(text.getvalue())
            self.buffer = []

    def finish(self) -> None:
        self.flush()
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {self.table}")

    def duplicates(self) -> list[tuple[int, str, int]]:
        """(row, municipality as written, first row) for every line whose report and municipality an earlier row
        already has."""
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT row, municipality, first FROM (SELECT row, municipality, min(row) OVER "
                           f"(PARTITION BY award_id, nis_code) AS first FROM {self.table}) lines "
                           "WHERE row > first ORDER BY row")
            return cursor.fetchall()


def drop(table: str) -> None:
    """Drop the staging table; after a database error in the caller's transaction it goes with the rollback."""
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {table}")
    except DatabaseError:
        pass


def _with_lines(table: str) -> str:
    """SQL: the staged lines, each with its report (r, when stored) and its stored line (l, when there is one)."""
    return (f"{table} s LEFT JOIN {FinalReport._meta.db_table} r ON r.award_id = s.award_id "
            f"LEFT JOIN {FinalReportLine._meta.db_table} l ON l.report_id = r.id AND l.municipality_id = s.nis_code")


def _changed(present: tuple[bool, ...]) -> str:
    """SQL: the file's values differ from the stored line's in a column the file has."""
    names = [name for name, here in zip(LINE_FIELDS, present, strict=True) if here]
    if not names:
        return "false"
    return (f"({', '.join(f's.{name}' for name in names)}) IS DISTINCT FROM "
            f"({', '.join(f'l.{name}' for name in names)})")


def plan_lines(plan: StagedPlan, summary, errors, labels: dict[int, str], field_columns: dict[str, str],
               split_error) -> None:
    """Count new, changed and unchanged lines; note each changed line's old and new values (and check its gender
    split merged with the stored values); with `summary.keep_rows` every line's outcome, in row order."""
    table, present, changed = plan.table, plan.present, _changed(plan.present)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FILTER (WHERE l.id IS NULL), "
                       f"count(*) FILTER (WHERE l.id IS NOT NULL AND {changed}), count(*) "
                       f"FROM {_with_lines(table)}")
        plan.new_lines, plan.changed_lines, total = cursor.fetchone()
    columns = ", ".join(f"s.{name}, l.{name}" for name in LINE_FIELDS)
    query = (f"SELECT s.row, s.award_id, s.nis_code, l.id IS NULL, l.id IS NOT NULL AND {changed}, {columns} "
             f"FROM {_with_lines(table)}")
    if not summary.keep_rows:
        if not plan.changed_lines:
            _count(summary, "new", plan.new_lines)
            _count(summary, "skip", total - plan.new_lines)
            return
        _count(summary, "new", plan.new_lines)
        _count(summary, "skip", total - plan.new_lines - plan.changed_lines)
        query += f" WHERE l.id IS NOT NULL AND {changed}"
    cursor = connection.chunked_cursor()
    try:
        cursor.execute(query + " ORDER BY s.row")
        while rows := cursor.fetchmany(CHUNK_ROWS):
            for number, award_id, nis_code, new, update, *pairs in rows:
                label = f"{labels[award_id]} / {nis_code}"
                if not update:
                    record(summary, number, "new" if new else "skip", label, "lines")
                    continue
                stored = pairs[1::2]
                values = {name: pairs[2 * index] if here else stored[index]
                          for index, (name, here) in enumerate(zip(LINE_FIELDS, present, strict=True))}
                if message := split_error(FinalReportLine(**values)):
                    errors.add(number, field_columns["participants"], message)
                summary.note_change(number, label, {name: old for name, old in zip(LINE_FIELDS, stored, strict=True)
                                                    if old != values[name]}, values, field_columns)
                record(summary, number, "update", label, "lines")
    finally:
        cursor.close()


def _count(summary, outcome: str, count: int) -> None:
    """`count` lines with the same outcome, without a row each (record() for many rows at once)."""
    if not count:
        return
    counts = summary.parts["lines"]
    name = {"new": "created", "skip": "unchanged"}[outcome]
    setattr(counts, name, getattr(counts, name) + count)
    setattr(summary, name, getattr(summary, name) + count)


def _history_select(source: str, history_type: str) -> tuple[str, str]:
    """The history table's columns and the SELECT of them from `source` (rows of the lines table); the constants are
    parameters: date, change reason, user."""
    history = FinalReportLine.history.model._meta
    line_columns = {field.column for field in FinalReportLine._meta.concrete_fields}
    constants = {"history_date": "%s", "history_change_reason": "%s", "history_user_id": "%s",
                 "history_type": f"'{history_type}'"}
    names, values = [], []
    for history_field in history.concrete_fields:
        if history_field.attname == "history_id":
            continue
        names.append(history_field.column)
        values.append(f"{source}.{history_field.column}" if history_field.column in line_columns
                      else constants[history_field.attname])
    return ", ".join(names), ", ".join(values)


def write(plan: StagedPlan, user) -> None:
    """Reports as planned, then the new lines (`INSERT … SELECT`) and the changed ones (`UPDATE … FROM`, the file's
    columns only), each with its history rows ('+' and '~', user, date, reason)."""
    create_all(FinalReport, plan.reports, user)
    update_all(FinalReport, plan.report_updates, sorted(plan.report_fields), user)
    lines, table = FinalReportLine._meta.db_table, plan.table
    constants = [timezone.now(), messages.history_reason(), getattr(user, "pk", None)]
    reports = FinalReport._meta.db_table
    with connection.cursor() as cursor:
        history_table = FinalReportLine.history.model._meta.db_table
        if plan.new_lines:
            names, values = _history_select("ins", "+")
            cursor.execute(
                f"WITH ins AS (INSERT INTO {lines} (report_id, municipality_id, {', '.join(LINE_FIELDS)}) "
                f"SELECT r.id, s.nis_code, {', '.join(f's.{name}' for name in LINE_FIELDS)} "
                f"FROM {table} s JOIN {reports} r ON r.award_id = s.award_id "
                f"WHERE NOT EXISTS (SELECT 1 FROM {lines} l WHERE l.report_id = r.id "
                "AND l.municipality_id = s.nis_code) ORDER BY s.row RETURNING *) "
                f"INSERT INTO {history_table} ({names}) SELECT {values} FROM ins", constants)
            if cursor.rowcount != plan.new_lines:  # another import wrote some of these lines meanwhile
                raise IntegrityError(f"{cursor.rowcount} of {plan.new_lines} new lines written")
        if plan.changed_lines:
            names, values = _history_select("upd", "~")
            assignments = ", ".join(f"{name} = s.{name}" for name, here in zip(LINE_FIELDS, plan.present,
                                                                                 strict=True) if here)
            cursor.execute(
                f"WITH upd AS (UPDATE {lines} l SET {assignments} FROM {table} s JOIN {reports} r "
                "ON r.award_id = s.award_id WHERE l.report_id = r.id AND l.municipality_id = s.nis_code "
                f"AND {_changed(plan.present)} RETURNING l.*) "
                f"INSERT INTO {history_table} ({names}) SELECT {values} FROM upd", constants)
