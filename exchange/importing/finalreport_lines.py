"""The municipality lines of a final-report import: the rules that decide each line, once, in Python, on every
database, and the in-memory writer.

`LinePlanner` takes the lines as the rows are checked, a chunk at a time (the writer's `chunk_rows`), and decides
each: a second line for the same report and municipality is an error naming the first row; a line of a stored
report is compared with the stored line (one query per chunk), its values merged with the stored ones where a
column is absent from the file, its gender split checked on the merged values; the others are new. It hands every
decided line to the writer, which keeps the plan (`MemoryLines` here, in lists; `StagedLines` in
exchange.importing.staging, in a temporary table) and writes it. A writer decides nothing: it is given each line
with its `action` and, for a changed line, the stored line's id and the merged values."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection

from exchange import messages
from exchange.importing.base import record
from exchange.importing.cells import duplicate_message
from exchange.importing.writing import insert_with_history, update_all
from grants.models import FinalReportLine, check_gender_split

LINE_FIELDS = ("half_days", "participants", "boys", "girls", "other")
NEW, UPDATE, SKIP, REFUSED = "n", "u", "s", "x"
LOOKUP_REPORTS = 2000


@dataclass(slots=True)
class Line:
    """One municipality line of the file. `report_id`: the stored report, None for a report the file creates;
    `values`: LINE_FIELDS (None where a count did not parse); `ok`: the row's cells are valid. The planner sets
    `action` (NEW, UPDATE, SKIP, REFUSED) and, for an UPDATE, `line_id` and the merged `values`."""

    row: int
    award_id: int
    report_id: int | None
    municipality: str
    nis_code: str
    values: tuple
    label: str
    ok: bool = True
    action: str = REFUSED
    line_id: int | None = None

    @property
    def key(self) -> tuple[int, str]:
        return self.award_id, self.nis_code


def split_error(instance, prefix: str = "") -> str | None:
    """The model's own gender-split rule on values merged from the file and the database (an absent column keeps
    the stored value, which the new participants must still hold)."""
    try:
        check_gender_split(instance, prefix)
    except ValidationError as error:
        return next(iter(error.message_dict.values()))[0]
    return None


def stored_lines(lines: list[Line]) -> dict[tuple[int, str], tuple]:
    """(report id, NIS code) -> (id, *LINE_FIELDS) of the stored lines that `lines` may change: one query per
    LOOKUP_REPORTS reports."""
    reports = sorted({line.report_id for line in lines if line.report_id is not None})
    codes = sorted({line.nis_code for line in lines if line.report_id is not None})
    found = {}
    with connection.cursor() as cursor:
        for start in range(0, len(reports), LOOKUP_REPORTS):
            batch = reports[start:start + LOOKUP_REPORTS]
            cursor.execute(f"SELECT report_id, municipality_id, id, {', '.join(LINE_FIELDS)} FROM "
                           f"{FinalReportLine._meta.db_table} WHERE report_id IN ({', '.join(['%s'] * len(batch))}) "
                           f"AND municipality_id IN ({', '.join(['%s'] * len(codes))})", [*batch, *codes])
            found.update(((row[0], row[1]), row[2:]) for row in cursor.fetchall())
    return found


class LinePlanner:
    """Decides the lines of one file (see the module's docstring). Python holds one chunk of lines and, per report,
    a bit mask of the municipalities its lines named, never a list of the file's lines."""

    def __init__(self, writer, *, present: tuple[bool, ...], summary, errors, field_columns: dict[str, str],
                 municipality_column: str):
        self.writer, self.present, self.summary, self.errors = writer, present, summary, errors
        self.field_columns = field_columns
        self.municipality_column = municipality_column  # the header of `gemeente` as the file writes it
        self.bits: dict[str, int] = {}  # NIS code -> its bit
        self.seen: dict[int, int] = {}  # award id -> bit mask of the municipalities named by its lines
        self.chunk: list[Line] = []
        self.chunk_rows = writer.chunk_rows
        self.firsts: dict[tuple[int, str], int] | None = None  # key -> first row in this chunk, once one repeats
        self.merges = not all(present)  # a column is absent: its stored value stays
        self.pending: list[Line] = []  # repeats of a line of an earlier chunk: first row asked of the writer

    def add(self, cells, line: Line) -> None:
        """A line of a row being checked; a repeat of an earlier line is refused at once (so that its row's
        report-level cells count nowhere), with the first row named now or, for an earlier chunk, at the flush."""
        bit = self.bits.setdefault(line.nis_code, len(self.bits))
        mask = self.seen.get(line.award_id, 0)
        if mask >> bit & 1:
            cells.ok = line.ok = False
            if self.firsts is None:  # the first repeat of this chunk
                self.firsts = {}
                for other in self.chunk:
                    self.firsts.setdefault(other.key, other.row)
            first = self.firsts.get(line.key)
            if first is None:
                self.pending.append(line)
            else:
                self.errors.add(line.row, self.municipality_column, duplicate_message(line.municipality, first))
        else:
            self.seen[line.award_id] = mask | 1 << bit
            line.ok = cells.ok
            if self.firsts is not None:
                self.firsts[line.key] = line.row
        self.chunk.append(line)
        if len(self.chunk) >= self.chunk_rows:
            self.flush()

    def flush(self) -> None:
        """Decide the chunk's lines and hand them to the writer."""
        chunk, pending = self.chunk, self.pending
        self.chunk, self.pending, self.firsts = [], [], None
        if pending:
            firsts = self.writer.first_rows([line.key for line in pending])
            for line in pending:
                self.errors.add(line.row, self.municipality_column,
                                duplicate_message(line.municipality, firsts[line.key]))
        stored = stored_lines([line for line in chunk if line.ok])
        for line in chunk:
            if line.ok:
                self.decide(line, stored.get((line.report_id, line.nis_code)))
        if chunk:
            self.writer.stage(chunk)

    def decide(self, line: Line, existing: tuple | None) -> None:
        if existing is None:
            line.action = NEW
            record(self.summary, line.row, "new", f"{line.label} / {line.nis_code}" if self.summary.keep_rows else "",
                   "lines")
            return
        old, values = existing[1:], line.values
        if self.merges:
            values = tuple(new if here else stored for new, stored, here in zip(values, old, self.present,
                                                                                strict=True))
        label = f"{line.label} / {line.nis_code}"
        if old == values:
            line.action = SKIP
            record(self.summary, line.row, "skip", label, "lines")
            return
        merged = dict(zip(LINE_FIELDS, values, strict=True))
        if message := split_error(FinalReportLine(**merged)):
            self.errors.add(line.row, self.field_columns["participants"], message)
        line.action, line.line_id, line.values = UPDATE, existing[0], values
        self.summary.note_change(line.row, label, {name: stored for name, stored, new in zip(
            LINE_FIELDS, old, values, strict=True) if stored != new}, merged, self.field_columns)
        record(self.summary, line.row, "update", label, "lines")


class MemoryLines:
    """The in-memory writer: the decided lines in lists, written at the end (SQLite, or any database when asked).
    It takes the whole file as one chunk."""

    chunk_rows = float("inf")

    def __init__(self):
        self.firsts: dict[tuple[int, str], int] = {}
        self.inserts: list[Line] = []
        self.updates: list[Line] = []

    def first_rows(self, keys: list[tuple[int, str]]) -> dict[tuple[int, str], int]:
        return {key: self.firsts[key] for key in keys}

    def stage(self, lines: list[Line]) -> None:
        for line in lines:
            self.firsts.setdefault(line.key, line.row)
            if line.action == NEW:
                self.inserts.append(line)
            elif line.action == UPDATE:
                self.updates.append(line)

    def finish(self, ok: bool) -> None:
        """Nothing is written while the file is read."""

    def report_ids(self) -> dict[int, int]:
        """Award id -> the id taken for its new report while reading: none here."""
        return {}

    def write(self, reports_by_award: dict, user, present: tuple[bool, ...]) -> None:
        insert_with_history(FinalReportLine, ["report_id", "municipality_id", *LINE_FIELDS],
                            [(reports_by_award[line.award_id].pk, line.nis_code, *line.values)
                             for line in self.inserts], user=user, reason=messages.history_reason())
        fields = [name for name, here in zip(LINE_FIELDS, present, strict=True) if here]
        update_all(FinalReportLine, [FinalReportLine(id=line.line_id, report_id=line.report_id,
                                                     municipality_id=line.nis_code,
                                                     **dict(zip(LINE_FIELDS, line.values, strict=True)))
                                     for line in self.updates], fields, user)

    def discard(self) -> None:
        self.inserts, self.updates = [], []

