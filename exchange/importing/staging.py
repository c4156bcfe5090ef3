"""The staged writer of the final-report import: the plan's lines in a temporary table, written set-based, so that
memory does not grow with the file. It decides nothing: exchange.importing.finalreport_lines decides every line
(new, changed with its merged values, unchanged, refused) and hands each chunk over with its `action`.

Each chunk goes into the staging table: on PostgreSQL by COPY into a chunk table, sent by a background thread on the
same connection while the next chunk is read and checked; elsewhere (SQLite) by an `INSERT` of the rows. The writes
are `INSERT … SELECT` and `UPDATE … FROM` from the staging table, each with its history rows (user, date, reason
"import"): on PostgreSQL in the same statement (a data-modifying CTE), elsewhere by a second statement.

When the plan is written in this transaction (`write_early`, PostgreSQL only, see exchange.importing.base.Writing),
each chunk's new lines are written with their history rows as soon as the chunk is staged, so that PostgreSQL writes
while Python reads: a new report gets its id from the table's sequence then (its row is inserted with the other
reports at the end; the lines' foreign key to it is checked at the commit, as it is deferred), under a savepoint
that `finish(ok=False)` rolls back, so a failing file still writes nothing."""

import csv
import io
import sys
import threading
import uuid
from concurrent.futures import Future, ThreadPoolExecutor

from django.db import DEFAULT_DB_ALIAS, DatabaseError, IntegrityError, connection, connections, transaction
from django.utils import timezone

from exchange import messages
from exchange.importing.finalreport_lines import LINE_FIELDS, NEW, UPDATE, Line
from grants.models import FinalReport, FinalReportLine

CHUNK_ROWS = 10_000
SWITCH_INTERVAL = 0.0005  # seconds; see SwitchInterval
COLUMNS = ("row integer NOT NULL, award_id bigint NOT NULL, report_id bigint, nis_code varchar(10) NOT NULL, "
           + ", ".join(f"{name} integer" for name in LINE_FIELDS) + ", line_id bigint, action char(1) NOT NULL")
VALUES = ", ".join(["%s"] * (6 + len(LINE_FIELDS)))


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


