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


def write_xlsx(rows: Iterable[list], stream, *, title: str = "data") -> int:
    """Write a one-sheet workbook (openpyxl write-only mode, constant memory); returns the data row count."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet((title or "data")[:31])
    count = 0
    for row in rows:
        count += 1
        cells = []
        for value in row:
            if isinstance(value, str):
                cells.append(neutralise_formula(value))
            elif isinstance(value, Decimal):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = "#,##0.00"
                cells.append(cell)
            elif isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = "yyyy-mm-dd"
                cells.append(cell)
            else:
                cells.append(value)
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
