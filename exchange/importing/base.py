"""What every import/export format shares: the Kind base class and upsert planning (cells: exchange.importing.cells).

Every kind is one pipeline: read rows (a Table, see exchange.tables) -> validated values (`load()`: the kind's
rules, once, in Python, every cell and what its form checks) -> a plan of inserts, updates and unchanged rows ->
a writer (`write()`): bulk inserts and updates with their django-simple-history rows, one query per referenced
table (never one per row), all in the caller's transaction. Only the writer changes with the database: a kind whose
`streams()` is true takes the file as a StreamedTable, read once as it is checked, and keeps its plan outside
Python (the final reports' staged writer on PostgreSQL, see exchange.importing.finalreport_lines); the others get
the rows read into a Table first. Export yields exactly the import format. Rows are numbered as in the
spreadsheet: the header is row 1, the first data row is row 2."""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from academies.belgian import (
    text,
)
from exchange import messages
from exchange.changes import CellChange, PartCounts, RowChange, header_suggestion, tally
from exchange.errors import ErrorCollector, ImportFailed, RowError
from exchange.headers import HEADER_SEARCH_ROWS, header_key
from exchange.importing.cells import Cells
from exchange.importing.writing import create_all, update_all
from exchange.tables import StreamedTable, Table

PROGRESS_EVERY = 1000
PLACEHOLDER_HEADER = re.compile(r"^_\d+$")  # exchange.formats names the header-less columns of the admin's dataset
LIST_SEPARATORS = re.compile(r"[;,|\n]+")

ProgressCallback = Callable[[int, int], None]


@dataclass(frozen=True)
class Column:
    name: str
    aliases: tuple[str, ...] = ()
    required: bool = False


@dataclass(frozen=True)
class Writing:
    """Given to `check()` by a caller that writes the plan right after it, in the same transaction (`import_table`):
    a kind may then write as it checks (the final reports' lines, while the rest of the file is read), under a
    savepoint that a failed check rolls back, so that a failing file still writes nothing. `user` is the author
    of the history rows."""

    user: object = None


@dataclass
class RowOutcome:
    row: int
    outcome: str  # "new", "update" or "skip" (unchanged)
    label: str


@dataclass
class ImportSummary:
    kind: str
    total_rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    dry_run: bool = False
    rows: list[RowOutcome] = field(default_factory=list)
    keep_rows: bool = True  # the admin's preview lists every row; the command only needs the counts
    warnings: list[str] = field(default_factory=list)  # unrecognised headers, with a suggestion
    changes: list[RowChange] = field(default_factory=list)  # per changed record: old -> new per changed cell
    parts: dict[str, PartCounts] = field(default_factory=dict)  # counts per kind of record (reports, lines)

    def count(self, part: str, outcome: str) -> None:
        counts = self.parts.get(part)
        if counts is not None and outcome in ("new", "update", "skip"):
            name = {"new": "created", "update": "updated", "skip": "unchanged"}[outcome]
            setattr(counts, name, getattr(counts, name) + 1)

    def describe(self) -> str:
        """`2 eindrapportages (0 nieuw, 1 gewijzigd, 1 ongewijzigd), 402 regels (3 nieuw, …)`."""
        return ", ".join(counts.describe() for counts in self.parts.values())

    def describe_columns(self) -> list[str]:
        """`deelnemers: 12 waarden gewist, 3 gewijzigd` per changed column."""
        return [counts.describe(column) for column, counts in tally(self.changes).items()]

    def note_change(self, row: int | None, label: str, old: dict, new: dict, columns: dict[str, str]) -> None:
        """Record the changed fields of one record; `old` holds the stored values of the changed fields only,
        `columns` maps field -> column name."""
        if old:
            self.changes.append(RowChange(row, label, [CellChange(columns.get(name, name), value, new[name])
                                                       for name, value in old.items()]))

    def as_dict(self) -> dict:
        return {"kind": self.kind, "total_rows": self.total_rows, "created": self.created, "updated": self.updated,
                "unchanged": self.unchanged, "dry_run": self.dry_run, "description": self.describe(),
                "warnings": self.warnings, "columns": self.describe_columns()}