class StagedLines:
    """The staging table of one import on this connection (see the module's docstring)."""

    def __init__(self, *, write_early: bool = False, user=None, errors=()):
        """`errors`: the import's error list; once it holds one, no more lines are written early (the import fails,
        and a line with an error could break a constraint before its error is reported)."""
        self.postgres = connection.vendor == "postgresql"
        self.write_early = write_early and self.postgres and connection.in_atomic_block
        self.table = f"exchange_staging_{uuid.uuid4().hex[:12]}"
        self.chunk = f"{self.table}_chunk"
        self.user, self.errors = user, errors
        self.history_date = timezone.now()
        self.new_lines = self.changed_lines = self.written = 0
        self.reserved: dict[int, int] = {}  # award id -> the id taken for its new report (filled by the sender)
        self.reserving: set[int] = set()
        self.sender: ThreadPoolExecutor | None = None
        self.in_flight: Future | None = None
        self.savepoint = transaction.savepoint() if self.write_early else None
        with connection.cursor() as cursor:
            if self.postgres:
                # A chunk's statements are planned at a cost over jit_above_cost and compiled afresh every time
                # (0.3 s each); they gain nothing from it. Restored by finish() (local to the transaction, if any).
                cursor.execute("SELECT current_setting('jit'), set_config('jit', 'off', %s)",
                               [connection.in_atomic_block])
                self.jit = cursor.fetchone()[0]
                cursor.execute(f"CREATE TEMPORARY TABLE {self.chunk} ({COLUMNS})")
            cursor.execute(f"CREATE TEMPORARY TABLE {self.table} ({COLUMNS})")
        if self.postgres:
            self.db = connections[DEFAULT_DB_ALIAS]
            self.db.inc_thread_sharing()
            self.sender = ThreadPoolExecutor(max_workers=1, thread_name_prefix="exchange-staging")
            SwitchInterval.enter()

    chunk_rows = CHUNK_ROWS

    def stage(self, lines: list[Line]) -> None:
        """Keep a chunk of decided lines; with `write_early`, write its new lines now (PostgreSQL: sent by the
        sender thread once the chunk before it is sent)."""
        rows, awards, new_awards, new = [], [], set(), 0
        for line in lines:
            rows.append((line.row, line.award_id, line.report_id, line.nis_code, *line.values, line.line_id,
                         line.action))
            if line.action == NEW:
                new += 1
                if line.report_id is None:
                    new_awards.add(line.award_id)
                    if line.award_id not in self.reserving:
                        self.reserving.add(line.award_id)
                        awards.append(line.award_id)
            elif line.action == UPDATE:
                self.changed_lines += 1
        self.new_lines += new
        if not self.postgres:
            with connection.cursor() as cursor:
                cursor.executemany(f"INSERT INTO {self.table} VALUES ({VALUES})", rows)
            return
        text = io.StringIO()
        csv.writer(text, lineterminator="\n").writerows(rows)
        self.wait()
        write = self.write_early and not self.errors and new > 0
        self.in_flight = self.sender.submit(self.send, text.getvalue(), awards, sorted(new_awards), write)

    def wait(self) -> None:
        """Wait for the chunk in flight; an error of its statements is raised here."""
        if self.in_flight is not None:
            future, self.in_flight = self.in_flight, None
            future.result()

    def send(self, text: str, awards: list[int], new_awards: list[int], write: bool) -> None:
        """In the sender thread: take an id from the sequence for each report of `awards` (new, first seen in this
        chunk), COPY the chunk and move it into the staging table; with `write`, give the lines of the new reports
        (`new_awards`) their report's id and write the chunk's new lines with their history rows, in one
        statement."""
        with self.db.cursor() as cursor:
            if write and awards:
                cursor.execute("SELECT award_id, nextval(pg_get_serial_sequence(%s, %s)) FROM unnest(%s::bigint[]) "
                               "award_id", [FinalReport._meta.db_table, FinalReport._meta.pk.column, awards])
                self.reserved.update(cursor.fetchall())
            with cursor.cursor.copy(f"COPY {self.chunk} FROM STDIN WITH (FORMAT csv)") as copy:
                copy.write(text)
            if write:
                counts = ", ".join(f"c.{name}" for name in LINE_FIELDS)
                chunk = (f"c AS (SELECT c.row, c.award_id, COALESCE(c.report_id, k.report_id) AS report_id, "
                         f"c.nis_code, {counts}, c.line_id, c.action FROM {self.chunk} c LEFT JOIN "
                         "unnest(%s::bigint[], %s::bigint[]) k(award_id, report_id) ON k.award_id = c.award_id)")
                cursor.execute(f"WITH {chunk}, staged AS (INSERT INTO {self.table} SELECT * FROM c), "
                               f"{self.insert_sql('c')}",
                               [new_awards, [self.reserved[award_id] for award_id in new_awards],
                                *self.history_constants()])
                self.written += cursor.rowcount
            else:
                cursor.execute(f"INSERT INTO {self.table} SELECT * FROM {self.chunk}")
            cursor.execute(f"TRUNCATE {self.chunk}")

    def insert_sql(self, source: str) -> str:
        """SQL, the end of a WITH clause: the new lines of `source` (rows with their report's id), in file order,
        with a '+' history row each (params: history_constants); the row count is their number."""
        fields = ", ".join(LINE_FIELDS)
        names, values = _history_select("ins", "+")
        return (f"ins AS (INSERT INTO {FinalReportLine._meta.db_table} (report_id, municipality_id, {fields}) "
                f"SELECT s.report_id, s.nis_code, {', '.join(f's.{name}' for name in LINE_FIELDS)} "
                f"FROM {source} s WHERE s.action = '{NEW}' ORDER BY s.row RETURNING *) "
                f"INSERT INTO {FinalReportLine.history.model._meta.db_table} ({names}) SELECT {values} FROM ins")

    def history_constants(self) -> list:
        return [connection.ops.adapt_datetimefield_value(self.history_date), messages.history_reason(),
                getattr(self.user, "pk", None)]

    def first_rows(self, keys: list[tuple[int, str]]) -> dict[tuple[int, str], int]:
        """The first row of the file that named each (award id, NIS code) of `keys`, all staged already."""
        self.wait()
        awards, codes = sorted({award for award, _code in keys}), sorted({code for _award, code in keys})
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT award_id, nis_code, min(row) FROM {self.table} WHERE award_id IN "
                           f"({', '.join(['%s'] * len(awards))}) AND nis_code IN ({', '.join(['%s'] * len(codes))}) "
                           "GROUP BY award_id, nis_code", [*awards, *codes])
            return {(award, code): row for award, code, row in cursor.fetchall()}

    def report_ids(self) -> dict[int, int]:
        """Award id -> the id taken from the sequence for its new report while its lines were written early."""
        return self.reserved

    def finish(self, ok: bool) -> None:
        """The file is read: wait for the sender and stop it (raising the error of its last chunk, if any), and
        keep the lines written early when `ok`, else roll them back."""
        try:
            self.close()
        finally:
            if self.savepoint is not None:
                savepoint, self.savepoint = self.savepoint, None
                if ok and not self.errors:
                    transaction.savepoint_commit(savepoint)
                else:
                    transaction.savepoint_rollback(savepoint)

    def close(self) -> None:
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

    def write(self, reports_by_award: dict, user, present: tuple[bool, ...]) -> None:
        """The new lines unless they were written early (joined to their report by award), then the changed ones
        (the file's columns only), each with its history rows."""
        self.user = user
        with connection.cursor() as cursor:
            written = self.written if self.write_early else self._insert(cursor)
            if written != self.new_lines:  # another import wrote some of these lines meanwhile
                raise IntegrityError(f"{written} of {self.new_lines} new lines written")
            if self.changed_lines:
                self._update(cursor, present)

    def _insert(self, cursor) -> int:
        if not self.new_lines:
            return 0
        source = (f"(SELECT s.row, r.id AS report_id, s.nis_code, {', '.join(f's.{name}' for name in LINE_FIELDS)}, "
                  f"s.action FROM {self.table} s JOIN {FinalReport._meta.db_table} r ON r.award_id = s.award_id "
                  f"WHERE s.action = '{NEW}')")
        if self.postgres:
            cursor.execute(f"WITH {self.insert_sql(source)}", self.history_constants())
            return cursor.rowcount
        lines = FinalReportLine._meta.db_table
        cursor.execute(f"INSERT INTO {lines} (report_id, municipality_id, {', '.join(LINE_FIELDS)}) SELECT "
                       f"s.report_id, s.nis_code, {', '.join(f's.{name}' for name in LINE_FIELDS)} FROM {source} s "
                       "ORDER BY s.row")
        written = cursor.rowcount
        names, values = _history_select("l", "+")
        cursor.execute(f"INSERT INTO {FinalReportLine.history.model._meta.db_table} ({names}) SELECT {values} "
                       f"FROM {lines} l JOIN {source} s ON l.report_id = s.report_id AND l.municipality_id = "
                       "s.nis_code ORDER BY s.row", self.history_constants())
        return written

    def _update(self, cursor, present: tuple[bool, ...]) -> None:
        lines, history = FinalReportLine._meta.db_table, FinalReportLine.history.model._meta.db_table
        assignments = ", ".join(f"{name} = s.{name}" for name, here in zip(LINE_FIELDS, present, strict=True) if here)
        if self.postgres:
            names, values = _history_select("upd", "~")
            cursor.execute(f"WITH upd AS (UPDATE {lines} l SET {assignments} FROM {self.table} s "
                           f"WHERE l.id = s.line_id AND s.action = '{UPDATE}' RETURNING l.*) "
                           f"INSERT INTO {history} ({names}) SELECT {values} FROM upd", self.history_constants())
            return
        cursor.execute(f"UPDATE {lines} SET {assignments} FROM {self.table} s WHERE {lines}.id = s.line_id "
                       f"AND s.action = '{UPDATE}'")
        names, values = _history_select("l", "~")
        cursor.execute(f"INSERT INTO {history} ({names}) SELECT {values} FROM {lines} l JOIN {self.table} s "
                       f"ON l.id = s.line_id WHERE s.action = '{UPDATE}' ORDER BY s.row", self.history_constants())

    def discard(self) -> None:
        """Stop the sender after a failure elsewhere (its own error, if any, is not the one to report) and drop the
        tables; after a database error in the caller's transaction they go with the rollback."""
        try:
            self.finish(ok=False)
        except Exception:  # noqa: BLE001 - the failure being handled is the one to report
            pass
        try:
            with connection.cursor() as cursor:
                cursor.execute(f"DROP TABLE IF EXISTS {self.table}")
                if self.postgres:
                    cursor.execute(f"DROP TABLE IF EXISTS {self.chunk}")
        except DatabaseError:
            pass


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
