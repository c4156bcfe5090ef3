"""What every import/export format shares: the Kind base class, cell reading and upsert planning.

Each kind reads a Table (see exchange.tables), checks every cell, and writes in bulk: one query per referenced
table (never one per row), bulk inserts and updates with their django-simple-history rows, all in the caller's
transaction. A kind whose `streams()` is true takes the file as a StreamedTable, read once as it is checked (the
final reports on PostgreSQL, see exchange.importing.staging); the others get the rows read into a Table first.
Export yields exactly the import format. Rows are numbered as in the spreadsheet: the header is row 1, the first
data row is row 2."""

import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import override

from academies.belgian import (
    FieldError,
    is_empty,
    parse_count,
    text,
)
from exchange import messages
from exchange.changes import CellChange, PartCounts, RowChange, header_suggestion, tally
from exchange.errors import ErrorCollector, ImportFailed, RowError
from exchange.headers import HEADER_SEARCH_ROWS, header_key
from exchange.tables import StreamedTable, Table

PROGRESS_EVERY = 1000
INVALID = object()
PLAIN_COUNTS: defaultdict[int, dict[str, int | None]] = defaultdict(lambda: {"": None})  # maximum -> text -> count
PLAIN_COUNTS_KEPT = 10_000
PLACEHOLDER_HEADER = re.compile(r"^_\d+$")  # exchange.formats names the header-less columns of the admin's dataset
SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")
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


class Cells:
    """One data row, read through the file's column map; parse errors go to the collector with row and column."""

    def __init__(self, number: int, values: list, columns: dict, errors: ErrorCollector):
        self.number, self.values, self.columns, self.errors = number, values, columns, errors
        self.ok = True

    def has(self, column: str) -> bool:
        return column in self.columns

    def raw(self, column: str):
        index, _header = self.columns.get(column, (None, None))
        if index is None or index >= len(self.values):
            return None
        return self.values[index]

    def header(self, column: str) -> str:
        return self.columns.get(column, (None, column))[1]

    def error(self, column: str | None, message: str) -> None:
        self.ok = False
        self.errors.add(self.number, self.header(column) if column else None, message)

    def clean_model(self, model, values: dict, columns: dict[str, str]) -> None:
        """Run `model.clean()`, the one home of its cross-field rules, on an unsaved instance built from `values`;
        each message goes to its spreadsheet column (`columns`: field name -> column; others to the row). Skipped
        when a value did not parse: that cell already has its error. Only clean(), not full_clean(): field checks
        are the parsers' and references are resolved in bulk, one query per table."""
        if any(value is INVALID for value in values.values()):
            return
        try:
            model(**values).clean()
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                for message in messages:
                    self.error(columns.get(field), message)

    def get(self, column: str, parser=text, *, required: bool = False, **kwargs):
        value = self.raw(column)
        if is_empty(value):
            if required:
                self.error(column, messages.value_required())
                return INVALID
            return None if parser is not text else ""
        try:
            return parser(value, **kwargs)
        except FieldError as error:
            self.error(column, str(error))
            return INVALID

    def text(self, column: str, *, required: bool = False) -> str:
        """The cell as stripped text ("" when empty)."""
        index = self.columns.get(column, (None,))[0]
        value = self.values[index] if index is not None and index < len(self.values) else None
        result = value.strip() if value.__class__ is str and value[:1] != "'" else text(value)
        if required and not result:
            self.error(column, messages.value_required())
        return result

    def counts(self, specs: list[tuple]) -> tuple:
        """Several count cells at once (see count_specs): an empty cell or plain digits on a fast path (the texts
        seen before, per maximum, from PLAIN_COUNTS), else the full parser."""
        values, size, result = self.values, len(self.values), []
        for index, column, maximum in specs:
            value = values[index] if index is not None and index < size else None
            if value.__class__ is str:
                known = PLAIN_COUNTS[maximum]
                if value in known:
                    result.append(known[value])
                    continue
                if len(value) < 10 and value.isdigit() and value.isascii() and int(value) <= maximum:
                    if len(known) < PLAIN_COUNTS_KEPT:
                        known[value] = int(value)
                    result.append(int(value))
                    continue
            if value is None:
                result.append(None)
            else:
                result.append(self.get(column, parse_count, maximum=maximum))
        return tuple(result)

    def get_text(self, column: str, *, max_length: int, required: bool = False) -> str:
        value = self.get(column, required=required)
        if value is not INVALID and len(value) > max_length:
            self.error(column, _("'%(value)s…' is longer than %(max)s characters") % {
                "value": value[:20], "max": max_length})
            return INVALID
        return value

    def get_code(self, column: str, *, max_length: int = 40) -> str:
        value = self.get_text(column, max_length=max_length, required=True)
        if value is not INVALID and not SLUG.match(value):
            self.error(column, _("'%(value)s' is not a valid code (letters, digits, - and _)") % {"value": value})
            return INVALID
        return value


