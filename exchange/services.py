"""Entry points used by the management commands, the admin and the background task."""

import io
from typing import BinaryIO

from django.conf import settings
from django.db import DataError, IntegrityError, transaction
from django.utils.translation import gettext as _

from academies.spreadsheets import write_xlsx
from exchange import messages
from exchange.errors import ImportFailed, RowError
from exchange.exporting import csv_chunks
from exchange.importing import get_kind
from exchange.importing.base import ImportSummary, ProgressCallback
from exchange.tables import CHUNK, StreamedTable, Table, open_table


def check_size(size: int) -> None:
    limit = settings.EXCHANGE_MAX_UPLOAD_BYTES
    if size > limit:
        raise ImportFailed([RowError(None, None, messages.file_too_large(size, limit))])


def open_upload(source: bytes | BinaryIO) -> StreamedTable:
    """The file (its bytes, or a seekable binary file object) as a table streamed row by row, after the size check
    and the check that it holds more than white space."""
    source = io.BytesIO(source) if isinstance(source, bytes | bytearray) else source
    check_size(source.seek(0, io.SEEK_END))
    source.seek(0)
    while chunk := source.read(CHUNK):
        if chunk.strip():
            break
    else:
        raise ImportFailed([RowError(None, None, _("The file is empty."))])
    source.seek(0)
    return open_table(source)


def read_upload(data: bytes) -> Table:
    return open_upload(data).materialise()


def import_table(*, kind: str, table: Table | StreamedTable, dry_run: bool = False, user=None,
                 progress: ProgressCallback | None = None, keep_rows: bool = True,
                 strict: bool = False) -> ImportSummary:
    """Import a table in one transaction: on any error ImportFailed is raised and nothing is written. With `strict`
    an unrecognised header is an error too (otherwise a warning in the summary)."""
    try:
        with transaction.atomic():
            return get_kind(kind).import_table(table, dry_run=dry_run, user=user, progress=progress,
                                               keep_rows=keep_rows, strict=strict)
    except (IntegrityError, DataError) as error:
        # Every cell was checked, so this is a concurrent change (e.g. the same file imported twice at once).
        raise ImportFailed([RowError(None, None, _("The database refused the import, nothing was written; was the "
                                                   "same data changed at the same time? (%(error)s)") % {
            "error": str(error).splitlines()[0]})]) from error


def import_file(*, kind: str, data: bytes | BinaryIO, dry_run: bool = False, user=None,
                progress: ProgressCallback | None = None, keep_rows: bool = True,
                strict: bool = False) -> ImportSummary:
    """`data` is the file's bytes or a seekable binary file object, read as the rows are checked (see
    exchange.tables.open_table). `keep_rows=False` skips the per-row outcomes (only the admin's preview shows
    them)."""
    get_kind(kind)
    return import_table(kind=kind, table=open_upload(data), dry_run=dry_run, user=user, progress=progress,
                        keep_rows=keep_rows, strict=strict)


def export_file(*, kind: str, stream, file_format: str = "csv", year: int | None = None, queryset=None) -> int:
    """Write the export of `kind` (optionally one year) to a binary stream; returns the number of data rows."""
    exchange_kind = get_kind(kind)
    if file_format == "xlsx":
        return write_xlsx(exchange_kind.export_rows(year=year, queryset=queryset), stream)
    counter = [0]
    for chunk in csv_chunks(exchange_kind, year=year, queryset=queryset, counter=counter):
        stream.write(chunk.encode("utf-8"))
    return counter[0]
