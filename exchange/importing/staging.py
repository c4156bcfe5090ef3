"""A staging table on PostgreSQL for the final-report import, so that its memory does not grow with the file.

The rows are read as a stream (exchange.tables.StreamedTable) and each is checked in Python as it comes (the same
cell rules and Dutch messages as the in-memory path); the municipality lines go a chunk at a time, by COPY into a
temporary chunk table, then into the staging table, sent by a background thread on the same connection while the
next chunk is read and checked. A line whose report is stored (or had lines in an earlier chunk) is looked up in
the unique index as it is staged (`line_id`: its stored line, NULL when new). What needs the whole file is then
asked of PostgreSQL set-based: duplicate lines (`row` and first row), new, changed and unchanged lines, the changed
lines' old and new values for the diff, and the gender split of a changed line merged with its stored values. The
writes are `INSERT … SELECT` and `UPDATE … FROM`, each with its history rows in the same statement (a
data-modifying CTE), in the caller's transaction; a statement that would change nothing is not run.

When the plan will be written in this transaction (`write_lines`, see exchange.importing.base.Writing), each
chunk's new lines are written with their history rows as soon as the chunk is staged, so that PostgreSQL writes
while Python reads: a new report gets its id from the table's sequence then (its row is inserted with the other
reports at the end; the lines' foreign key to it is checked at the commit, as it is deferred), and the caller rolls
back to a savepoint when a check fails, so a failing file still writes nothing. Python holds two chunks of rows,
the error list and what is per report (one entry per award), never a list of lines."""

import csv
import io
import sys
import threading
import uuid
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

from django.db import DEFAULT_DB_ALIAS, DatabaseError, IntegrityError, connection, connections
from django.utils import timezone

from exchange import messages
from exchange.importing.base import record
from exchange.importing.writing import create_all, update_all
from grants.models import FinalReport, FinalReportLine

LINE_FIELDS = ("half_days", "participants", "boys", "girls", "other")
CHUNK_ROWS = 10_000
SWITCH_INTERVAL = 0.0005  # seconds; see SwitchInterval
COUNTS = ", ".join(f"{name} integer" for name in LINE_FIELDS)


@dataclass
class StagedPlan:
    """The plan of a streamed final-report import: reports as objects (one per award), lines in `table`.
    `lines_written`: the number of new lines already written while staging, None when none were."""

    table: str
    present: tuple[bool, ...]  # per LINE_FIELDS: is its column in the file (an absent one keeps the stored value)
    history_date: object = None
    reports: list = field(default_factory=list)
    report_updates: list = field(default_factory=list)
    report_fields: set = field(default_factory=set)
    new_lines: int = 0
    changed_lines: int = 0
    lines_written: int | None = None
    all_new: bool = False  # every line new and written (Staging.all_new): nothing to compare


class SwitchInterval:
    """While any import's sender thread runs, the interpreter's thread switch interval is SWITCH_INTERVAL instead of
    the default 5 ms. The reading thread holds the interpreter (the GIL) almost all the time; the sender needs it
    briefly after each block of a COPY and each statement, and would wait up to a whole interval for it, with
    PostgreSQL idle meanwhile (measured: 2.1 s instead of 1.5 s for the 100,000 lines of the benchmark)."""

    lock = threading.Lock()
    users = 0
    saved = None

    @classmethod
    def enter(cls) -> None:
        with cls.lock:
            if cls.users == 0:
                cls.saved = sys.getswitchinterval()
                sys.setswitchinterval(min(cls.saved, SWITCH_INTERVAL))
            cls.users += 1

    @classmethod
    def leave(cls) -> None:
        with cls.lock:
            cls.users -= 1
            if cls.users == 0:
                sys.setswitchinterval(cls.saved)


def _tables(table: str) -> list[str]:
    """The temporary tables of one import: the staged lines and the chunk being sent."""
    return [table, f"{table}_chunk"]


