"""The one CSV writer and the one XLSX writer of the app (imports/exports and report annexes alike), neutralising
text a spreadsheet would run as a formula.

A text cell starting with =, +, -, @, tab or carriage return gets a leading apostrophe ('=HYPERLINK(…) and
'+32 2 553 00 00), the convention Excel and LibreOffice show as plain text; the importer removes that apostrophe
again. Numbers, amounts and dates are written as numbers and dates, never as text, so they are not touched.
CSV: UTF-8 with BOM, semicolon-separated, decimal comma - what Excel in a Belgian locale opens as-is."""

import csv
import datetime
import io
from collections.abc import Iterable, Iterator
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from academies.belgian import FORMULA_PREFIXES, neutralise_formula

CSV_DELIMITER = ";"
BOM = "\ufeff"


def csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise_formula(value)
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, Decimal | float):
        return str(value).replace(".", ",")
    if isinstance(value, (datetime.date, int)):
        return str(value)
    return neutralise_formula(str(value))


class _Line:
    """A file-like sink for csv.writer that hands back each written line."""

    def __init__(self):
        self.value = ""

    def write(self, value: str) -> None:
        self.value = value


_FORMULA_STARTS = frozenset(FORMULA_PREFIXES)


def _csv_row(row: list) -> list:
    """csv_cell() for a whole row, with the common types (text, whole numbers, empty) inlined for speed."""
    cells = []
    for value in row:
        kind = value.__class__
        if kind is str:
            cells.append("'" + value if value[:1] in _FORMULA_STARTS else value)
        elif kind is int or value is None:
            cells.append(value)  # csv writes None as an empty cell
        else:
            cells.append(csv_cell(value))
    return cells


def iter_csv(rows: Iterable[list]) -> Iterator[str]:
    """CSV text in chunks, for StreamingHttpResponse or a file."""
    sink = _Line()
    writer = csv.writer(sink, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    chunk = [BOM]
    for row in rows:
        writer.writerow(_csv_row(row))
        chunk.append(sink.value)
        if len(chunk) >= 1000:
            yield "".join(chunk)
            chunk = []
    if chunk:
        yield "".join(chunk)


def write_csv(rows: Iterable[list], stream) -> int:
    """Write to a binary stream; returns the number of data rows (header excluded)."""
    counter = [0]

    def counted():
        for row in rows:
            counter[0] += 1
            yield row

    for chunk in iter_csv(counted()):
        stream.write(chunk.encode("utf-8"))
    return max(counter[0] - 1, 0)


YEAR_HEADERS = frozenset({"jaar", "year"})
MONEY_FORMAT = "#,##0.00"
WHOLE_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.0"


def write_xlsx(rows: Iterable[list], stream, *, title: str = "data") -> int:
    """Write a one-sheet workbook (openpyxl write-only mode, constant memory); returns the data row count. The
    first row is the header: bold and frozen. Numbers stay numbers, with a format that a Belgian spreadsheet shows
    as 37.376 (whole numbers from 1.000 on, but not years), 464.500,00 (amounts: Decimal) and 64,4 (other
    fractions)."""
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet((title or "data")[:31])
    sheet.freeze_panes = "A2"
    count = 0
    years: set[int] = set()
    bold = Font(bold=True)
    styles = {}  # number format -> the style array of a cell with it, shared by every cell with that format
    for number_format in (WHOLE_FORMAT, MONEY_FORMAT, DECIMAL_FORMAT, "yyyy-mm-dd hh:mm", "yyyy-mm-dd"):
        prototype = WriteOnlyCell(sheet)
        prototype.number_format = number_format
        styles[number_format] = prototype._style
    for row in rows:
        count += 1
        cells = []
        if count == 1:
            years = {index for index, value in enumerate(row) if str(value).strip().casefold() in YEAR_HEADERS}
            for value in row:
                cell = WriteOnlyCell(sheet, value=neutralise_formula(value) if isinstance(value, str) else value)
                cell.font = bold
                cells.append(cell)
            sheet.append(cells)
            continue
        for index, value in enumerate(row):
            kind = value.__class__
            if kind is str:
                cells.append(neutralise_formula(value))
            elif value is None or kind is bool or (kind is int and (index in years or -1000 < value < 1000)):
                cells.append(value)  # below 1.000 a whole number looks the same without a format (and is faster)
            else:
                cell = WriteOnlyCell(sheet, value=value)
                if kind is int:
                    cell._style = styles[WHOLE_FORMAT]
                elif kind is Decimal:
                    cell._style = styles[MONEY_FORMAT]
                elif kind is float:
                    cell._style = styles[WHOLE_FORMAT if value.is_integer() else DECIMAL_FORMAT]
                elif isinstance(value, datetime.datetime):
                    cell._style = styles["yyyy-mm-dd hh:mm"]
                elif isinstance(value, datetime.date):
                    cell._style = styles["yyyy-mm-dd"]
                cells.append(cell)
        sheet.append(cells)
    workbook.save(stream)
    return max(count - 1, 0)


def export_bytes(rows: Iterable[list], file_format: str, *, title: str = "data") -> bytes:
    """The whole file: "xlsx" or (anything else) CSV."""
    if file_format == "xlsx":
        buffer = io.BytesIO()
        write_xlsx(rows, buffer, title=title)
        return buffer.getvalue()
    return "".join(iter_csv(rows)).encode("utf-8")
