"""Read an uploaded spreadsheet into a header and rows, whatever Belgian office software wrote it.

CSV: UTF-8, UTF-8 with BOM, UTF-16 with BOM or Windows-1252; comma, semicolon or tab delimiter (detected from the
first lines, so a title row above the header does not decide it); a cell longer than MAX_CELL_CHARS is refused
naming its row and column. XLSX: Excel and LibreOffice (first sheet; date cells come back as dates, numbers as
numbers, a formula cell as the value saved with it); a formula cell without a saved value is refused naming the
cell, and a workbook that unpacks to more than EXCHANGE_MAX_XLSX_INFLATED_MB is refused before it is read."""

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from exchange import messages
from exchange.errors import ImportFailed, RowError
from exchange.xlsx_inspection import inspect_xlsx

MAX_CELL_CHARS = 131_072  # the csv module's default field limit
DELIMITER_LINES = 10
XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy .xls


@dataclass
class Table:
    """`headers` as written in the file; `rows` yields (spreadsheet row number, values) for non-empty rows."""

    headers: list[str]
    rows: list[tuple[int, list]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.rows)


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


def detect_delimiter(text: str) -> str:
    """The delimiter used most on one of the first lines (the header, even below a title row); ',' when none."""
    best, best_count = ",", 0
    for line in text.split("\n", DELIMITER_LINES)[:DELIMITER_LINES]:
        for delimiter in (";", ",", "\t"):
            count = line.count(delimiter)
            if count > best_count:
                best, best_count = delimiter, count
    return best


def column_name(headers: list, index: int) -> str:
    """The header of a column as written in the file, or its spreadsheet letter when it has none."""
    from openpyxl.utils import get_column_letter

    header = headers[index] if index < len(headers) else None
    return str(header).strip() if header not in (None, "") else get_column_letter(index + 1)


def cell_too_large(number: int, headers: list, values: list) -> ImportFailed:
    index = next(index for index, value in enumerate(values) if len(value) > MAX_CELL_CHARS)
    return ImportFailed([RowError(number, column_name(headers, index), _(
        "cell too large: %(size)s characters, at most %(limit)s") % {
        "size": number_format(len(values[index]), use_l10n=True, force_grouping=True),
        "limit": number_format(MAX_CELL_CHARS, use_l10n=True, force_grouping=True)})])


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
    # The csv module's own limit would stop at an oversized cell without saying where; cells are measured below.
    csv.field_size_limit(max(csv.field_size_limit(), len(content) + 1))
    reader = csv.reader(io.StringIO(content, newline=""), delimiter=detect_delimiter(content[:100_000]))
    try:
        headers = next(reader, [])
        if sum(map(len, headers)) > MAX_CELL_CHARS:
            raise cell_too_large(1, [], headers)
        table = Table(headers=[str(header).replace("\ufeff", "").strip() for header in headers])
        for number, values in enumerate(reader, start=2):
            if sum(map(len, values)) > MAX_CELL_CHARS and max(map(len, values)) > MAX_CELL_CHARS:
                raise cell_too_large(number, table.headers, values)
            if keep_blank or not _is_blank(values):
                table.rows.append((number, values))
    except csv.Error as error:
        raise ImportFailed([RowError(reader.line_num or None, None,
                                     _("The CSV file is damaged: %(error)s") % {"error": error})]) from error
    return table


def read_xlsx(data: bytes, keep_blank: bool = False) -> Table:
    from openpyxl import load_workbook

    formulas = inspect_xlsx(data).formulas_without_value
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
    if formulas:
        raise ImportFailed([RowError(formula.row, column_name(table.headers, formula.column), _(
            "cell %(cell)s holds a formula without a computed value (%(formula)s): open and save the file in Excel "
            "or LibreOffice, or type the value") % {"cell": formula.coordinate, "formula": formula.formula})
            for formula in formulas])
    return table


def count_data_rows(data: bytes) -> int:
    """The number of rows below the header, for choosing between preview and background import: an XLSX sheet is
    counted from its XML stream without being loaded (formatted empty rows count too)."""
    if data.startswith(XLSX_MAGIC):
        return max(inspect_xlsx(data, formulas=False).rows - 1, 0)
    return len(read_table(data))


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
