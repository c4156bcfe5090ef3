"""Exports streamed from the database: a kind that defines its export as one query (`Kind.export_query`) is read
by `COPY (query) TO STDOUT` on PostgreSQL, as typed rows for XLSX and as CSV text for CSV, both formatted by the
app's one writer (`academies.spreadsheets`); nothing but the current chunk is held in memory. Elsewhere (SQLite)
the same query is read with a plain cursor, in batches."""

from collections.abc import Iterator
from dataclasses import dataclass

from django.db import connection

from academies.spreadsheets import iter_copied_csv, iter_csv

BATCH_ROWS = 5000


@dataclass(frozen=True)
class ExportQuery:
    """One SELECT giving an export's rows in order: its SQL and parameters, the PostgreSQL type of each column
    (for the typed rows) and the positions of its text columns (neutralised as formulas, see
    `academies.spreadsheets`)."""

    sql: str
    params: tuple
    types: tuple[str, ...]

    @property
    def text_columns(self) -> frozenset[int]:
        return frozenset(index for index, kind in enumerate(self.types) if kind == "text")


def query_rows(query: ExportQuery) -> Iterator[tuple]:
    """The query's rows as tuples of Python values: PostgreSQL's binary COPY read with the columns' types (the plan
    of a plain query, not a cursor's fast-start plan), batches of a cursor elsewhere."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY ({query.sql}) TO STDOUT (FORMAT binary)", query.params) as copy:
                copy.set_types(list(query.types))
                yield from copy.rows()
            return
        cursor.execute(query.sql, query.params)
        while batch := cursor.fetchmany(BATCH_ROWS):
            yield from batch


def csv_chunks(kind, *, year: int | None = None, queryset=None, counter: list | None = None) -> Iterator[str]:
    """The export of `kind` as CSV text in chunks, what `academies.spreadsheets.iter_csv` writes for its
    `export_rows`: from its query when it has one (`Kind.export_query`; on PostgreSQL `COPY … (FORMAT csv)` through
    `iter_copied_csv`), else from its rows. `counter[0]` counts the data rows written."""
    counter = [0] if counter is None else counter
    query = kind.export_query(year=year, queryset=queryset)
    if query is None:
        rows = kind.export_rows(year=year, queryset=queryset)
        yield from iter_csv(_counted([next(rows)], rows, counter))
    elif connection.vendor != "postgresql":
        yield from iter_csv(_counted([kind.header()], query_rows(query), counter))
    else:
        with connection.cursor() as cursor, cursor.cursor.copy(
                f"COPY ({query.sql}) TO STDOUT (FORMAT csv, DELIMITER ';')", query.params) as copy:
            yield from iter_copied_csv(kind.header(), copy, text_columns=query.text_columns, counter=counter)


def _counted(first: list, items, counter: list) -> Iterator:
    yield from first
    for item in items:
        counter[0] += 1
        yield item