class Kind:
    """Base class: `columns` is the format; subclasses implement `load()` (parse + check, no writes),
    `write()` and `export_rows()`."""

    key: str
    model: type
    columns: tuple[Column, ...]
    field_columns: dict[str, str] = {}
    """Model field -> column of the import format, for the fields of optional columns and for the diff."""

    def part_names(self) -> dict[str, tuple[str, str]]:
        """The kinds of record a file holds, each with its (singular, plural) name; one by default."""
        meta = self.model._meta
        return {"rows": (str(meta.verbose_name), str(meta.verbose_name_plural))}

    def present(self, values: dict, columns: dict) -> dict:
        """`values` without the fields whose (optional) column is not in the file: an absent column leaves the
        stored value untouched, while an empty cell in a present column is "not reported"."""
        return {name: value for name, value in values.items()
                if self.field_columns.get(name) is None or self.field_columns[name] in columns}

    @property
    def label(self) -> str:
        return str(self.model._meta.verbose_name_plural)

    @property
    def import_permission(self) -> str:
        return f"{self.model._meta.app_label}.import_{self.model._meta.model_name}"

    @property
    def export_permission(self) -> str:
        return f"{self.model._meta.app_label}.export_{self.model._meta.model_name}"

    def header(self) -> list[str]:
        return [column.name for column in self.columns]

    def header_keys(self) -> dict[str, str]:
        """Header key (names and aliases) -> column name."""
        return {header_key(name): column.name for column in self.columns for name in (column.name, *column.aliases)}

    def has_required_columns(self, values: list) -> bool:
        keys = {header_key(value) for value in values if value not in (None, "")}
        return all(any(header_key(name) in keys for name in (column.name, *column.aliases))
                   for column in self.columns if column.required)

    def locate_header(self, table: Table) -> Table:
        """A title row (and blank rows) above the header: the header is the first of the first rows that holds
        every required column. Row numbers stay the spreadsheet's."""
        if isinstance(table, StreamedTable):
            return table.relocated(self.has_required_columns)
        if self.has_required_columns(table.headers):
            return table
        for position, (_number, values) in enumerate(table.rows[:HEADER_SEARCH_ROWS]):
            if self.has_required_columns(values):
                return Table(headers=[text(value) for value in values], rows=table.rows[position + 1:])
        return table

    def column_map(self, table: Table, errors: ErrorCollector, summary: "ImportSummary | None" = None) -> dict:
        by_name = self.header_keys()
        columns = {}
        for index, header in enumerate(table.headers):
            name = by_name.get(header_key(header))
            if name is not None and name not in columns:
                columns[name] = (index, str(header).strip())
            elif name is None and summary is not None and str(header or "").strip() \
                    and not PLACEHOLDER_HEADER.match(str(header)):
                summary.warnings.append(header_suggestion(str(header).strip(), by_name))
        for column in self.columns:
            if column.required and column.name not in columns:
                errors.add(1, column.name, _("this column is missing"))
        return columns

    def check(self, table: Table, *, progress: ProgressCallback | None = None,
              keep_rows: bool = True, strict: bool = False,
              writing: Writing | None = None) -> tuple["ImportSummary", object]:
        """Parse and check every row against the database (reads only, one query per referenced table, unless
        `writing`: see Writing) and plan the writes. Raises ImportFailed listing every error; with `strict`,
        unrecognised headers are errors."""
        table = self.locate_header(table)
        if isinstance(table, StreamedTable) and not self.streams():
            table = table.materialise()
        if not table:
            raise ImportFailed([RowError(None, None, messages.no_data_rows())])
        errors = ErrorCollector()
        summary = ImportSummary(kind=self.key, keep_rows=keep_rows, parts={
            key: PartCounts(singular, plural) for key, (singular, plural) in self.part_names().items()})
        columns = self.column_map(table, errors, summary)
        errors.raise_if_any()
        if strict and summary.warnings:
            raise ImportFailed([RowError(None, None, warning) for warning in summary.warnings])
        plan = self.load(table, columns, errors, summary, progress or (lambda done, total: None), writing)
        summary.total_rows = table.count if isinstance(table, StreamedTable) else len(table)
        if errors:
            self.discard(plan)
            errors.raise_if_any()
        summary.changes.sort(key=lambda change: change.row or 0)
        summary.rows.sort(key=lambda outcome: outcome.row)
        return summary, plan

    def import_table(self, table: Table, *, dry_run: bool = False, user=None,
                     progress: ProgressCallback | None = None, keep_rows: bool = True,
                     strict: bool = False) -> ImportSummary:
        """Check every row, then (unless `dry_run`) write. Raises ImportFailed listing all errors, before any write.
        Call inside `transaction.atomic()`: the writes of one file go together or not at all."""
        summary, plan = self.check(table, progress=progress, keep_rows=keep_rows, strict=strict,
                                   writing=None if dry_run else Writing(user))
        summary.dry_run = dry_run
        try:
            if not dry_run:
                self.write(plan, user)
        finally:
            self.discard(plan)
        if progress:
            progress(summary.total_rows, summary.total_rows)
        return summary

    def streams(self) -> bool:
        """Whether `load()` takes a StreamedTable as it comes (read once, row by row); otherwise the rows are
        read into a Table first."""
        return False

    def discard(self, plan) -> None:
        """Release what a plan holds outside Python (a staging table) once it is written or given up."""

    def rows(self, table: Table | StreamedTable, columns: dict, errors: ErrorCollector,
             progress: ProgressCallback) -> Iterator[Cells]:
        """The data rows as Cells; `progress(done, total)` every PROGRESS_EVERY rows (total 0: not known before the
        end, for a streamed table)."""
        total = len(table) if isinstance(table, Table) else 0
        for index, (number, values) in enumerate(table, start=1):
            yield Cells(number, values, columns, errors)
            if index % PROGRESS_EVERY == 0:
                progress(index, total)

    def load(self, table, columns, errors, summary, progress, writing: Writing | None = None):
        raise NotImplementedError

    def write(self, plan, user) -> None:
        raise NotImplementedError

    def export_rows(self, *, year: int | None = None, queryset=None) -> Iterator[list]:
        raise NotImplementedError

    def export_query(self, *, year: int | None = None, queryset=None):
        """The export as one query (`exchange.exporting.ExportQuery`), streamed from the database by the CSV
        export; None when the kind's rows are built in Python (`export_rows`)."""
        return None