DUTCH_CHOICES = {
    # Dutch words staff type in spreadsheets, whatever the translation catalogues say.
    "ontwerp": "draft", "ingediend": "submitted", "aanvaard": "accepted", "goedgekeurd": "accepted",
    "teruggestuurd": "returned", "academie": "academy_rollout", "uitrol": "academy_rollout",
    "partnerschap": "partnership_project", "gemeentelijke dienst": "municipal_service", "bibliotheek": "library",
    "maakbib": "library", "jeugdorganisatie": "youth_organisation", "wetenschapscentrum": "science_centre",
    "school": "school", "bedrijf": "company", "andere": "other",
}


def count_specs(columns: dict, wanted: list[tuple[str, int]]) -> list[tuple]:
    return [(columns.get(column, (None,))[0], column, maximum) for column, maximum in wanted]


def distinct_texts(table: Table, columns: dict, column: str) -> set[str]:
    index = columns.get(column, (None,))[0]
    if index is None:
        return set()
    return {text(value) for value in {values[index] for _number, values in table.rows if index < len(values)}}


def choice_parser(choices) -> Callable:
    """Accept a choice's key, or its label in Dutch or English, or a common Dutch word (case-insensitive)."""
    mapping = {word: key for word, key in DUTCH_CHOICES.items() if key in choices.values}
    for key, label in choices.choices:
        mapping[key.casefold()] = key
        for language in ("nl", "en"):
            with override(language):
                mapping[str(label).casefold()] = key

    def parse(value) -> str:
        key = mapping.get(text(value).casefold())
        if key is None:
            raise FieldError(_("'%(value)s' is not one of: %(choices)s") % {
                "value": text(value), "choices": ", ".join(choices.values)})
        return key

    return parse




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
    creates: list = field(default_factory=list)
    updates: list = field(default_factory=list)
    update_fields: set = field(default_factory=set)


def plan_upserts_by_code(model, parsed: list[tuple[int, str, dict]], summary,
                         field_columns: dict[str, str] | None = None) -> UpsertPlan:
    """Plan creates and updates for rows `(row number, code, values)` of a model keyed by its `code`, with one
    query for the existing rows; unchanged rows are recorded as skipped, changed ones noted for the diff
    (`field_columns`: field -> column name)."""
    existing = {obj.code: obj for obj in model.objects.filter(code__in=[code for _number, code, _values in parsed])}
    plan = UpsertPlan()
    for number, code, values in parsed:
        obj = existing.get(code)
        if obj is None:
            plan.creates.append(model(code=code, **values))
            record(summary, number, "new", code)
        elif changed := changed_fields(obj, values):
            plan.updates.append(obj)
            plan.update_fields.update(changed)
            summary.note_change(number, code, changed, values, field_columns or {})
            record(summary, number, "update", code)
        else:
            record(summary, number, "skip", code)
    return plan


def duplicate_message(value, row: int) -> str:
    return _("'%(value)s' already appears on row %(row)s") % {"value": value, "row": row}


def _duplicate(cells: Cells, column: str, seen: dict, key, value) -> bool:
    if key in seen:
        cells.error(column, duplicate_message(value, seen[key]))
        return True
    seen[key] = cells.number
    return False

