"""Read an uploaded spreadsheet into a header and rows, whatever Belgian office software wrote it.

CSV: UTF-8, UTF-8 with BOM, UTF-16 with BOM or Windows-1252; comma, semicolon or tab delimiter (detected from the
header line). XLSX: Excel and LibreOffice (first sheet; date cells come back as dates, numbers as numbers)."""

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from exchange import messages
from exchange.errors import ImportFailed, RowError

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy .xls


@dataclass
class Table:
    """`headers` as written in the file; `rows` yields (spreadsheet row number, values) for non-empty rows."""

    headers: list[str]
    rows: list[tuple[int, list]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.rows)


def normalise_header(header) -> str:
    text = "" if header is None else str(header)
    text = text.replace("\ufeff", "").strip().lower()
    return re.sub(r"[\s\-/]+", "_", text)


def decode_text(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def detect_delimiter(first_line: str) -> str:
    counts = {delimiter: first_line.count(delimiter) for delimiter in (";", ",", "\t")}
    best = max(counts, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


def _is_blank(values: list) -> bool:
    if all(value.__class__ is str for value in values):
        return not "".join(values).strip()
    return all(value is None or (isinstance(value, str) and not value.strip()) for value in values)


def read_csv(data: bytes, keep_blank: bool = False) -> Table:
    try:
        content = decode_text(data)
    except UnicodeDecodeError as error:
        raise ImportFailed([RowError(None, None, messages.not_csv_nor_xlsx())]) \
            from error
    if "\x00" in content:
        raise ImportFailed([RowError(None, None, messages.not_csv_nor_xlsx())])
    first_line = content.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(content, newline=""), delimiter=detect_delimiter(first_line))
    try:
        headers = next(reader, [])
        table = Table(headers=[str(header).replace("\ufeff", "").strip() for header in headers])
        for number, values in enumerate(reader, start=2):
            if keep_blank or not _is_blank(values):
                table.rows.append((number, values))
    except csv.Error as error:
        raise ImportFailed([RowError(reader.line_num or None, None,
                                     _("The CSV file is damaged: %(error)s") % {"error": error})]) from error
    return table


def read_xlsx(data: bytes, keep_blank: bool = False) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds of errors on damaged files
        raise ImportFailed([RowError(None, None, messages.xlsx_unreadable())]) from error
    try:
        sheet = workbook.worksheets[0]
        rows: Iterator = sheet.iter_rows(values_only=True)
        headers = list(next(rows, None) or [])
        while headers and headers[-1] is None:
            headers.pop()
        table = Table(headers=["" if header is None else str(header).strip() for header in headers])
        for number, values in enumerate(rows, start=2):
            values = list(values)
            if keep_blank or not _is_blank(values):
                table.rows.append((number, values))
    except Exception as error:
        raise ImportFailed([RowError(None, None, messages.xlsx_unreadable())]) from error
    finally:
        workbook.close()
    return table


def read_table(data: bytes, keep_blank: bool = False) -> Table:
    """CSV or XLSX, told apart by content (not by file name)."""
    if data.startswith(OLE_MAGIC):
        raise ImportFailed([RowError(None, None, _("Old Excel files (.xls) are not supported: save as .xlsx or "
                                                   "CSV."))])
    if data.startswith(XLSX_MAGIC):
        if not zipfile.is_zipfile(io.BytesIO(data)):
            raise ImportFailed([RowError(None, None, messages.xlsx_unreadable())])
        return read_xlsx(data, keep_blank)
    return read_csv(data, keep_blank)