def record(summary: ImportSummary, number: int, outcome: str, label: str, part: str = "rows") -> None:
    """Count a row's outcome: "new", "update", "skip" (unchanged) or "report" (a row with only report-level
    cells, counted with its report)."""
    summary.count(part, outcome)
    if summary.keep_rows:
        summary.rows.append(RowOutcome(number, "skip" if outcome == "report" else outcome, label))
    if outcome == "new":
        summary.created += 1
    elif outcome == "update":
        summary.updated += 1
    elif outcome == "skip":
        summary.unchanged += 1


def changed_fields(instance, values: dict) -> dict:
    """Set `values` on `instance`; returns the stored values of the fields that change ({field: old value})."""
    changed = {}
    for name, value in values.items():
        old = getattr(instance, name)
        if old != value:
            setattr(instance, name, value)
            changed[name] = old
    return changed


@dataclass
class UpsertPlan:
    """The plan of a kind keyed by a value of its own (code, year, academy and start date): new objects, changed
    ones and the fields that change."""

    creates: list = field(default_factory=list)
    updates: list = field(default_factory=list)
    update_fields: set = field(default_factory=set)

    def write(self, model, user, *, always: tuple[str, ...] = ()) -> None:
        """The writer of every such kind: bulk inserts and updates with their history rows (`always`: fields
        written with every update, e.g. `updated_at`)."""
        create_all(model, self.creates, user)
        update_all(model, self.updates, sorted(self.update_fields | set(always)), user)


def plan_upserts(existing: dict, parsed: list[tuple[int, object, str, dict]], summary, make: Callable,
                 field_columns: dict[str, str] | None = None) -> UpsertPlan:
    """Plan creates and updates for rows `(row number, key, label, values)` against `existing` (key -> stored
    object, read in one query); `make(key, values)` builds a new object. Unchanged rows are recorded as skipped,
    changed ones noted for the diff (`field_columns`: field -> column name)."""
    plan = UpsertPlan()
    for number, key, label, values in parsed:
        obj = existing.get(key)
        if obj is None:
            plan.creates.append(make(key, values))
            record(summary, number, "new", label)
        elif changed := changed_fields(obj, values):
            plan.updates.append(obj)
            plan.update_fields.update(changed)
            summary.note_change(number, label, changed, values, field_columns or {})
            record(summary, number, "update", label)
        else:
            record(summary, number, "skip", label)
    return plan


def plan_upserts_by_code(model, parsed: list[tuple[int, str, dict]], summary,
                         field_columns: dict[str, str] | None = None) -> UpsertPlan:
    """`plan_upserts` for rows `(row number, code, values)` of a model keyed by its `code`."""
    existing = {obj.code: obj for obj in model.objects.filter(code__in=[code for _number, code, _values in parsed])}
    return plan_upserts(existing, [(number, code, code, values) for number, code, values in parsed], summary,
                        lambda code, values: model(code=code, **values), field_columns)