class Staging:
    """The temporary tables of one import on this connection. Rows are buffered and sent CHUNK_ROWS at a time by one
    background thread that shares this thread's connection (psycopg serialises its use, so the lookups of the rows
    being read wait for the statement being run); at most one chunk is in flight while the next is read."""

    def __init__(self, *, write_lines: bool = False, user=None, errors=()):
        """`errors`: the import's error list; once it holds one, no more lines are written (the import fails, and
        a line with an error could break a constraint before its error is reported)."""
        self.table = f"exchange_staging_{uuid.uuid4().hex[:12]}"
        self.chunk = f"{self.table}_chunk"
        self.write_lines, self.user, self.errors = write_lines, user, errors
        self.history_date = timezone.now()
        self.buffer: list[tuple] = []
        self.keys: set[tuple[int, str]] = set()  # (award, NIS code) of the buffered lines
        self.awards: list[int] = []  # new reports of the buffered lines, to take an id for (write_lines only)
        self.reserving: set[int] = set()
        self.reserved: dict[int, int] = {}  # award id -> the id taken for its new report (filled by the sender)
        self.sent: set[int] = set()  # awards of the chunks sent (one entry per report)
        self.chunk_awards: set[int] = set()
        self.chunk_new: set[int] = set()  # awards of the buffered lines whose report is not stored
        self.sure_new = False  # a buffered line is new without asking (a new report, not in an earlier chunk)
        self.staged = self.written = 0
        with connection.cursor() as cursor:
            # A chunk's statements are planned at a cost over jit_above_cost and compiled afresh every time (0.3 s
            # each); they gain nothing from it. Restored when the sender stops (local to the transaction, if any).
            cursor.execute("SELECT current_setting('jit'), set_config('jit', 'off', %s)", [connection.in_atomic_block])
            self.jit = cursor.fetchone()[0]
            cursor.execute(f"CREATE TEMPORARY TABLE {self.chunk} (row integer NOT NULL, award_id bigint NOT NULL, "
                           f"report_id bigint, municipality text NOT NULL, nis_code varchar NOT NULL, {COUNTS}, "
                           "lookup boolean NOT NULL, repeated boolean NOT NULL)")
            cursor.execute(f"CREATE TEMPORARY TABLE {self.table} (LIKE {self.chunk}, line_id bigint)")
        self.db = connections[DEFAULT_DB_ALIAS]
        self.db.inc_thread_sharing()
        self.sender = ThreadPoolExecutor(max_workers=1, thread_name_prefix="exchange-staging")
        SwitchInterval.enter()
        self.in_flight: Future | None = None

    def add(self, number: int, award_id: int, report_id: int | None, municipality: str, nis_code: str,
            values: tuple) -> None:
        """A line (`values`: LINE_FIELDS); `report_id` None for a report that is not stored yet. The line is looked
        up among the stored ones (`lookup`) when its report is stored or an earlier chunk had lines of its report,
        so that a duplicate across chunks is found; a duplicate within the chunk is `repeated`. Neither is
        written: the duplicates are reported by `duplicates()`."""
        lookup = report_id is not None or award_id in self.sent
        key = (award_id, nis_code)
        repeated = key in self.keys
        self.keys.add(key)
        self.buffer.append((number, award_id, report_id, municipality, nis_code, *values, lookup, repeated))
        self.sure_new = self.sure_new or not (lookup or repeated)
        self.chunk_awards.add(award_id)
        if self.write_lines and report_id is None:
            self.chunk_new.add(award_id)
            if award_id not in self.reserving:
                self.reserving.add(award_id)
                self.awards.append(award_id)
        if len(self.buffer) >= CHUNK_ROWS:
            self.flush()

    def flush(self) -> None:
        """Hand the buffered rows, in CSV (written by the csv module; None is an empty field = NULL), to the sender,
        once the chunk before them is sent."""
        if self.buffer:
            text = io.StringIO()
            csv.writer(text, lineterminator="\n").writerows(self.buffer)
            self.wait()
            write = self.write_lines and not self.errors
            self.in_flight = self.sender.submit(self.send, text.getvalue(), self.awards, sorted(self.chunk_new), write,
                                                write and self.sure_new)
            self.staged += len(self.buffer)
            self.sent |= self.chunk_awards
            self.buffer, self.awards, self.keys, self.chunk_awards, self.chunk_new = [], [], set(), set(), set()
            self.sure_new = False

    def wait(self) -> None:
        """Wait for the chunk in flight; an error of its statements is raised here."""
        if self.in_flight is not None:
            future, self.in_flight = self.in_flight, None
            future.result()

    def send(self, text: str, awards: list[int], new: list[int], write: bool, at_once: bool) -> None:
        """In the sender thread: take an id from the sequence for each report of `awards` (new, first seen in this
        chunk), COPY the chunk and move it into the staging table, each looked-up line with its stored line's id;
        with `write`, give the lines of the new reports (`new`) their report's id and write the chunk's new lines
        with their history rows: in the same statement when the chunk surely has one (`at_once`), else by a second
        one if the first found any."""
        with self.db.cursor() as cursor:
            if write and awards:
                cursor.execute("SELECT award_id, nextval(pg_get_serial_sequence(%s, %s)) FROM unnest(%s::bigint[]) "
                               "award_id", [FinalReport._meta.db_table, FinalReport._meta.pk.column, awards])
                self.reserved.update(cursor.fetchall())
            with cursor.cursor.copy(f"COPY {self.chunk} FROM STDIN WITH (FORMAT csv)") as copy:
                copy.write(text)
            if not write:
                cursor.execute(f"INSERT INTO {self.table} {self.select(self.chunk)}")
            else:
                ids = [new, [self.reserved[award_id] for award_id in new]]
                chunk = (f"c AS (SELECT c.row, c.award_id, COALESCE(c.report_id, k.report_id) AS report_id, "
                         f"c.municipality, c.nis_code, {', '.join(f'c.{name}' for name in LINE_FIELDS)}, c.lookup, "
                         f"c.repeated FROM {self.chunk} c LEFT JOIN unnest(%s::bigint[], %s::bigint[]) "
                         "k(award_id, report_id) ON k.award_id = c.award_id)")
                staged = f"staged AS (INSERT INTO {self.table} {self.select('c')}"
                if at_once:
                    cursor.execute(f"WITH {chunk}, {staged}), {self.write_sql()}", [*ids, *self.history_constants()])
                    self.written += cursor.rowcount
                else:
                    cursor.execute(f"WITH {chunk}, {staged} RETURNING line_id, repeated) "
                                   "SELECT count(*) FROM staged WHERE line_id IS NULL AND NOT repeated", ids)
                    if cursor.fetchone()[0]:
                        cursor.execute(f"WITH {chunk}, {self.write_sql()}", [*ids, *self.history_constants()])
                        self.written += cursor.rowcount
            cursor.execute(f"TRUNCATE {self.chunk}")

    def all_new(self) -> bool:
        """Whether every staged line was new and written, each once (so none is a duplicate of another)."""
        return self.write_lines and self.written == self.staged

    @staticmethod
    def select(source: str) -> str:
        """SQL: the chunk's lines (`source`) as staging rows, a looked-up line with its stored line's id (from the
        unique index)."""
        return (f"SELECT c.*, CASE WHEN c.lookup THEN (SELECT l.id FROM {FinalReportLine._meta.db_table} l "
                f"WHERE l.report_id = c.report_id AND l.municipality_id = c.nis_code) END FROM {source} c")

    def write_sql(self) -> str:
        """SQL, the end of a WITH clause: the new lines of `c` (the chunk with its report ids): not `repeated`, and
        not found when looked up (a lookup in the unique index per line, never a scan of the lines), in file order,
        with a '+' history row each (params: history_constants); the row count is their number."""
        fields = ", ".join(LINE_FIELDS)
        lines = FinalReportLine._meta.db_table
        names, values = _history_select("ins", "+")
        return (f"ins AS (INSERT INTO {lines} (report_id, municipality_id, {fields}) "
                f"SELECT c.report_id, c.nis_code, {', '.join(f'c.{name}' for name in LINE_FIELDS)} "
                f"FROM c WHERE NOT c.repeated AND (NOT c.lookup OR (SELECT l.id FROM {lines} l "
                "WHERE l.report_id = c.report_id AND l.municipality_id = c.nis_code) IS NULL) ORDER BY c.row "
                "RETURNING *) "
                f"INSERT INTO {FinalReportLine.history.model._meta.db_table} ({names}) SELECT {values} FROM ins")

    def history_constants(self) -> list:
        return [self.history_date, messages.history_reason(), getattr(self.user, "pk", None)]

    def finish(self) -> None:
        self.flush()
        self.close()

    def close(self) -> None:
        """Wait for the sender and stop it; raises the error of its last chunk, if any."""
        if self.sender is None:
            return
        try:
            self.wait()
        finally:
            self.sender.shutdown()
            self.sender = None
            SwitchInterval.leave()
            self.db.dec_thread_sharing()
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT set_config('jit', %s, %s)", [self.jit, connection.in_atomic_block])
            except DatabaseError:
                if not connection.in_atomic_block:
                    raise
                # A chunk's statement failed and aborted the transaction: the setting goes with its rollback.

    def abandon(self) -> None:
        """Stop the sender after a failure elsewhere (its own error, if any, is not the one to report)."""
        try:
            self.close()
        except Exception:  # noqa: BLE001 - the failure being handled is the one to report
            pass

    def duplicates(self) -> list[tuple[int, str, int]]:
        """(row, municipality as written, first row) for every line whose report and municipality an earlier row
        already has."""
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT row, municipality, first FROM (SELECT row, municipality, min(row) OVER "
                           f"(PARTITION BY award_id, nis_code) AS first FROM {self.table}) lines "
                           "WHERE row > first ORDER BY row")
            return cursor.fetchall()


def drop(table: str) -> None:
    """Drop the staging tables; after a database error in the caller's transaction they go with the rollback."""
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {', '.join(_tables(table))}")
    except DatabaseError:
        pass


def _with_lines(table: str) -> str:
    """SQL: the staged lines, each with its stored line (l, when there is one)."""
    return f"{table} s LEFT JOIN {FinalReportLine._meta.db_table} l ON l.id = s.line_id"


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
    if plan.lines_written is not None and plan.all_new:
        plan.new_lines = total = plan.lines_written
    else:
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {table}")
            cursor.execute("SELECT count(*) FILTER (WHERE s.line_id IS NULL), "
                           f"count(*) FILTER (WHERE s.line_id IS NOT NULL AND {changed}), count(*) "
                           f"FROM {_with_lines(table)}")
            plan.new_lines, plan.changed_lines, total = cursor.fetchone()
    columns = ", ".join(f"s.{name}, l.{name}" for name in LINE_FIELDS)
    query = (f"SELECT s.row, s.award_id, s.nis_code, s.line_id IS NULL, s.line_id IS NOT NULL AND {changed}, "
             f"{columns} FROM {_with_lines(table)}")
    if not summary.keep_rows:
        if not plan.changed_lines:
            _count(summary, "new", plan.new_lines)
            _count(summary, "skip", total - plan.new_lines)
            return
        _count(summary, "new", plan.new_lines)
        _count(summary, "skip", total - plan.new_lines - plan.changed_lines)
        query += f" WHERE s.line_id IS NOT NULL AND {changed}"
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
    """Reports as planned (a new report with the id taken for it while staging, if any), then the new lines unless
    they were written while staging (`INSERT … SELECT`) and the changed ones (`UPDATE … FROM`, the file's columns
    only), each with its history rows ('+' and '~', user, date, reason)."""
    create_all(FinalReport, plan.reports, user)
    update_all(FinalReport, plan.report_updates, sorted(plan.report_fields), user)
    lines, table = FinalReportLine._meta.db_table, plan.table
    constants = [plan.history_date or timezone.now(), messages.history_reason(), getattr(user, "pk", None)]
    reports = FinalReport._meta.db_table
    history_table = FinalReportLine.history.model._meta.db_table
    with connection.cursor() as cursor:
        written = plan.lines_written
        if written is None and plan.new_lines:
            names, values = _history_select("ins", "+")
            cursor.execute(
                f"WITH ins AS (INSERT INTO {lines} (report_id, municipality_id, {', '.join(LINE_FIELDS)}) "
                f"SELECT r.id, s.nis_code, {', '.join(f's.{name}' for name in LINE_FIELDS)} "
                f"FROM {table} s JOIN {reports} r ON r.award_id = s.award_id WHERE s.line_id IS NULL "
                f"ORDER BY s.row RETURNING *) INSERT INTO {history_table} ({names}) SELECT {values} FROM ins",
                constants)
            written = cursor.rowcount
        if (written or 0) != plan.new_lines:  # another import wrote some of these lines meanwhile
            raise IntegrityError(f"{written} of {plan.new_lines} new lines written")
        if plan.changed_lines:
            names, values = _history_select("upd", "~")
            assignments = ", ".join(f"{name} = s.{name}" for name, here in zip(LINE_FIELDS, plan.present,
                                                                                 strict=True) if here)
            cursor.execute(
                f"WITH upd AS (UPDATE {lines} l SET {assignments} FROM {table} s WHERE l.id = s.line_id "
                f"AND {_changed(plan.present)} RETURNING l.*) "
                f"INSERT INTO {history_table} ({names}) SELECT {values} FROM upd", constants)
